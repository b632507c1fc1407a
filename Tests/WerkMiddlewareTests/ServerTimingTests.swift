import Synchronization
import Testing
import Werk
import WerkTesting
import WerkMiddleware

@Suite("serverTiming middleware")
struct ServerTimingTests {
    static let app = Request.application { request in
        if let wait = request.args.get("sleep", as: Int.self) { usleep(UInt32(wait * 1000)) }
        if request.path == "/stream" {
            return Response.stream { writer in
                try writer.write("a")
                usleep(150_000)
                try writer.write("b")
            }
        }
        if request.path == "/boom" { throw HTTPError.conflict() }
        return Response("ok", headers: ["Server-Timing": "db;dur=1.5"])
    }

    /// The `dur` of the `app` metric, in milliseconds.
    static func appDuration(_ response: Response) throws -> Double {
        let field = try #require(response.headers.values(for: "Server-Timing").first { $0.hasPrefix("app;") })
        return try #require(Double(field.dropFirst("app;dur=".count)))
    }

    @Test func addsTheAppsDurationAndKeepsTheAppsMetrics() throws {
        let client = Client(stack(serverTiming(slowerThan: nil), app: Self.app))
        let quick = try client.get("/")
        #expect(quick.headers.values(for: "Server-Timing").first == "db;dur=1.5")
        let quickMS = try Self.appDuration(quick)
        #expect(quickMS >= 0 && quickMS < 1000)
        let field = try #require(quick.headers.values(for: "Server-Timing").last)
        #expect(field.wholeMatch(of: #/app;dur=\d+\.\d{3}/#) != nil, "\(field)")
        let slow = try client.get("/?sleep=40")
        #expect(try Self.appDuration(slow) >= 40)
        let renamed = try Client(stack(serverTiming(metric: "total", slowerThan: nil), app: Self.app)).get("/")
        #expect(renamed.headers.values(for: "Server-Timing").last?.hasPrefix("total;dur=") == true)
    }

    @Test func slowRequestsGoToTheHookWithTheBodyTimeCounted() throws {
        let slow = Locked<[RequestTiming]>([])
        // Generous margins: the machine running the tests may be busy.
        let client = Client(stack(serverTiming(slowerThan: .milliseconds(100)) { timing in slow.withLock { $0.append(timing) } },
                                  app: Self.app))
        try client.get("/")
        try client.get("/?sleep=150")
        // The stream's app returns at once, but its body takes 150 ms more: slow in total.
        try client.get("/stream?x=1")
        try client.get("/boom?sleep=120")
        let timings = slow.withLock { $0 }
        #expect(timings.map(\.target) == ["/?sleep=150", "/stream?x=1", "/boom?sleep=120"])
        #expect(timings.map(\.status) == [200, 200, 409])
        #expect(timings[0].app >= .milliseconds(150) && timings[0].total >= timings[0].app)
        #expect(timings[1].total - timings[1].app >= .milliseconds(150))
        #expect(timings[0].logLine.wholeMatch(of: #/slow request: GET /\?sleep=150 200 in \d+\.\d ms \(app \d+\.\d ms\)\n/#) != nil)
    }

    @Test func anAppThatThrowsIsReportedAs500() throws {
        let slow = Locked<[RequestTiming]>([])
        let failing = AppFunction { _, _ in
            usleep(20_000)
            throw HTTPError.badRequest()
        }
        let app = stack(serverTiming(slowerThan: .milliseconds(10)) { timing in slow.withLock { $0.append(timing) } }, app: failing)
        var environ = try EnvironBuilder(path: "/x").makeEnviron()
        #expect(throws: HTTPError.self) { _ = try app(&environ, ResponseHead().startResponse) }
        #expect(slow.withLock { $0.map(\.status) } == [500])
    }
}

#if canImport(Glibc)
import Glibc
#endif
