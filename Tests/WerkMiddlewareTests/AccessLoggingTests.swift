import Testing
import Werk
import WerkTesting
import WerkMiddleware

@Suite("accessLog middleware")
struct AccessLoggingTests {
    static let app = Request.application { request in
        switch request.path {
        case "/stream": return Response.stream { writer in try writer.write("12345"); try writer.write("678") }
        case "/boom": throw HTTPError.notFound()
        default: return Response("hello")
        }
    }

    @Test func oneLinePerRequestWithStatusBytesAndDuration() throws {
        let lines = Reports()
        let client = Client(stack(accessLog(write: lines.add), app: Self.app))
        try client.get("/hello?x=1")
        try client.get("/stream")
        try client.get("/boom")
        try client.head("/hello")
        let all = lines.all
        #expect(all.count == 4)
        let pattern = #/^127\.0\.0\.1 - - \[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\] "GET /hello\?x=1 HTTP/1\.1" 200 5 [\d.]+ms\n$/#
        #expect(all[0].wholeMatch(of: pattern) != nil, "\(all[0])")
        #expect(all[1].contains("\"GET /stream HTTP/1.1\" 200 8 "))
        #expect(all[2].contains("\"GET /boom HTTP/1.1\" 404 "))
        #expect(all[3].contains("\"HEAD /hello HTTP/1.1\" 200 - "))
    }

    @Test func anAppThatThrowsIsLoggedAs500() throws {
        let lines = Reports()
        let failing = stack(accessLog(write: lines.add), app: AppFunction { _, _ in throw HTTPError.badRequest() })
        var environ = try EnvironBuilder(path: "/x").makeEnviron()
        #expect(throws: HTTPError.self) { _ = try failing(&environ, ResponseHead().startResponse) }
        #expect(lines.all.count == 1 && lines.all[0].contains("\"GET /x HTTP/1.1\" 500 - "))
    }
}

@Suite("accessLog formats and request ids")
struct AccessLogFormatTests {
    static let clf = #"\[\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}\]"#

    static func lines(_ format: AccessLogFormat, _ requests: (Client) throws -> Void) rethrows -> [String] {
        let reports = Reports()
        let app = stack(accessLog(format: format, write: reports.add), requestID(generate: { "generated-id" }),
                        app: AccessLoggingTests.app)
        try requests(Client(app))
        return reports.all
    }

    @Test func commonIsExactlyCommonLogFormat() throws {
        let lines = try Self.lines(.common) { client in
            try client.get("/hello", headers: ["Referer": "https://example.com/", "User-Agent": "curl/8"])
            try client.get("/stream")
            try client.get("/boom")
        }
        let pattern = try Regex(#"^127\.0\.0\.1 - - "# + Self.clf + #" "GET /hello HTTP/1\.1" 200 5\n$"#)
        #expect(lines[0].wholeMatch(of: pattern) != nil, "\(lines[0])")
        #expect(lines[1].hasSuffix("\"GET /stream HTTP/1.1\" 200 8\n"))
        #expect(lines[2].contains("\"GET /boom HTTP/1.1\" 404 ") && !lines[2].contains("ms"))
    }

    @Test func combinedAddsRefererAndUserAgentEscaped() throws {
        let lines = try Self.lines(.combined) { client in
            try client.get("/hello", headers: ["Referer": "https://example.com/a", "User-Agent": "Evil \"agent\"\\x"])
            try client.get("/stream")
        }
        #expect(lines[0].hasSuffix("\"GET /hello HTTP/1.1\" 200 5 \"https://example.com/a\" \"Evil \\\"agent\\\"\\\\x\"\n"), "\(lines[0])")
        #expect(lines[1].hasSuffix("200 8 \"-\" \"-\"\n"))
    }

    @Test func standardCarriesTheDurationAndTheRequestID() throws {
        let lines = try Self.lines(.standard) { client in
            try client.get("/hello", headers: ["X-Request-Id": "from-proxy-42"])
            try client.get("/hello")
        }
        #expect(lines[0].wholeMatch(of: #/.*" 200 5 [\d.]+ms from-proxy-42\n/#) != nil, "\(lines[0])")
        #expect(lines[1].hasSuffix("ms generated-id\n"))
    }

    @Test func customFormatSeesEveryField() throws {
        let format = AccessLogFormat.custom { entry in
            "\(entry.status)|\(entry.bytes)|\(entry.requestLine)|\(entry.requestID ?? "-")|\(entry.remoteUser ?? "-")|\(entry.userAgent ?? "-")\n"
        }
        let reports = Reports()
        let setsUser: Middleware = { app in
            AppFunction { environ, startResponse in
                environ["REMOTE_USER"] = "ada"
                return try app(&environ, startResponse)
            }
        }
        // The request id comes from a middleware inside the log, the user from one further in.
        let client = Client(stack(accessLog(format: format, write: reports.add), requestID(generate: { "inner" }), setsUser,
                                  app: AccessLoggingTests.app))
        try client.get("/stream", headers: ["User-Agent": "ua"])
        try client.head("/hello")
        #expect(reports.all == ["200|8|GET /stream HTTP/1.1|inner|ada|ua\n", "200|0|HEAD /hello HTTP/1.1|inner|ada|-\n"])
    }

    @Test func errorsAndFailingStreamsKeepTheRightStatusAndSize() throws {
        let reports = Reports()
        let app = Request.application { request in
            if request.path == "/half" {
                return Response.stream { writer in
                    try writer.write("1234")
                    throw HTTPError.internalServerError()
                }
            }
            throw HTTPError.badRequest()
        }
        let client = Client(stack(accessLog(format: .common, write: reports.add), app: app))
        #expect(throws: HTTPError.self) { try client.get("/half") }
        try client.get("/bad")
        #expect(reports.all.count == 2)
        #expect(reports.all[0].hasSuffix("\"GET /half HTTP/1.1\" 200 4\n"), "\(reports.all[0])")
        #expect(reports.all[1].contains("\"GET /bad HTTP/1.1\" 400 "))
    }
}

/// What a client sends cannot drive the terminal showing the log: C0 and C1 control characters
/// (U+009B is CSI, U+009D OSC) are written as `\xhh`, as Werkzeug does.
@Suite("access log escaping")
struct AccessLogEscapingTests {
    @Test(arguments: [
        ("GET /a\u{1B}[2J HTTP/1.1", "GET /a\\x1b[2J HTTP/1.1"),
        ("GET /a\u{9B}2J\u{9D}0;PWNED\u{9C} HTTP/1.1", "GET /a\\x9b2J\\x9d0;PWNED\\x9c HTTP/1.1"),
        ("GET /\u{85}\u{A0}é\u{7F} HTTP/1.1", "GET /\\x85\u{A0}é\\x7f HTTP/1.1"),
        ("GET /\"q\"\\ HTTP/1.1", "GET /\\\"q\\\"\\\\ HTTP/1.1"),
        ("GET /plain/ü HTTP/1.1", "GET /plain/ü HTTP/1.1"),
    ])
    func controlCharactersAreEscaped(_ line: String, _ expected: String) {
        #expect(AccessLogEntry.escaped(line) == expected)
    }
}
