import Testing
import Werk
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// Waits (bounded) until `condition` holds; returns whether it did.
func eventually(within seconds: Double, _ condition: () -> Bool) -> Bool {
    let start = Sys.now()
    while elapsed(since: start) < seconds {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}

/// Saturation: every application slot busy, then a bounded queue, then 503 at once.
struct SaturationTests {
    @Test func saturatedServerAnswers503WithRetryAfterAtOnce() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions {
            $0.threads = 2
            $0.maxQueueWait = .milliseconds(50)
            $0.retryAfterSeconds = 3
        })
        defer { live.stop() }
        var sleepers: [RawClient] = []
        for _ in 0..<2 {
            let client = try live.connect()
            try client.send(get("/sleep?ms=1500", "Connection: close\r\n"))
            sleepers.append(client)
        }
        usleep(300_000)
        let start = Sys.now()
        let probe = try live.connect()
        try probe.send(get("/id?1"))
        let response = try probe.readResponse()
        #expect(response.status == 503)
        #expect(response.header("Retry-After") == "3")
        #expect(response.text.contains("busy"))
        #expect(elapsed(since: start) < 1.0)
        #expect(probe.waitClosed(timeout: 3) == "closed")
        for sleeper in sleepers { #expect(try sleeper.readResponse().text == "slept") }
    }

    @Test func queuedRequestIsServedWhenAThreadFrees() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions {
            $0.threads = 1
            $0.maxQueueWait = .seconds(5)
        })
        defer { live.stop() }
        let sleeper = try live.connect()
        try sleeper.send(get("/sleep?ms=400"))
        usleep(100_000)
        let start = Sys.now()
        let queued = try live.connect()
        try queued.send(get("/id?7") + get("/id?8"))
        #expect(try queued.readResponse().text == "id=7")
        #expect(try queued.readResponse().text == "id=8")
        #expect(elapsed(since: start) > 0.15 && elapsed(since: start) < 4)
        #expect(try sleeper.readResponse().text == "slept")
    }

    @Test func threadsMadeForABurstExitWhenIdle() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions {
            $0.threads = 8
            $0.idleThreadTimeout = .milliseconds(300)
        })
        defer { live.stop() }
        let pool = live.server.pool
        // The event loops' threads, once the server runs.
        let first = try live.connect()
        try first.send(get("/id?0"))
        #expect(try first.readResponse().text == "id=0")
        let resting = pool.liveThreads
        var sleepers: [RawClient] = []
        for _ in 0..<6 {
            let client = try live.connect()
            try client.send(get("/sleep?ms=400", "Connection: close\r\n"))
            sleepers.append(client)
        }
        #expect(eventually(within: 3) { pool.liveThreads > resting })
        for sleeper in sleepers { #expect(try sleeper.readResponse().text == "slept") }
        #expect(eventually(within: 5) { pool.liveThreads == resting }, "\(pool.liveThreads) threads, \(resting) at rest")
        // The pool makes threads again for the next burst.
        let again = try live.connect()
        try again.send(get("/sleep?ms=100") + get("/id?9"))
        #expect(try again.readResponse().text == "slept")
        #expect(try again.readResponse().text == "id=9")
    }

    @Test func fullQueueAnswers503() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions {
            $0.threads = 1
            $0.maxQueuedRequests = 0
        })
        defer { live.stop() }
        let sleeper = try live.connect()
        try sleeper.send(get("/sleep?ms=600"))
        usleep(150_000)
        let probe = try live.connect()
        try probe.send(get("/id?1"))
        #expect(try probe.readResponse().status == 503)
        #expect(try sleeper.readResponse().text == "slept")
    }
}

/// The connection limit: beyond it the server stops accepting until one closes.
struct ConnectionLimitTests {
    @Test func stopsAcceptingAtMaxConnectionsUntilOneCloses() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.maxConnections = 4 })
        defer { live.stop() }
        var held: [RawClient] = []
        for i in 0..<4 {
            let client = try live.connect()
            try client.send(get("/id?\(i)"))
            #expect(try client.readResponse().text == "id=\(i)")
            held.append(client)
        }
        #expect(live.server.openConnections == 4)
        // The fifth waits in the backlog, unanswered.
        let waiting = try live.connect()
        try waiting.send(get("/id?5"))
        #expect(waiting.waitClosed(timeout: 0.5) == "open")
        held.removeFirst()  // closes one
        #expect(try waiting.readResponse().text == "id=5")
    }
}

/// The minimum data rate: a client that trickles a body or barely reads a response is cut off
/// once the grace period passed, whatever the per-read timeouts say.
struct MinimumRateTests {
    private static func options(_ change: (inout ServerOptions) -> Void = { _ in }) -> ServerOptions {
        LiveServer.testOptions {
            $0.bodyTimeout = .seconds(30)
            $0.writeTimeout = .seconds(30)
            $0.minimumDataRate = 2000
            $0.minimumRateGracePeriod = .milliseconds(400)
            change(&$0)
        }
    }

    /// Sends the body of `length` bytes one byte per 100 ms; returns the answer and the seconds it took.
    private func trickle(_ live: LiveServer, length: Int) throws -> (Int, Double) {
        let client = try live.connect(timeout: 8)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(length)\r\n\r\n")
        let start = Sys.now()
        for _ in 0..<60 where client.waitClosed(timeout: 0.1) == "open" {
            try? client.send("x")
        }
        return (try client.readResponse().status, elapsed(since: start))
    }

    @Test func trickledSmallBodyGets408() throws {
        let live = try LiveServer(app: testApp(), options: Self.options())
        defer { live.stop() }
        let (status, seconds) = try trickle(live, length: 1000)
        #expect(status == 408)
        #expect(seconds < 4)
    }

    @Test func trickledStreamingBodyGets408() throws {
        // Larger than the buffered-body size: the app reads it from the socket.
        let live = try LiveServer(app: testApp(), options: Self.options { $0.maxBufferedBodySize = 100 })
        defer { live.stop() }
        let (status, seconds) = try trickle(live, length: 1000)
        #expect(status == 408)
        #expect(seconds < 4)
    }

    @Test func aFastStartBuysNoLongTrickle() throws {
        // Half a megabyte at once, then a byte per 100 ms. Averaged over the whole body, the
        // start paid for over four minutes of that; the slack a client earns is kept to the
        // longer of the grace period and the body timeout (1 s here), so it is cut off soon.
        let live = try LiveServer(app: testApp(), options: Self.options { $0.bodyTimeout = .seconds(1); $0.maxBufferedBodySize = 100 })
        defer { live.stop() }
        let client = try live.connect(timeout: 8)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(1 << 20)\r\n\r\nx")
        usleep(100_000)  // the server waited for it: what comes now earns credit
        try client.send(String(repeating: "x", count: 512 * 1024))
        let start = Sys.now()
        for _ in 0..<60 where client.waitClosed(timeout: 0.1) == "open" {
            try? client.send("x")
        }
        #expect(try client.readResponse().status == 408)
        #expect(elapsed(since: start) < 4)
    }

    @Test func clientThatBarelyReadsAStreamIsDropped() throws {
        let live = try LiveServer(app: testApp(), options: Self.options())
        defer { live.stop() }
        let client = try live.connect(timeout: 8)
        var small: Int32 = 4096
        setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &small, 4)
        try client.send(get("/stream?n=100000&size=65536"))
        // 100 bytes every 100 ms: 1 KB/s, half the minimum.
        let start = Sys.now()
        var dropped = false
        var scratch = [UInt8](repeating: 0, count: 100)
        for _ in 0..<80 {
            let n = scratch.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, 100, 0) }
            if n <= 0 { dropped = true; break }
            if live.server.openConnections == 0 { dropped = true; break }
            usleep(100_000)
        }
        #expect(dropped)
        #expect(elapsed(since: start) < 7)
    }
}

/// One loop's thread reuses its read buffer for every connection: bytes one connection left
/// there must never reach another.
struct BufferIsolationTests {
    @Test func bytesLeftByAnAbortedConnectionNeverReachAnother() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.activeThreads = 1 })
        defer { live.stop() }
        let a = try live.connect()
        try a.send("GET /id?1 HTTP/1.1\r\nHost: t\r\n")  // part of a head: kept with A
        usleep(100_000)
        let b = try live.connect()
        // A stream that fails midway (the connection is dropped), with a request behind it.
        try b.send(get("/throw-midway") + get("/id?666"))
        _ = b.readToEnd()
        try a.send("\r\n")
        #expect(try a.readResponse().text == "id=1")
        try a.send(get("/id?2"))
        #expect(try a.readResponse().text == "id=2")
    }
}

/// A queued request that waits too long gets its 503 before anything that follows it is read.
struct QueuedRefusalTests {
    /// The refused request's body streams to the app (larger than the loop reads first) and is
    /// made of request heads; the client keeps sending it in small pieces while the refusal is
    /// handed to the loop, so readable events for the connection keep coming meanwhile. None of
    /// the body may be read as a request: the answer is the 503, then the connection closes.
    @Test func theRefusalComesFirstAndTheBodyIsNeverARequest() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions {
            $0.threads = 1
            $0.maxQueueWait = .milliseconds(100)
        })
        defer { live.stop() }
        let sleeper = try live.connect()
        try sleeper.send(get("/sleep?ms=1200"))
        usleep(100_000)
        let client = try live.connect()
        let smuggled = Array(get("/id?smuggled").utf8)
        let body = (0..<4_000).flatMap { _ in smuggled }
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(body.count)\r\n\r\n")
        // Pieces every 20 us for about 200 ms, across the 100 ms the request may wait.
        var sent = 0
        let until = Sys.now() + 250_000_000
        while sent < body.count && Sys.now() < until {
            let piece = Array(body[sent..<min(sent + 64, body.count)])
            if (try? client.send(piece)) == nil { break }
            sent += piece.count
            usleep(20)
        }
        let first = try client.readResponse()
        #expect(first.status == 503, "the queued request's refusal must come first, got \(first.status) \(first.text)")
        let rest = String(decoding: client.readToEnd(), as: UTF8.self)
        #expect(!rest.contains("smuggled") && !rest.contains("HTTP/1.1"), "the body was read as requests: \(rest.prefix(200))")
        #expect(try sleeper.readResponse().text == "slept")
    }
}
