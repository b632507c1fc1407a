#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Testing
import Werk
import WerkTesting
import WerkMiddleware
@testable import WerkServer

/// Issue 12's handlers and middleware behind the real server, over a socket: one test each.
@Suite("Handlers and middleware over a socket")
struct HandlersAndMiddlewareOverSocketTests {
    /// One request on a new connection (closed after it).
    static func send(_ live: LiveServer, _ target: String, method: String = "GET", headers: [String] = [],
                     host: String = "127.0.0.1") throws -> TestResponse {
        let client = try live.connect()
        let head = "\(method) \(target) HTTP/1.1\r\nHost: \(host)\r\n" + headers.map { $0 + "\r\n" }.joined() + "Connection: close\r\n\r\n"
        try client.send(head)
        return try client.readResponse(method: method)
    }

    static let folder: String = {
        let base = "/tmp/werk-socket-static-\(getpid())"
        mkdir(base, 0o755)
        for (name, text) in ["app.js": "plain js", "app.js.br": "BROTLI-BYTES", ".env": "SECRET=1",
                             "r\u{e9}sum\u{e9}.txt": String(repeating: "0123456789", count: 10_000)] {
            let file = fopen(base + "/" + name, "wb")
            _ = text.withCString { fputs($0, file) }
            fclose(file)
        }
        return base
    }()

    /// A client that goes away while an async handler runs cancels the handler's task
    /// (`ClientHangUp`): it ran to its end before, holding a worker slot however long it took.
    @Test func anAsyncHandlerIsCancelledWhenItsClientGoesAway() throws {
        let outcome = Locked<String>("running")
        var router = Router()
        router.get("/slow") { (request: Request) async throws in
            do {
                try await Task.sleep(for: .seconds(10))
                outcome.withLock { $0 = "finished" }
            } catch is CancellationError {
                outcome.withLock { $0 = "cancelled" }
                throw CancellationError()
            }
            return Response("slow")
        }
        router.get("/quick") { (request: Request) async throws in
            try await Task.sleep(for: .milliseconds(400))
            return Response("quick \(Task.isCancelled)")
        }
        let live = try LiveServer(app: router)
        defer { live.stop() }
        let started = Sys.now()
        let client = try live.connect()
        try client.send(get("/slow"))
        withExtendedLifetime(client) { _ = usleep(300_000) }
        _ = consume client
        // Bounds are loose: the tasks run on Swift's shared pool, which the other tests of a
        // parallel run can keep busy for many seconds. Without the cancellation the handler
        // sleeps its 10 s and says "finished".
        while outcome.withLock({ $0 }) == "running" && elapsed(since: started) < 240 { usleep(20_000) }
        #expect(outcome.withLock { $0 } == "cancelled")
        // A client that stays is answered, its handler never cancelled.
        let staying = try live.connect(timeout: 240)
        try staying.send(get("/quick"))
        #expect(try staying.readResponse().text == "quick false")
    }

    /// Async handlers on the server's worker threads, from many connections at once: handlers
    /// that sleep, run `async let`s and await an actor all answer, and no worker gets stuck.
    @Test func asyncHandlersFromManyConnections() async throws {
        let counter = Visits()
        var router = Router()
        router.get("/work/<int:n>") { (request: Request, n: Int) async throws in
            async let a: Void = Task.sleep(for: .milliseconds(3))
            async let b: Void = Task.sleep(for: .milliseconds(2))
            _ = try await (a, b)
            let visit = await counter.next()
            return Response("n=\(n) visit=\(visit)")
        }
        let connections = 16, requests = 8
        // A thread per connection: this test is about async handlers finishing, not about the
        // queue's 503 when every thread is busy (LimitsTests covers that).
        let live = try LiveServer(app: router, options: LiveServer.testOptions { $0.threads = connections })
        defer { live.stop() }
        // Every client socket has a receive timeout: a stuck worker fails the test, never hangs it.
        let results = try await withThrowingTaskGroup(of: [String].self) { group in
            for connection in 0..<connections {
                group.addTask {
                    try await onWorkerThread {
                        let client = try live.connect(timeout: 30)
                        var texts: [String] = []
                        for index in 0..<requests {
                            try client.send(get("/work/\(connection * 100 + index)"))
                            let response = try client.readResponse()
                            guard response.status == 200 else { throw ClientError("status \(response.status)") }
                            texts.append(response.text)
                        }
                        return texts
                    }
                }
            }
            var all: [String] = []
            for try await texts in group { all += texts }
            return all
        }
        #expect(results.count == connections * requests)
        #expect(Set(results.map { $0.split(separator: " ")[0] }).count == connections * requests)
        #expect(await counter.total == connections * requests)
    }

    /// A header literal needs no `try`; a value with CR LF is refused when the response starts,
    /// so the server answers 500 and the injected field never reaches the client.
    @Test func headerLiteralInjectionIsRefusedByTheServer() throws {
        let app = Request.application { request in
            Response("hi", headers: ["X-Name": request.args["name"] ?? "", "X-Fixed": "yes"])
        }
        let live = try LiveServer(app: app)
        defer { live.stop() }
        let fine = try Self.send(live, "/?name=ada")
        #expect(fine.status == 200 && fine.header("X-Name") == "ada" && fine.header("X-Fixed") == "yes")
        let injected = try Self.send(live, "/?name=a%0D%0ASet-Cookie:%20evil=1")
        #expect(injected.status == 500)
        #expect(injected.header("Set-Cookie") == nil && injected.header("X-Name") == nil)
    }

    @Test func sendFileOverTheSocket() throws {
        let name = "r\u{e9}sum\u{e9}.txt"
        let app = Request.application { request in
            try sendFromDirectory(Self.folder, String(request.path.dropFirst()), request: request, asAttachment: true)
        }
        let live = try LiveServer(app: app)
        defer { live.stop() }
        let whole = try Self.send(live, "/" + Request.encodePath(name))
        #expect(whole.status == 200 && whole.body.count == 100_000)
        #expect(whole.header("Content-Disposition") == "attachment; filename=resume.txt; filename*=UTF-8''r%C3%A9sum%C3%A9.txt")
        let range = try Self.send(live, "/" + Request.encodePath(name), headers: ["Range: bytes=10-19"])
        #expect(range.status == 206 && range.text == "0123456789")
        #expect(try Self.send(live, "/../etc/passwd").status == 404)
        #expect(try Self.send(live, "/.env").status == 200)   // sendFromDirectory serves what it is asked for
    }

    @Test func corsOverTheSocket() throws {
        let app = stack(try cors(origins: ["https://app.example"], allowCredentials: true),
                        app: Request.application { _ in Response("data") })
        let live = try LiveServer(app: app)
        defer { live.stop() }
        let preflight = try Self.send(live, "/api", method: "OPTIONS",
                                      headers: ["Origin: https://app.example", "Access-Control-Request-Method: PUT",
                                                "Access-Control-Request-Headers: content-type"])
        #expect(preflight.status == 204)
        #expect(preflight.header("Access-Control-Allow-Origin") == "https://app.example")
        #expect(preflight.header("Access-Control-Allow-Headers") == "content-type")
        let actual = try Self.send(live, "/api", headers: ["Origin: https://app.example"])
        #expect(actual.text == "data" && actual.header("Access-Control-Allow-Credentials") == "true")
        #expect(actual.header("Vary") == "Origin")
    }

    @Test func serverTimingAndRequestIDOverTheSocket() throws {
        let app = stack(serverTiming(slowerThan: nil), requestID(),
                        app: Request.application { request in Response(request.requestID ?? "-") })
        let live = try LiveServer(app: app)
        defer { live.stop() }
        let response = try Self.send(live, "/", headers: ["X-Request-Id: trace-7"])
        #expect(response.text == "trace-7" && response.header("X-Request-Id") == "trace-7")
        #expect(response.header("Server-Timing")?.hasPrefix("app;dur=") == true)
        let fresh = try Self.send(live, "/", headers: ["X-Request-Id: bad id"])
        #expect(fresh.text.count == 32 && fresh.header("X-Request-Id") == fresh.text)
    }

    @Test func accessLogOverTheSocket() throws {
        let lines = Locked<[String]>([])
        let app = stack(accessLog(format: .combined) { line in lines.withLock { $0.append(line) } }, app: Request.application { request in
            Response.stream { writer in for _ in 0..<3 { try writer.write("chunk") } }
        })
        let live = try LiveServer(app: app)
        defer { live.stop() }
        let response = try Self.send(live, "/s?q=1", headers: ["User-Agent: sock/1", "Referer: http://r.example/"])
        #expect(response.chunked && response.text == "chunkchunkchunk")
        // The line is written when the server closes the body, just after the response.
        let deadline = Sys.now() + 5_000_000_000
        while lines.withLock({ $0.isEmpty }) && Sys.now() < deadline { usleep(5_000) }
        let line = try #require(lines.withLock { $0.first })
        #expect(line.hasSuffix("\"GET /s?q=1 HTTP/1.1\" 200 15 \"http://r.example/\" \"sock/1\"\n"), "\(line)")
    }

    @Test func sharedDataOverTheSocket() throws {
        let app = stack(sharedData(["/static": .folder(Self.folder)]), app: Request.application { _ in throw HTTPError.notFound() })
        let live = try LiveServer(app: app)
        defer { live.stop() }
        let brotli = try Self.send(live, "/static/app.js", headers: ["Accept-Encoding: gzip, br"])
        #expect(brotli.status == 200 && brotli.text == "BROTLI-BYTES")
        #expect(brotli.header("Content-Encoding") == "br" && brotli.header("Vary") == "Accept-Encoding")
        #expect(try Self.send(live, "/static/app.js").text == "plain js")
        let dotfile = try Self.send(live, "/static/.env")
        #expect(dotfile.status == 404 && !dotfile.text.contains("SECRET"))
    }

    @Test func proxyFixOverTheSocket() throws {
        let app = stack(proxyFix(xFor: 1, forwarded: 1),
                        app: Request.application { request in Response("\(request.remoteAddr) \(request.scheme)") })
        let live = try LiveServer(app: app)
        defer { live.stop() }
        #expect(try Self.send(live, "/", headers: ["X-Forwarded-For: 9.9.9.9, \"x, 203.0.113.7"]).text == "203.0.113.7 http")
        #expect(try Self.send(live, "/", headers: ["X-Forwarded-For: 9.9.9.9, not-an-ip"]).text == "127.0.0.1 http")
        #expect(try Self.send(live, "/", headers: ["Forwarded: for=\"[2001:db8::9]:80\";proto=https"]).text == "2001:db8::9 https")
    }

    @Test func trustedHostsOverTheSocket() throws {
        let app = stack(trustedHosts(["127.0.0.1", ".example.com"]), app: Request.application { _ in Response("in") })
        let live = try LiveServer(app: app)
        defer { live.stop() }
        #expect(try Self.send(live, "/").text == "in")
        #expect(try Self.send(live, "/", host: "api.example.com").text == "in")
        let refused = try Self.send(live, "/", host: "evil.example.net")
        #expect(refused.status == 400 && refused.text.contains("is not trusted"))
    }

    /// A small body the event loop buffered is handed to the form parser in one copy, under the
    /// form's limit, and leaves the next request on the connection intact.
    @Test func bufferedFormBodiesAreReadWholeWithinTheirLimit() throws {
        let app = Request.application { request in
            var request = request
            request.maxFormMemorySize = 64
            return Response("user=\(try request.form["user"] ?? "-") length=\(try request.data.count)")
        }
        let live = try LiveServer(app: app)
        defer { live.stop() }
        let client = try live.connect()
        let form = "Content-Type: application/x-www-form-urlencoded\r\n"
        let large = "user=bob&pad=" + String(repeating: "x", count: 90)
        try client.send("POST /f HTTP/1.1\r\nHost: t\r\n\(form)Content-Length: 12\r\n\r\nuser=ann&x=1" + get("/g")
                        + "POST /f HTTP/1.1\r\nHost: t\r\n\(form)Content-Length: \(large.utf8.count)\r\n\r\n\(large)" + get("/h"))
        #expect(try client.readResponse().text == "user=ann length=12")
        #expect(try client.readResponse().text == "user=- length=0")
        #expect(try client.readResponse().status == 413)
        #expect(try client.readResponse().text == "user=- length=0")
    }

    /// The server reuses a response head only when nothing else holds it: an app that keeps the
    /// start-response of one request and calls it during the next cannot touch the next's head.
    @Test func aKeptStartResponseDoesNotReachTheNextRequest() throws {
        let kept = Locked<StartResponse?>(nil)
        let app = AppFunction { environ, startResponse in
            if environ.pathInfo == "/keep" {
                kept.withLock { $0 = startResponse }
            } else if let stale = kept.withLock({ $0 }) {
                // A start-response of a finished request: refused there, invisible here.
                try? stale(.internalServerError, ["X-Stale": "1"])
            }
            try startResponse(.ok, ["Content-Type": "text/plain"])
            return Body("path \(environ.pathInfo)")
        }
        let live = try LiveServer(app: app)
        defer { live.stop() }
        let client = try live.connect()
        for target in ["/keep", "/next", "/again"] {
            try client.send(get(target))
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.text == "path \(target)")
            #expect(response.header("X-Stale") == nil)
        }
    }
}

/// Visits counted by an actor the async handlers await.
actor Visits {
    private var count = 0
    func next() -> Int { count += 1; return count }
    var total: Int { count }
}
