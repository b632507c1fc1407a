#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
@testable import Werk
import WerkTesting

/// Async handlers: a worker thread runs each as a task and waits; the cooperative pool is
/// never the one waiting, and a call from inside a task is refused instead of deadlocking.
@Suite("Async handlers")
struct AsyncHandlerTests {
    static let counter = VisitCounter()

    static let router = {
        var router = Router()
        router.get("/sleep") { request async throws in
            try await Task.sleep(for: .milliseconds(5))
            return Response("slept \(request.args["n"] ?? "-")")
        }
        router.get("/pair") { _ async throws in
            async let a = Self.slowValue("a", milliseconds: 20)
            async let b = Self.slowValue("b", milliseconds: 20)
            return try await Response(a + b)
        }
        router.get("/count") { _ async in Response("visit \(await Self.counter.next())") }
        router.get("/users/<int:id>") { (request: Request, id: Int) async throws in
            await Task.yield()
            return try .json(["id": id])
        }
        router.get("/values/<name>") { request, values async throws in Response(values.string("name") ?? "") }
        router.get("/teapot") { _ async throws -> Response in
            try await Task.sleep(for: .milliseconds(1))
            throw HTTPError.imATeapot("short and stout")
        }
        router.get("/fail") { _ async throws -> Response in
            struct Broken: Error {}
            await Task.yield()
            throw Broken()
        }
        router.get("/sync") { _ in Response("sync") }
        // No `async` written: a closure that awaits is inferred async and picks the async overload.
        router.get("/inferred") { request in
            await Task.yield()
            return Response("inferred")
        }
        router.get("/inferred/<int:id>") { (request: Request, id: Int) in
            Response(try await Self.slowValue("id \(id)", milliseconds: 1))
        }
        router.post("/echo") { request async throws in
            await Task.yield()
            return Response(try request.form.require("text"))
        }
        return router
    }()

    static func slowValue(_ value: String, milliseconds: Int) async throws -> String {
        try await Task.sleep(for: .milliseconds(milliseconds))
        return value
    }

    @Test func awaitingHandlersAnswerThroughTheClient() async throws {
        let (sleep, pair, user, values, echo) = try await onWorkerThread {
            let client = Client(Self.router)
            return (try client.get("/sleep?n=3"), try client.get("/pair"), try client.get("/users/7"),
                    try client.get("/values/x"), try client.post("/echo", form: [("text", "hi")]))
        }
        #expect(try sleep.text == "slept 3")
        #expect(try pair.text == "ab")
        #expect(try user.contentType == "application/json" && (user.text) == #"{"id":7}"#)
        #expect(try values.text == "x")
        #expect(try echo.text == "hi")
        let (inferred, inferredTyped) = try await onWorkerThread {
            let client = Client(Self.router)
            return (try client.get("/inferred"), try client.get("/inferred/5"))
        }
        #expect(try inferred.text == "inferred" && inferredTyped.text == "id 5")
    }

    @Test func errorsBecomeResponses() async throws {
        let (teapot, fail, missing) = try await onWorkerThread {
            let client = Client(Self.router)
            return (try client.get("/teapot"), try client.get("/fail"), try client.post("/echo", form: []))
        }
        #expect(try teapot.status == .imATeapot && (teapot.text).contains("short and stout"))
        #expect(try fail.status == .internalServerError && !(fail.text).contains("Broken"))
        #expect(try missing.status == .badRequest && (missing.text).contains("&#39;text&#39;"))
    }

    @Test func headIsServedByAnAsyncGet() async throws {
        let head = try await onWorkerThread { try Client(Self.router).head("/sleep?n=1") }
        #expect(head.status == .ok && head.headers["Content-Length"] == "7")
        #expect(try head.data.isEmpty)
    }

    /// A synchronous closure picks the synchronous overload: it runs inside a task (this test
    /// is one) without the bridge, where an async one would be refused.
    @Test func synchronousClosuresStaySynchronous() throws {
        #expect(withUnsafeCurrentTask { $0 != nil })
        let client = Client(Self.router)
        #expect(try client.get("/sync").text == "sync")
    }

    @Test func calledFromInsideATaskIsRefusedNotDeadlocked() throws {
        let client = Client(Self.router)
        let response = try client.get("/sleep")
        #expect(response.status == .internalServerError)
        #expect(client.errorOutput.contains("from inside a Swift task"))
        #expect(client.errorOutput.contains("onWorkerThread"))
        let app = AsyncAppFunction { _, startResponse in
            try startResponse(.ok, [:])
            return Body("x")
        }
        #expect(throws: AsyncHandlerError.self) { try Client(app).get("/") }
    }

    /// Many worker threads at once (far more than the cooperative pool has), each serving
    /// handlers that sleep, run `async let`s and await an actor: all finish, none is lost.
    @Test func manyThreadsConcurrently() async throws {
        let threads = 24, requestsPerThread = 20
        let before = await Self.counter.total
        let results = try await withDeadline(seconds: 120) {
            try await withThrowingTaskGroup(of: [String].self) { group in
                for thread in 0..<threads {
                    group.addTask {
                        try await onWorkerThread {
                            let client = Client(Self.router)
                            var texts: [String] = []
                            for index in 0..<requestsPerThread {
                                switch index % 3 {
                                case 0: texts.append(try client.get("/sleep?n=\(thread)-\(index)").text)
                                case 1: texts.append(try client.get("/pair").text)
                                default: texts.append(try client.get("/count").text)
                                }
                            }
                            return texts
                        }
                    }
                }
                var all: [[String]] = []
                for try await texts in group { all.append(texts) }
                return all
            }
        }
        #expect(results.count == threads)
        let flat = results.flatMap { $0 }
        #expect(flat.count == threads * requestsPerThread)
        #expect(flat.filter { $0 == "ab" }.count == threads * 7)
        for thread in 0..<threads {
            #expect(flat.contains("slept \(thread)-0") && flat.contains("slept \(thread)-18"))
        }
        // Every visit counted once: the actor saw each request.
        let visits = flat.filter { $0.hasPrefix("visit ") }
        #expect(visits.count == threads * 6)
        #expect(await Self.counter.total - before >= visits.count)
    }

    /// While worker threads wait for handlers that sleep, the cooperative pool stays free:
    /// other tasks still run promptly.
    @Test func poolStaysFreeWhileWorkersWait() async throws {
        let gate = VisitCounter()
        let slow = Request.application { _ async throws in
            _ = await gate.next()
            try await Task.sleep(for: .milliseconds(600))
            return Response("done")
        }
        try await withDeadline(seconds: 60) {
            try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await onWorkerThread { try Client(slow).get("/").text } }
                }
                // Once all eight handlers are in, eight workers are blocked; tasks still run.
                while await gate.total < 8 { try await Task.sleep(for: .milliseconds(5)) }
                let clock = ContinuousClock()
                let started = clock.now
                let values = await withTaskGroup(of: Int.self) { inner in
                    for value in 0..<16 { inner.addTask { value * 2 } }
                    return await inner.reduce(0, +)
                }
                #expect(values == 240)
                #expect(clock.now - started < .milliseconds(500))
                var texts: [String] = []
                for try await text in group { texts.append(text) }
                #expect(texts == Array(repeating: "done", count: 8))
            }
        }
    }

    @Test func asyncApplicationAndAsyncAppFunction() async throws {
        let app = Request.application { request async throws in
            await Task.yield()
            return Response(html: "<p>\(escapeHTML(request.args["q"] ?? ""))</p>")
        }
        let raw = AsyncAppFunction { environ, startResponse in
            try await Task.sleep(for: .milliseconds(2))
            environ.variables["SEEN"] = "yes"
            try startResponse(.accepted, ["Content-Type": "text/plain", "X-Path": environ.pathInfo])
            return Body("raw")
        }
        // A middleware after the async app sees the environ it changed.
        let seen = Locked<String?>(nil)
        let outer: Middleware = { inner in
            AppFunction { environ, startResponse in
                let body = try inner(&environ, startResponse)
                seen.withLock { $0 = environ.variables["SEEN"] }
                return body
            }
        }
        let (page, rawResponse) = try await onWorkerThread {
            (try Client(app).get("/?q=<b>"), try Client(stack(outer, app: raw)).get("/p"))
        }
        #expect(try page.contentType == "text/html; charset=utf-8" && (page.text) == "<p>&lt;b&gt;</p>")
        #expect(rawResponse.status == .accepted && rawResponse.headers["X-Path"] == "/p")
        #expect(try rawResponse.text == "raw")
        #expect(seen.withLock { $0 } == "yes")
    }

    @Test func handlerThatNeverSuspendsRunsOnTheCallingThread() async throws {
        let app = Request.application { _ async in
            Response(String(UInt(bitPattern: Int(bitPattern: UInt(pthread_self())))))
        }
        let (thread, text) = try await onWorkerThread {
            (String(UInt(pthread_self())), try Client(app).get("/").text)
        }
        #expect(thread == text)
    }
}
