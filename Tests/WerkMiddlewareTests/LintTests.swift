import Synchronization
import Testing
import Werk
import WerkTesting
import WerkMiddleware

/// Lint reports, kept for assertions (a lock guards them).
final class Reports: Sendable {
    private let lines = Locked<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func add(_ line: String) { lines.withLock { $0.append(line) } }
}

@Suite("Lint middleware")
struct LintTests {
    static func app(_ body: @escaping @Sendable (inout Environ, StartResponse) throws -> Body) -> AppFunction { AppFunction(body) }

    @Test func aCorrectAppPasses() throws {
        let reports = Reports()
        let client = Client(stack(lint(report: reports.add), app: Request.application { _ in Response("fine") }))
        #expect(try client.get("/").text == "fine")
        #expect(try client.head("/").status == .ok)
        let streamed = Client(stack(lint(report: reports.add), app: Request.application { _ in
            var response = Response.stream { writer in try writer.write("abc") }
            response.contentLength = 3
            return response
        }))
        #expect(try streamed.get("/").text == "abc")
        #expect(reports.all.isEmpty)
    }

    @Test func brokenAppsAreCaught() throws {
        let cases: [(AppFunction, String)] = [
            (Self.app { _, _ in Body("x") }, "without calling start_response"),
            (Self.app { _, start in
                try start(.ok, try Headers([("Content-Type", "text/plain")]))
                try start(.ok, try Headers([("Content-Type", "text/plain")]))
                return Body("x")
            }, "second time"),
            (Self.app { _, start in try start(.ok, Headers()); return Body("x") }, "Content-Type"),
            (Self.app { _, start in try start(.noContent, Headers()); return Body("oops") }, "must not have a body"),
            (Self.app { _, start in
                try start(.ok, try Headers([("Content-Type", "text/plain"), ("Content-Length", "10")]))
                return Body("short")
            }, "Content-Length declared 10"),
            (Self.app { _, start in
                try start(.ok, try Headers([("Content-Type", "text/plain"), ("Content-Length", "2")]))
                return Body(stream: { writer in try writer.write("toolong") })
            }, "passes its Content-Length"),
            (Self.app { _, start in
                var headers = Headers()
                headers.addUnchecked("Content-Type", "text/plain")
                headers.addUnchecked("Connection", "close")
                try start(.ok, headers)
                return Body("x")
            }, "hop-by-hop"),
        ]
        for (app, expected) in cases {
            let error = try #require(throws: LintError.self) { try Client(stack(lint(), app: app)).get("/") }
            #expect(error.message.contains(expected), "\(error.message)")
        }
    }

    @Test func badEnvironsAreCaught() throws {
        let app = stack(lint(), app: Request.application { _ in Response("x") })
        for (name, value) in [("PATH_INFO", "no-slash"), ("SCRIPT_NAME", "/app/"), ("wsgi.url_scheme", "ftp"),
                              ("SERVER_PROTOCOL", "SPDY/3"), ("REQUEST_METHOD", "GE T")] {
            var environ = try EnvironBuilder().makeEnviron()
            environ[name] = value
            #expect(throws: LintError.self, "\(name)") { _ = try app(&environ, ResponseHead().startResponse) }
        }
    }

    @Test func closingTwiceOrNeverIsReported() throws {
        let reports = Reports()
        let app = stack(lint(report: reports.add), app: Request.application { _ in Response("x") })
        do {
            var environ = try EnvironBuilder().makeEnviron()
            let body = try app(&environ, ResponseHead().startResponse)
            body.close()
            body.close()
        }
        #expect(reports.all == ["lint: the response body was closed 2 times; PEP 3333 says once"])
        do {
            var environ = try EnvironBuilder().makeEnviron()
            _ = try app(&environ, ResponseHead().startResponse)  // never closed
        }
        #expect(reports.all.last == "lint: the response body was never closed (PEP 3333)")
    }
}
