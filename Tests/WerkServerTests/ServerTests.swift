import Testing
import Werk
import WerkTesting
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// Live servers on loopback, port 0; every socket read has a timeout and every loop a bound.
struct BasicServingTests {
    @Test func servesAPageWithDateAndServer() throws {
        let live = try LiveServer(app: testApp())
        defer { live.stop() }
        #expect(live.port > 0)
        let client = try live.connect()
        try client.send(get("/hello"))
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.text == "Hello, World!")
        #expect(response.header("Content-Length") == "13")
        #expect(response.header("Date")?.hasSuffix(" GMT") == true)
        #expect(response.header("Server") == "Werk")
        #expect(response.header("Connection") == nil)
    }

    @Test func keepAliveAndPipeliningAnswerInOrder() throws {
        let live = try LiveServer(app: testApp())
        defer { live.stop() }
        let client = try live.connect()
        for i in 0..<5 {
            try client.send(get("/id?\(i)"))
            #expect(try client.readResponse().text == "id=\(i)")
        }
        // RFC 9112 s9.3.2: pipelined requests, answered in order; bodies in between.
        var batch = ""
        for i in 0..<20 {
            batch += i % 3 == 0 ? "POST /echo?\(i) HTTP/1.1\r\nHost: t\r\nContent-Length: \(String(i).count + 5)\r\n\r\nbody \(i)" : get("/id?\(i)")
        }
        let bytes = Array(batch.utf8)
        // Sent cut at arbitrary byte boundaries.
        var offset = 0
        while offset < bytes.count {
            try client.send(Array(bytes[offset..<min(offset + 7, bytes.count)]))
            offset += 7
        }
        for i in 0..<20 {
            let response = try client.readResponse()
            #expect(response.text == (i % 3 == 0 ? "body \(i)" : "id=\(i)"))
        }
        #expect(client.waitClosed(timeout: 0.3) == "open")
    }

    @Test func connectionCloseAndHTTP10() throws {
        let live = try LiveServer(app: testApp())
        defer { live.stop() }
        var client = try live.connect()
        try client.send(get("/id?1", "Connection: close\r\n") + get("/id?2"))
        var response = try client.readResponse()
        #expect(response.text == "id=1")
        #expect(response.header("Connection") == "close")
        #expect(client.waitClosed(timeout: 5) == "closed")

        client = try live.connect()
        try client.send("GET /id?4 HTTP/1.0\r\n\r\n")
        response = try client.readResponse()
        #expect(response.text == "id=4")
        #expect(client.waitClosed(timeout: 5) == "closed")

        client = try live.connect()
        try client.send("GET /id?8 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        response = try client.readResponse()
        #expect(response.header("Connection") == "keep-alive")
        try client.send("GET /id?9 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try client.readResponse().text == "id=9")

        // RFC 9112 s6.1: no chunked to HTTP/1.0; the body is close-delimited.
        client = try live.connect()
        try client.send("GET /stream?n=4&size=100 HTTP/1.0\r\n\r\n")
        response = try client.readResponse()
        #expect(response.closeDelimited && !response.chunked)
        #expect(response.header("Transfer-Encoding") == nil && response.header("Content-Length") == nil)
        #expect(response.body == [UInt8](repeating: 0x78, count: 400))
    }

    @Test func chunkedRequestAndResponseBodies() throws {
        let live = try LiveServer(app: testApp())
        defer { live.stop() }
        let client = try live.connect()
        let body = "5;ext=1\r\nhello\r\nf;a=b;c=\"d e\"\r\n, chunked world\r\n0\r\nX-Trailer: yes\r\n\r\n"
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + body + get("/id?77"))
        #expect(try client.readResponse().text == "hello, chunked world")
        #expect(try client.readResponse().text == "id=77")
        // A large chunked upload streams through in pieces.
        var upload: [UInt8] = Array("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        var expected: [UInt8] = []
        for i in 0..<300 {
            let piece = [UInt8](repeating: UInt8(0x41 + i % 26), count: 999)
            expected += piece
            upload += Array("3e7\r\n".utf8) + piece + [0x0D, 0x0A]
        }
        upload += Array("0\r\n\r\n".utf8)
        try client.send(upload)
        #expect(try client.readResponse().body == expected)
        // Streams and chunk sequences without a length go out chunked on HTTP/1.1.
        try client.send(get("/stream?n=64&size=4096"))
        var response = try client.readResponse()
        #expect(response.chunked && response.header("Content-Length") == nil)
        #expect(response.body.count == 64 * 4096)
        try client.send(get("/chunks"))
        response = try client.readResponse()
        #expect(response.chunked && response.text == "one,two,three")
        try client.send(get("/stream?n=0"))
        response = try client.readResponse()
        #expect(response.chunked && response.body.isEmpty)
    }

    @Test func headSendsHeadersButNoBody() throws {
        let hooks = Counter()
        let live = try LiveServer(app: testApp(hooks: hooks))
        defer { live.stop() }
        let client = try live.connect()
        try client.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n")
        let response = try client.readResponse(method: "HEAD")
        #expect(response.status == 200 && response.header("Content-Length") == "13")
        try client.send("HEAD /stream HTTP/1.1\r\nHost: t\r\n\r\n")
        let streamed = try client.readResponse(method: "HEAD")
        #expect(streamed.header("Transfer-Encoding") == nil)
        // Nothing but the next response follows: the HEAD bodies were never sent.
        try client.send(get("/hello"))
        #expect(try client.readResponse().text == "Hello, World!")
        try client.send(get("/nocontent"))
        let empty = try client.readResponse()
        #expect(empty.status == 204 && empty.header("Content-Length") == nil)
        #expect(hooks.count == 1)  // the stream's close hook ran although it was not produced
    }

    @Test func headMayDeclareTheGetLengthWithoutABody() throws {
        // RFC 9110 s9.3.2: an app that drops the body for HEAD but keeps GET's Content-Length
        // is answered normally, not as a length mismatch; a GET with the same lie is a 500.
        let app = AppFunction { environ, startResponse in
            try startResponse(.ok, try Headers([("Content-Length", "5"), ("Content-Type", "text/plain")]))
            return environ.method == "HEAD" ? .empty : Body("abc")
        }
        let live = try LiveServer(app: app)
        defer { live.stop() }
        let client = try live.connect()
        try client.send("HEAD /x HTTP/1.1\r\nHost: t\r\n\r\n")
        let head = try client.readResponse(method: "HEAD")
        #expect(head.status == 200 && head.header("Content-Length") == "5")
        try client.send(get("/x"))
        #expect(try client.readResponse().status == 500)
    }

    @Test func absoluteFormAndOptionsAsterisk() throws {
        let live = try LiveServer(app: testApp())
        defer { live.stop() }
        let client = try live.connect()
        try client.send("GET http://example.com:81/echo?q=1 HTTP/1.1\r\nHost: ignored\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.header("X-Host") == "example.com:81")
        #expect(response.header("X-Path") == "/echo" && response.header("X-Query") == "q=1")
        #expect(response.header("X-URI") == "http://example.com:81/echo?q=1")
        try client.send("OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n")
        let options = try client.readResponse()
        #expect(options.status == 200 && options.header("Allow") != nil)
    }

    @Test func fileBodiesGoOutWithSendfile() throws {
        let path = "/tmp/werk-server-test-\(getpid())-file.bin"
        let content = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let file = fopen(path, "wb")!
        content.withUnsafeBytes { _ = fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
        defer { unlink(path) }
        let hooks = Counter()
        let live = try LiveServer(app: testApp(hooks: hooks, filePath: path))
        defer { live.stop() }
        let client = try live.connect()
        try client.send(get("/file") + get("/file"))
        #expect(try client.readResponse().body == content)
        #expect(try client.readResponse().body == content)
        #expect(hooks.count == 2)
    }
}

struct ErrorHandlingTests {
    @Test func appThatThrowsGets500AndTheServerGoesOn() throws {
        let live = try LiveServer(app: testApp())
        defer { live.stop() }
        let client = try live.connect()
        try client.send(get("/throw"))
        let response = try client.readResponse()
        #expect(response.status == 500)
        #expect(!response.text.contains("secret-failure-text"))
        try client.send(get("/hello"))
        #expect(try client.readResponse().status == 200)
    }

    @Test func bodyThatThrowsMidwayClosesWithoutTheLastChunk() throws {
        let hooks = Counter()
        let live = try LiveServer(app: testApp(hooks: hooks))
        defer { live.stop() }
        let client = try live.connect()
        try client.send(get("/throw-midway"))
        let raw = String(decoding: client.readToEnd(), as: UTF8.self)
        #expect(raw.contains("first piece"))
        #expect(!raw.hasSuffix("0\r\n\r\n"))
        #expect(client.eof)
        // A body that fails before its first byte still becomes a clean 500.
        let second = try live.connect()
        try second.send(get("/throw-first"))
        #expect(try second.readResponse().status == 500)
        let start = Sys.now()
        while hooks.count < 2 && elapsed(since: start) < 2 { usleep(5_000) }
        #expect(hooks.count == 2)
    }

    /// On HTTP/1.0 the body is close-delimited: a clean close after a failure would read as
    /// the whole body (a proxy would cache it). The connection is reset instead.
    @Test func aCloseDelimitedBodyThatThrowsMidwayEndsInAReset() throws {
        let live = try LiveServer(app: testApp())
        defer { live.stop() }
        let client = try live.connect()
        try client.send(get("/throw-midway", version: "HTTP/1.0"))
        var chunk = [UInt8](repeating: 0, count: 65536)
        var outcome = "timeout"
        let start = Sys.now()
        while elapsed(since: start) < 5 {
            let n = chunk.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { continue }
            outcome = n == 0 ? "clean end" : (errno == ECONNRESET ? "reset" : "errno \(errno)")
            break
        }
        #expect(outcome == "reset")
    }

    @Test func closeHooksRunWhenTheClientVanishes() throws {
        let hooks = Counter()
        let live = try LiveServer(app: testApp(hooks: hooks), options: LiveServer.testOptions { $0.writeTimeout = .seconds(1) })
        defer { live.stop() }
        do {
            let client = try live.connect()
            try client.send(get("/big?size=20000000"))
            _ = try client.readLine()
        }  // closed with most of the body unread
        let start = Sys.now()
        while hooks.count < 1 && elapsed(since: start) < 5 { usleep(20_000) }
        #expect(hooks.count == 1)
        let client = try live.connect()
        try client.send(get("/hooked"))
        #expect(try client.readResponse().text == "hooked")
        let wait = Sys.now()
        while hooks.count < 2 && elapsed(since: wait) < 2 { usleep(5_000) }
        #expect(hooks.count == 2)
    }

    /// Sends `request` and expects `status`, then the connection closed (nothing behind it answered).
    private func expectRefused(_ live: LiveServer, _ request: String, _ status: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let client = try live.connect()
        try client.send(request)
        let response = try client.readResponse()
        #expect(response.status == status, "\(request.prefix(60).debugDescription)", sourceLocation: sourceLocation)
        #expect(response.header("Connection") == "close", sourceLocation: sourceLocation)
        #expect(client.waitClosed(timeout: 5) == "closed", sourceLocation: sourceLocation)
    }

    @Test func malformedRequestsGet400AndClose() throws {
        let live = try LiveServer(app: testApp())
        defer { live.stop() }
        for request in ["GARBAGE\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n",
                        "GET /users/1 HTTP/1.1\r\nHost: a\r\nName : x\r\n\r\n",
                        "GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n folded\r\n\r\n",
                        "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 6\r\n\r\nhello!",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
                        "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n"] {
            try expectRefused(live, request, 400)
        }
        try expectRefused(live, "GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505)
        try expectRefused(live, "POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501)
    }

    @Test func smugglingPayloadIsAnsweredOnce() throws {
        let live = try LiveServer(app: testApp())
        defer { live.stop() }
        for framing in ["Content-Length: 44\r\nTransfer-Encoding: chunked", "Transfer-Encoding: chunked\r\nContent-Length: 44"] {
            let client = try live.connect()
            try client.send("POST /echo HTTP/1.1\r\nHost: a\r\n\(framing)\r\n\r\n0\r\n\r\nGET /id?666 HTTP/1.1\r\nHost: a\r\n\r\n")
            let response = try client.readResponse()
            #expect(response.status == 400 && !response.text.contains("666"))
            #expect(client.waitClosed(timeout: 5) == "closed")
        }
    }

    @Test func headLimitsGive414And431() throws {
        let live = try LiveServer(app: testApp())
        defer { live.stop() }
        try expectRefused(live, "GET /echo?" + String(repeating: "a", count: 20_000) + " HTTP/1.1\r\nHost: a\r\n\r\n", 414)
        try expectRefused(live, "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "a", count: 70_000) + "\r\n\r\n", 431)
        try expectRefused(live, "GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: "X-F: v\r\n", count: 101) + "\r\n", 431)
        // Ordinary big heads pass: a 6000-byte cookie, 40 fields, an 8000-byte target.
        let client = try live.connect()
        let fields = (0..<40).map { "X-Field-\($0): value-\($0)\r\n" }.joined()
        try client.send("GET /echo?" + String(repeating: "b", count: 7900) + " HTTP/1.1\r\nHost: a\r\nCookie: c=" + String(repeating: "v", count: 6000) + "\r\n" + fields + "\r\n")
        #expect(try client.readResponse().status == 200)
    }

    @Test func oneMebibyteHeaderGets431() throws {
        let live = try LiveServer(app: testApp())
        defer { live.stop() }
        let client = try live.connect()
        // The client stops sending once the answer comes; the server lingers so it is not reset.
        let data = Array(("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + String(repeating: "a", count: 1 << 20) + "\r\n\r\n").utf8)
        var offset = 0
        while offset < data.count {
            var pfd = pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0)
            if poll(&pfd, 1, 0) > 0 { break }
            let n = data[offset..<min(offset + 65536, data.count)].withUnsafeBytes { send(client.fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { break }
            offset += n
        }
        #expect(try client.readResponse().status == 431)
    }

    @Test func maxContentLengthGives413FromTheHead() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.maxContentLength = 1000 })
        defer { live.stop() }
        try expectRefused(live, "POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1001\r\n\r\n", 413)
        // A chunked body is refused once it passes the limit.
        let client = try live.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" + String(repeating: "x", count: 2048) + "\r\n0\r\n\r\n")
        #expect(try client.readResponse().status == 413)
        let ok = try live.connect()
        try ok.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n" + String(repeating: "y", count: 1000))
        #expect(try ok.readResponse().body.count == 1000)
    }
}

struct ContinueTests {
    @Test func continueIsSentWhenTheAppReads() throws {
        let live = try LiveServer(app: testApp())
        defer { live.stop() }
        let client = try live.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        let interim = try client.readResponse(skipInterim: false)
        #expect(interim.status == 100)
        try client.send("hello")
        #expect(try client.readResponse().text == "hello")
        // Chunked with 100-continue.
        try client.send("PUT /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n")
        #expect(try client.readResponse(skipInterim: false).status == 100)
        try client.send("3\r\nabc\r\n0\r\n\r\n")
        #expect(try client.readResponse().text == "abc")
        // No body: no 100.
        try client.send(get("/id?5", "Expect: 100-continue\r\n"))
        #expect(try client.readResponse(skipInterim: false).status == 200)
    }

    @Test func noContinueWhenTheAppAnswersWithoutReading() throws {
        let live = try LiveServer(app: testApp())
        defer { live.stop() }
        let client = try live.connect()
        try client.send("POST /noread HTTP/1.1\r\nHost: t\r\nContent-Length: 12000000\r\nExpect: 100-continue\r\n\r\n")
        let response = try client.readResponse(skipInterim: false)
        #expect(response.status == 413)
        #expect(response.header("Connection") == "close")
        #expect(client.waitClosed(timeout: 5) == "closed")
    }

    @Test func smallUnreadBodiesAreDrainedAndTheConnectionKept() throws {
        let live = try LiveServer(app: testApp())
        defer { live.stop() }
        let client = try live.connect()
        try client.send("POST /noread HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\n0123456789" + get("/id?2"))
        #expect(try client.readResponse().status == 413)
        #expect(try client.readResponse().text == "id=2")
    }
}

struct TimeoutTests {
    @Test func slowHeadGets408AfterTheHeaderTimeout() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.headerTimeout = .milliseconds(500) })
        defer { live.stop() }
        let slow = try live.connect(timeout: 5)
        let start = Sys.now()
        try slow.send("GET /hello HTTP/1.1\r\nHost: t\r\nX-Slow: ")
        // Others are served meanwhile.
        let other = try live.connect()
        try other.send(get("/hello"))
        #expect(try other.readResponse().status == 200)
        let response = try slow.readResponse()
        #expect(response.status == 408)
        #expect(slow.waitClosed(timeout: 3) == "closed")
        #expect(elapsed(since: start) < 2.5)
    }

    @Test func idleKeepAliveConnectionsAreClosed() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.keepAliveTimeout = .milliseconds(400) })
        defer { live.stop() }
        let client = try live.connect()
        try client.send(get("/hello"))
        #expect(try client.readResponse().status == 200)
        let start = Sys.now()
        #expect(client.waitClosed(timeout: 3) == "closed")
        #expect(elapsed(since: start) > 0.3)
        // A connection that never sends a byte is closed too, without a 408.
        let silent = try live.connect()
        #expect(silent.waitClosed(timeout: 3) == "closed")
        #expect(silent.buffered.isEmpty)
    }

    @Test func lingeringAfterAnErrorEndsWithinTheLingerTimeout() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.lingerTimeout = .milliseconds(300) })
        defer { live.stop() }
        let client = try live.connect()
        try client.send("GARBAGE\r\n\r\n")
        #expect(try client.readResponse().status == 400)
        #expect(client.waitClosed(timeout: 2) == "closed")  // FIN at once
        let start = Sys.now()
        while live.server.openConnections > 0 && elapsed(since: start) < 3 { usleep(20_000) }
        #expect(live.server.openConnections == 0)  // and the server let go although the client never closed
    }

    @Test func maxRequestsPerConnectionCloses() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.maxRequestsPerConnection = 2 })
        defer { live.stop() }
        let client = try live.connect()
        try client.send(get("/id?1") + get("/id?2") + get("/id?3"))
        #expect(try client.readResponse().header("Connection") == nil)
        let second = try client.readResponse()
        #expect(second.text == "id=2" && second.header("Connection") == "close")
        #expect(client.waitClosed(timeout: 3) == "closed")
    }

    @Test func stalledBodyIsCutOffByTheBodyTimeout() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.bodyTimeout = .milliseconds(400) })
        defer { live.stop() }
        let client = try live.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n" + String(repeating: "x", count: 10))
        let response = try client.readResponse()
        #expect(response.status == 408)
        #expect(client.waitClosed(timeout: 4) == "closed")
    }

    @Test func clientThatStopsReadingIsDroppedAfterTheWriteTimeout() throws {
        let hooks = Counter()
        let live = try LiveServer(app: testApp(hooks: hooks), options: LiveServer.testOptions { $0.writeTimeout = .milliseconds(500) })
        defer { live.stop() }
        let client = try live.connect(timeout: 5)
        var small: Int32 = 4096
        setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &small, 4)
        try client.send(get("/big?size=64000000"))
        // The bytes are in hand, so the close hooks run at once and no thread waits for this
        // client: the event loop sends the rest, and drops the client at the write timeout.
        #expect(eventually(within: 3) { hooks.count == 1 })
        #expect(eventually(within: 1) { live.server.openConnections == 1 })
        let start = Sys.now()
        #expect(eventually(within: 6) { live.server.openConnections == 0 })
        #expect(elapsed(since: start) < 5)
        // The server still serves others.
        let other = try live.connect()
        try other.send(get("/hello"))
        #expect(try other.readResponse().status == 200)
    }
}

struct ConcurrencyTests {
    @Test func slowHandlersDoNotBlockOthers() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.threads = 6; $0.activeThreads = 1 })
        defer { live.stop() }
        var sleepers: [RawClient] = []
        for _ in 0..<4 {
            let client = try live.connect()
            try client.send(get("/sleep?ms=1500", "Connection: close\r\n"))
            sleepers.append(client)
        }
        usleep(200_000)
        for i in 0..<5 {
            let start = Sys.now()
            let client = try live.connect()
            try client.send(get("/id?\(i)"))
            #expect(try client.readResponse().text == "id=\(i)")
            #expect(elapsed(since: start) < 0.5)
        }
        for sleeper in sleepers { #expect(try sleeper.readResponse().text == "slept") }
    }

    @Test func acceptingNeverWaitsForASlowHandler() throws {
        // Regression: a connection whose first event raced its registration used to be served
        // inline by the accepting worker, with the listener disarmed until the handler ended.
        // Sleepers arrive together (so one is often accepted in that window); a new client must
        // still be answered at once, round after round. (With the bug it waited for a sleeper:
        // 1.1 s or more; the 0.6 s bound leaves room for a busy machine.)
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.threads = 16 })
        defer { live.stop() }
        for round in 0..<5 {
            var sleepers: [RawClient] = []
            for _ in 0..<6 {
                let client = try live.connect()
                try client.send(get("/sleep?ms=1200", "Connection: close\r\n"))
                sleepers.append(client)
            }
            usleep(60_000)
            let start = Sys.now()
            let client = try live.connect()
            try client.send(get("/id?\(round)"))
            #expect(try client.readResponse().text == "id=\(round)")
            #expect(elapsed(since: start) < 0.6, "round \(round)")
            for sleeper in sleepers { #expect(try sleeper.readResponse().text == "slept") }
        }
    }

    @Test func manyIdleConnectionsWithAFixedThreadCount() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.threads = 2 })
        defer { live.stop() }
        var idle: [RawClient] = []
        for i in 0..<400 {
            let client = try live.connect()
            if i % 2 == 0 {
                try client.send(get("/id?\(i)"))
                #expect(try client.readResponse().text == "id=\(i)")
            }
            idle.append(client)
        }
        for i in 0..<5 {
            let start = Sys.now()
            let client = try live.connect()
            try client.send(get("/id?\(i)"))
            #expect(try client.readResponse().text == "id=\(i)")
            #expect(elapsed(since: start) < 0.5)
        }
        for (i, client) in idle.prefix(20).enumerated() {
            try client.send(get("/id?\(i + 5000)"))
            #expect(try client.readResponse().text == "id=\(i + 5000)")
        }
    }

    @Test func gracefulShutdownFinishesInFlightRequests() throws {
        let live = try LiveServer(app: testApp())
        let client = try live.connect()
        try client.send(get("/sleep?ms=600"))
        usleep(200_000)
        let start = Sys.now()
        live.server.shutdown()
        #expect(try client.readResponse().text == "slept")
        #expect(live.stop())
        #expect(elapsed(since: start) < 3)
        // Nothing listens any more.
        #expect(throws: (any Error).self) { _ = try RawClient(port: live.port) }
    }
}

struct AddressTests {
    @Test func servesOnAUnixSocket() throws {
        let path = "/tmp/werk-test-\(getpid()).sock"
        let live = try LiveServer(app: testApp(), address: .unix(path: path))
        defer { live.stop() }
        #expect(live.server.addresses.first?.family == .unix)
        let client = try RawClient(unixPath: path)
        try client.send(get("/echo"))
        let response = try client.readResponse()
        #expect(response.status == 200 && response.header("X-Path") == "/echo")
    }

    @Test func servesOnIPv6LoopbackWhenAvailable() throws {
        guard let live = try? LiveServer(app: testApp(), address: .tcp(host: "::1", port: 0)) else { return }
        defer { live.stop() }
        #expect(live.server.addresses.first?.family == .ipv6)
        let client = try RawClient(port: live.port, host: "::1")
        try client.send(get("/hello"))
        #expect(try client.readResponse().text == "Hello, World!")
    }

    @Test func servesOnAnInheritedDescriptor() throws {
        let first = try HTTPServer(listeningOn: [.tcp(host: "127.0.0.1", port: 0)], app: testApp(), options: LiveServer.testOptions())
        let fd = dup(first.listeningFileDescriptors[0])
        first.closeListeners()
        let live = try LiveServer(app: testApp(), address: .fileDescriptor(fd))
        defer { live.stop() }
        #expect(live.port == first.port)
        let client = try live.connect()
        try client.send(get("/hello"))
        #expect(try client.readResponse().status == 200)
    }

    @Test func bindErrorsSayWhat() throws {
        let live = try LiveServer(app: testApp())
        defer { live.stop() }
        do {
            _ = try makeServer(host: "127.0.0.1", port: live.port, app: testApp(), options: LiveServer.testOptions())
            Issue.record("bound a port in use")
        } catch {
            #expect("\(error)".contains("bind(127.0.0.1:\(live.port))"))
        }
    }
}
