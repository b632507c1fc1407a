import Testing
import Werk
@testable import WerkServer

/// Parsing a head given the one parsed before it on the connection (as the server does) shares the
/// strings of equal bytes, and changes nothing else: every pair below parses to the same
/// fields as the second head alone.
struct HeadReuseTests {
    /// What a parsed head says, for comparing.
    struct Parsed: Equatable {
        var method, target, path, query: String
        var form: TargetForm
        var minorVersion: Int
        var fields: [Headers.Field]
        var framing: BodyFraming
        var flags: [Bool]
        var targetHost: String?

        init(_ head: RequestHead) {
            method = head.method; target = head.target; path = head.path; query = head.query
            form = head.form; minorVersion = head.minorVersion; fields = head.headers.fields
            framing = head.framing; targetHost = head.targetHost
            flags = [head.connectionClose, head.connectionKeepAlive, head.expectContinue]
        }
    }

    static func head(_ text: String, previous: RequestHead? = nil) throws -> RequestHead {
        try Array(text.utf8).withUnsafeBytes { raw throws(RequestError) in
            try RequestHeadParser.parse(raw, previous: previous)
        }
    }

    static let hello = "GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/8.5\r\nAccept: */*\r\n\r\n"

    @Test(arguments: [
        (hello, hello),
        (hello, "GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8081\r\nUser-Agent: curl/8.5\r\nAccept: */*\r\n\r\n"),
        (hello, "GET /other?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/8.5\r\nAccept: */*\r\n\r\n"),
        (hello, "GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/8.5\r\nAccept: */*\r\nCookie: a=1\r\n\r\n"),
        (hello, "GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/8.5\r\n\r\n"),
        (hello, "GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"),
        (hello, "GET /hello HTTP/1.1\r\nUser-Agent: curl/8.5\r\nHost: 127.0.0.1:8080\r\nAccept: */*\r\n\r\n"),
        (hello, "GET /hello HTTP/1.1\r\nhost: 127.0.0.1:8080\r\nUser-Agent: curl/8.5\r\nAccept: */*\r\n\r\n"),
        (hello, "HEAD /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/8.5\r\nAccept: */*\r\n\r\n"),
        (hello, "GET /hello HTTP/1.0\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/8.5\r\nAccept: */*\r\n\r\n"),
        (hello, "GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nX_Sneaky: 1\r\nUser-Agent: curl/8.5\r\nAccept: */*\r\n\r\n"),
        (hello, "GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/8.5\r\nAccept: */*\r\nConnection: close\r\n\r\n"),
        (hello, "GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: caf\u{e9}\r\nAccept: */*\r\n\r\n"),
        (hello, "GET http://example.com/hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"),
        (hello, "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"),
        ("GET /caf%C3%A9/x?q=%20 HTTP/1.1\r\nHost: a\r\n\r\n", "GET /caf%C3%A9/x?q=%20 HTTP/1.1\r\nHost: a\r\n\r\n"),
        ("GET /caf%C3%A9/x?q=%20 HTTP/1.1\r\nHost: a\r\n\r\n", "GET /caf%C3%A9/x?q=%21 HTTP/1.1\r\nHost: a\r\n\r\n"),
        ("GET http://example.com/hello HTTP/1.1\r\nHost: a\r\n\r\n", "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n"),
        ("POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n", "POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n\r\n"),
        ("POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n", "POST /form HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"),
        ("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n",
         "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n"),
        ("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "GET / HTTP/1.0\r\n\r\n"),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-Empty:\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\nX-Empty: \r\n\r\n"),
        ("GET / HTTP/1.1\r\nHost: a\r\nX-Latin: \u{e9}\r\n\r\n", "GET / HTTP/1.1\r\nHost: a\r\nX-Latin: \u{e9}\r\n\r\n"),
    ])
    func sameAsParsedAlone(_ first: String, _ second: String) throws {
        let previous = try Self.head(first)
        #expect(Parsed(try Self.head(second, previous: previous)) == Parsed(try Self.head(second)))
    }

    /// Latin-1 bytes (obs-text) are not UTF-8: they never match a string, and decode as alone.
    @Test func obsTextIsDecodedAlike() throws {
        var bytes = Array("GET / HTTP/1.1\r\nHost: a\r\nX-Old: caf".utf8) + [0xE9] + Array("\r\n\r\n".utf8)
        let parseBytes = { (previous: RequestHead?) throws -> RequestHead in
            try bytes.withUnsafeBytes { raw throws(RequestError) in try RequestHeadParser.parse(raw, previous: previous) }
        }
        let first = try parseBytes(nil)
        #expect(first.headers["X-Old"] == "caf\u{e9}")
        #expect(Parsed(try parseBytes(first)) == Parsed(first))
        bytes[bytes.count - 5] = 0xEA
        #expect(try parseBytes(first).headers["X-Old"] == "caf\u{ea}")
    }

    /// A refusal stays a refusal whatever came before.
    @Test(arguments: [
        "GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nHost: b\r\n\r\n",
        "GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080x\r\nUser-Agent: curl/8.5\r\nAccept: */*\r\n\r\n",
        "GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nHost: 127.0.0.1:8080\r\n\r\n",
        "GET /hello HTTP/1.1\r\nUser-Agent: curl/8.5\r\n\r\n",
        "GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent : curl/8.5\r\n\r\n",
        "GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
    ])
    func refusalsStay(_ second: String) throws {
        let previous = try Self.head(Self.hello)
        #expect(throws: RequestError.self) { try Self.head(second, previous: previous) }
    }

    /// An empty Host passed with an absolute-form target (which names the host) is still refused
    /// after it, on an origin-form target, although its bytes equal the field that passed.
    @Test func anEmptyHostThatPassedBesideAnAbsoluteTargetIsRefusedWithoutOne() throws {
        let previous = try Self.head("GET http://h/ HTTP/1.1\r\nHost: \r\n\r\n")
        #expect(previous.targetHost == "h")
        #expect(throws: RequestError.self) { try Self.head("GET / HTTP/1.1\r\nHost: \r\n\r\n", previous: previous) }
    }

    /// The point of it: equal fields share the previous list (no new strings, no new array).
    @Test func equalHeadsShareTheirStrings() throws {
        let first = try Self.head(Self.hello)
        let second = try Self.head(Self.hello, previous: first)
        let storage = { (head: RequestHead) in head.headers.fields.withUnsafeBufferPointer { $0.baseAddress } }
        #expect(storage(second) == storage(first))
        let third = try Self.head("GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: curl/8.5\r\nAccept: text/html\r\n\r\n",
                                  previous: second)
        #expect(storage(third) != storage(first))
        #expect(third.headers["Accept"] == "text/html" && third.headers["Host"] == "127.0.0.1:8080")
    }

    /// Over a socket: a connection's repeated head reuses its own previous fields, and another
    /// connection sending the same bytes to the same loop gets its own (nothing is shared between
    /// clients, so no client can time its guesses against another's fields).
    @Test func reuseStaysWithinOneConnection() throws {
        let seen = Locked<[String: [UInt]]>([:])
        let app = AppFunction { environ, startResponse in
            let address = environ.headers.fields.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
            seen.withLock { $0[environ.queryString, default: []].append(address) }
            try startResponse(.ok, ["Content-Type": "text/plain"])
            return Body("ok")
        }
        let live = try LiveServer(app: app, options: LiveServer.testOptions { $0.activeThreads = 1 })
        defer { live.stop() }
        let head = { (client: String) in "GET /x?\(client) HTTP/1.1\r\nHost: a\r\nX-Token: s3cr3t-value-0123456789\r\n\r\n" }
        let first = try live.connect(), second = try live.connect()
        for (client, name) in [(first, "a"), (first, "a"), (first, "a"), (first, "a"), (second, "b"), (second, "b"), (second, "b")] {
            try client.send(head(name))
            #expect(try client.readResponse().status == 200)
        }
        let addresses = seen.withLock { $0 }
        let a = addresses["a"] ?? [], b = addresses["b"] ?? []
        // Kept from the second request on: the third and fourth reuse the second's fields.
        #expect(a.count == 4 && a[1] == a[2] && a[2] == a[3], "one connection's repeated head shares its fields: \(a)")
        #expect(b.count == 3 && b[1] == b[2], "the other connection reuses its own: \(b)")
        // (a[0]'s list was freed and its memory may come back; a[1]'s is alive, held by the first.)
        #expect(!b.contains(a[1]), "and never the first connection's: \(a) \(b)")
    }

    /// An idle connection lets its last head go after a second, so idle keep-alive connections
    /// cost no more memory than before.
    @Test func anIdleConnectionLetsItsLastHeadGo() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.activeThreads = 1 })
        defer { live.stop() }
        let client = try live.connect()
        try client.send(get("/hello") + get("/hello"))
        #expect(try client.readResponse().status == 200)
        #expect(try client.readResponse().status == 200)
        let loop = live.server.group.loops[0]
        let held = { () -> Int in
            loop.lock()
            defer { loop.unlock() }
            var count = 0
            loop.table.forEach { if !$0.headMemo.isEmpty { count += 1 } }
            return count
        }
        #expect(held() == 1)
        #expect(eventually(within: 3) { held() == 0 })
        try client.send(get("/hello"))
        #expect(try client.readResponse().status == 200)
        #expect(held() == 1)
        // A connection that made one request keeps nothing.
        let once = try live.connect()
        try once.send(get("/hello"))
        #expect(try once.readResponse().status == 200)
        #expect(held() == 1)
    }
}
