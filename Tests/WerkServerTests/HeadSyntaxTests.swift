import Testing
import Werk
@testable import WerkServer

@Suite("Host field syntax (RFC 9112 s3.2)")
struct HostSyntaxTests {
    @Test(arguments: ["example.com", "example.com:8080", "127.0.0.1:80", "[::1]", "[::1]:8443", "a-b_c.~d",
                      "xn--n3h.net", "%C3%A9.example", "", "host:", "[v1.x]", "[::ffff:127.0.0.1]", "[V7.a:b]:1"])
    func valid(_ host: String) {
        #expect(HTTPSyntax.isHost(Array(host.utf8)))
    }

    @Test(arguments: ["example.com:abc", "a b", "x/y", "a@b", "[::1", "[::1]x", "::1", "a:1:2", "[::1]:8a",
                      "host:-1", "a\\b", "a?b", "a#b", "[zz]", "[]", "[evil.example]", "[v1.]", "[v.x]", "a%zz", "a%4", "%"])
    func invalid(_ host: String) {
        #expect(!HTTPSyntax.isHost(Array(host.utf8)))
    }
}

/// Line ends (RFC 9112 s2.2): CRLF only, unless the server allows bare LF.
struct LineEndTests {
    @Test(arguments: [
        "GET / HTTP/1.1\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n\n",
        "GET / HTTP/1.1\nHost: a\n\n",
        "\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
    ])
    func bareLineFeedsGet400(_ text: String) {
        #expect(status(text) == 400, "\(text.debugDescription)")
        #expect(status(text, limits: HeadLimits(allowsBareLF: true)) == 200, "allowed by the setting: \(text.debugDescription)")
    }

    @Test func crlfHeadsPass() {
        #expect(status("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n") == 200)
    }
}

/// Header names with `_` never reach the app (the CGI view would confuse `Content_Length` with
/// `Content-Length`), and they never frame a body.
struct UnderscoreHeaderTests {
    @Test(arguments: ["Content_Length: 5", "Transfer_Encoding: chunked", "X_Forwarded_For: 1.2.3.4", "_: x", "Host_: evil"])
    func namesWithUnderscoresAreDropped(_ field: String) throws {
        let head = try parse("POST / HTTP/1.1\r\nHost: a\r\n\(field)\r\nX-Kept: yes\r\n\r\n").get()
        #expect(head.headers.pairs.map(\.0) == ["Host", "X-Kept"])
        #expect(head.framing == .none)
    }

    @Test func invalidValuesAreStillRefused() {
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\nX_Y: a\u{01}b\r\n\r\n") == 400)
    }
}

/// Methods are case-sensitive (RFC 9110 s9.1): the parser keeps them exactly as sent.
struct MethodCaseTests {
    @Test(arguments: ["get", "Get", "head", "GET", "PROPFIND"])
    func methodsAreKeptAsSent(_ method: String) throws {
        #expect(try parse("\(method) / HTTP/1.1\r\nHost: a\r\n\r\n").get().method == method)
    }
}

/// The word-at-a-time field value check and the name scan agree with the byte classes for
/// every byte, at every place in and across the eight-byte words.
struct FieldByteScanTests {
    @Test(arguments: 0..<256)
    func everyValueByteAtEveryPlace(_ value: Int) {
        let b = UInt8(value)
        let allowed = HTTPSyntax.isFieldValueByte(b) || HTTPSyntax.isObsText(b)
        for length in [1, 7, 8, 9, 16, 17, 24] {
            for place in 0..<length {
                var bytes = Array(repeating: UInt8(ascii: "a"), count: length)
                bytes[place] = b
                let result = bytes.withUnsafeBytes { raw in
                    Result { () throws(RequestError) in try RequestHeadParser.checkFieldValue(raw.baseAddress!, from: 0, to: length) }
                }
                switch result {
                case .success(let ascii):
                    #expect(allowed && ascii == (b < 0x80), "byte \(b) at \(place) of \(length)")
                case .failure:
                    #expect(!allowed, "byte \(b) at \(place) of \(length)")
                }
            }
        }
    }

    @Test func valuesMixingTabsObsTextAndText() throws {
        let check = { (bytes: [UInt8]) throws -> Bool in
            try bytes.withUnsafeBytes { raw in try RequestHeadParser.checkFieldValue(raw.baseAddress!, from: 0, to: bytes.count) }
        }
        #expect(try check(Array("text/html;\tq=0.9, application/xhtml+xml".utf8)) == true)
        #expect(try check(Array("caf".utf8) + [0xC3, 0xA9] + Array(" au lait, bien chaud".utf8)) == false)
        #expect(throws: RequestError.self) { try check(Array("0123456789abcdef0123456789".utf8) + [0x7F]) }
        #expect(throws: RequestError.self) { try check(Array("01234567".utf8) + [0x0D] + Array("89abcdef".utf8)) }
    }

    @Test(arguments: 0..<256)
    func everyNameByte(_ value: Int) {
        let b = UInt8(value)
        let name = Array("X-Fiel".utf8) + [b] + Array("d:v".utf8)
        var underscore = false
        let result = name.withUnsafeBytes { raw in
            Result { () throws(RequestError) in
                try RequestHeadParser.scanName(raw.baseAddress!, from: 0, to: name.count, underscore: &underscore)
            }
        }
        switch result {
        case .success(let colon):
            #expect(HTTPSyntax.isTChar(b) ? colon == 8 : b == 0x3A && colon == 6, "byte \(b)")
            #expect(underscore == (b == 0x5F))
        case .failure:
            #expect(!HTTPSyntax.isTChar(b) && b != 0x3A, "byte \(b)")
        }
    }
}

/// The method is checked while the request line is still arriving (RFC 9112 s3), so bytes that
/// cannot be HTTP are refused at once rather than after the head timeout.
struct EarlyMethodCheckTests {
    /// A request line that cannot start with a method is refused before it ends: a TLS
    /// ClientHello sent to a plain HTTP port has no LF to wait for.
    @Test(arguments: [
        ([0x16, 0x03, 0x01, 0x00, 0xA5, 0x01], false),   // TLS handshake record
        (Array("G\u{0}".utf8), false),
        (Array("GET\t/".utf8), false),                   // HTAB is not the separator
        (Array("\rX".utf8), false),                      // a bare CR before the request line
        (Array("{\"json\": 1}".utf8), false),
        (Array("GE".utf8), true),
        (Array("\r\nGE".utf8), true),                    // an empty line first, then a method
        (Array("\r".utf8), true),                        // the CR of an empty line, its LF to come
        (Array("M-SEARCH * HT".utf8), true),
        (Array("GET /\u{1}".utf8), true),               // past the method: RequestLine's to judge
    ] as [([UInt8], Bool)])
    func refusesAMethodThatCannotBeOneBeforeTheLineEnds(bytes: [UInt8], waits: Bool) {
        var scanner = HeadScanner()
        let result = bytes.withUnsafeBytes { scanner.scan($0, limits: HeadLimits()) }
        #expect(result == (waits ? .incomplete : .failed(.bad("invalid character in method"))))
    }

    @Test func checksAMethodTrickledAByteAtATime() {
        let bytes = Array("PATCH\u{7F}".utf8)
        var scanner = HeadScanner()
        for count in 1..<bytes.count {
            #expect(bytes[..<count].withUnsafeBytes { scanner.scan($0, limits: HeadLimits()) } == .incomplete)
        }
        #expect(bytes.withUnsafeBytes { scanner.scan($0, limits: HeadLimits()) } == .failed(.bad("invalid character in method")))
    }

    /// The same refusal whether a long line comes whole or in pieces: a bad method byte within
    /// the request-line limit is a 400 even when the line passes the limit (a piece ending at
    /// that byte would have been refused with 400 before the line grew too long), one past the
    /// limit is a 414 (a piece ending before it passes the limit).
    @Test(arguments: [(10, 400), (39, 400), (41, 414)])
    func aBadMethodByteAndALongLineGiveOneAnswer(at position: Int, status: Int) {
        let limits = HeadLimits(maxRequestLine: 40, maxHeadBytes: 1000, maxHeaderCount: 10)
        var line = [UInt8](repeating: UInt8(ascii: "G"), count: 60)
        line[position] = 0x01
        let bytes = line + Array(" / HTTP/1.1\r\n\r\n".utf8)
        for cut in [position, position + 1, bytes.count] {
            var scanner = HeadScanner()
            var result = bytes[..<cut].withUnsafeBytes { scanner.scan($0, limits: limits) }
            if result == .incomplete { result = bytes.withUnsafeBytes { scanner.scan($0, limits: limits) } }
            guard case .failed(let error) = result else { Issue.record("not refused: \(result)"); continue }
            #expect(error.status.code == status, "first read of \(cut) bytes")
        }
    }

    /// A method longer than any the server could implement gets 501 (RFC 9112 s3) at its first
    /// byte past `HeadLimits.maxMethodLength`, whole or in pieces, without waiting for the line
    /// to reach the request-line limit (then a 414 would misname it a long target).
    @Test(arguments: [HeadLimits.maxMethodLength, HeadLimits.maxMethodLength + 1, 100_000])
    func aMethodPastTheLongestGets501(length: Int) {
        let bytes = [UInt8](repeating: UInt8(ascii: "A"), count: length) + Array(" / HTTP/1.1\r\nHost: h\r\n\r\n".utf8)
        let refused = length > HeadLimits.maxMethodLength
        for cut in [HeadLimits.maxMethodLength, HeadLimits.maxMethodLength + 1, bytes.count] {
            var scanner = HeadScanner()
            var result = bytes[..<cut].withUnsafeBytes { scanner.scan($0, limits: HeadLimits()) }
            if result == .incomplete { result = bytes.withUnsafeBytes { scanner.scan($0, limits: HeadLimits()) } }
            if refused {
                #expect(result == .failed(RequestError(.notImplemented, "method longer than \(HeadLimits.maxMethodLength) bytes")),
                        "first read of \(cut) bytes")
            } else {
                #expect(result == .complete(start: 0, end: bytes.count), "first read of \(cut) bytes")
            }
        }
    }

    @Test func anEndlessMethodGets501AtOnce() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.headerTimeout = .seconds(10) })
        defer { live.stop() }
        let client = try live.connect(timeout: 5)
        let start = Sys.now()
        try client.send(String(repeating: "A", count: 200))
        #expect(try client.readResponse().status == 501)
        #expect(elapsed(since: start) < 3)
        #expect(client.waitClosed(timeout: 3) == "closed")
    }

    @Test func aTLSHandshakeOnThePlainPortGets400AtOnce() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.headerTimeout = .seconds(10) })
        defer { live.stop() }
        let client = try live.connect(timeout: 5)
        let start = Sys.now()
        try client.send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xFC, 0x03, 0x03] + [UInt8](repeating: 0x2A, count: 32))
        #expect(try client.readResponse().status == 400)
        #expect(elapsed(since: start) < 3)
        #expect(client.waitClosed(timeout: 3) == "closed")
    }
}
