import Testing
import Werk
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
