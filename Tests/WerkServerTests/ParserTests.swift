#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
import Werk
@testable import WerkServer

/// Parses `text` as a complete head (after the scanner found its end).
func parse(_ text: String, limits: HeadLimits = HeadLimits()) -> Result<RequestHead, RequestError> {
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBytes { raw in
        var scanner = HeadScanner()
        switch scanner.scan(raw, limits: limits) {
        case .complete(let start, let end):
            do throws(RequestError) {
                return .success(try RequestHeadParser.parse(UnsafeRawBufferPointer(rebasing: raw[start..<end]), limits: limits))
            } catch {
                return .failure(error)
            }
        case .failed(let error): return .failure(error)
        case .incomplete: return .failure(RequestError(0, "incomplete"))
        }
    }
}

func status(_ text: String, limits: HeadLimits = HeadLimits()) -> Int {
    switch parse(text, limits: limits) {
    case .success: return 200
    case .failure(let error): return error.status.code
    }
}

struct RequestLineTests {
    @Test(arguments: [
        ("GET / HTTP/1.1\r\nHost: a\r\n\r\n", "GET", "/", "", 1),
        ("POST /a/b?x=1&y=%20 HTTP/1.1\r\nHost: a\r\n\r\n", "POST", "/a/b", "x=1&y=%20", 1),
        ("GET /caf%C3%A9/%2Fx HTTP/1.0\r\n\r\n", "GET", "/café//x", "", 0),
        ("GET /bad%zz%C3 HTTP/1.1\r\nHost: a\r\n\r\n", "GET", "/bad%zz\u{FFFD}", "", 1),
        ("GET http://example.com:8080/p?q=1 HTTP/1.1\r\nHost: other\r\n\r\n", "GET", "/p", "q=1", 1),
        ("GET http://example.com HTTP/1.1\r\nHost: other\r\n\r\n", "GET", "/", "", 1),
        ("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", "OPTIONS", "*", "", 1),
        ("\r\n\r\nGET /after-empty-lines HTTP/1.1\r\nHost: a\r\n\r\n", "GET", "/after-empty-lines", "", 1),
        ("PATCH /x HTTP/1.9\r\nHost: a\r\n\r\n", "PATCH", "/x", "", 1),
    ])
    func parsesValidRequestLines(_ text: String, method: String, path: String, query: String, minor: Int) throws {
        let head = try parse(text).get()
        #expect(head.method == method)
        #expect(head.path == path)
        #expect(head.query == query)
        #expect(head.minorVersion == minor)
    }

    /// A fragment is no part of a request-target (RFC 9112 s3.2); sent anyway, it is left out
    /// of the path and the query, as Werkzeug does.
    @Test(arguments: [
        ("GET /echo#frag HTTP/1.1\r\nHost: a\r\n\r\n", "/echo", ""),
        ("GET /a?x=1#y HTTP/1.1\r\nHost: a\r\n\r\n", "/a", "x=1"),
        ("GET /a%20b#c?d HTTP/1.1\r\nHost: a\r\n\r\n", "/a b", ""),
        ("GET http://h/p?q#f HTTP/1.1\r\nHost: a\r\n\r\n", "/p", "q"),
        ("GET http://h#f HTTP/1.1\r\nHost: a\r\n\r\n", "/", ""),
        ("GET http://h?q=1#f HTTP/1.1\r\nHost: a\r\n\r\n", "/", "q=1"),
    ])
    func aFragmentIsLeftOut(_ text: String, path: String, query: String) throws {
        let head = try parse(text).get()
        #expect(head.path == path)
        #expect(head.query == query)
        if case .absolute = head.form { #expect(head.targetHost == "h") }
    }

    /// Bytes that are not UTF-8 become U+FFFD in the path whether escaped or raw, so one name
    /// has one path (Werkzeug's `Request.path` decodes both the same way).
    @Test func rawAndEscapedBytesMakeTheSamePath() throws {
        func path(_ target: [UInt8]) throws -> String {
            let bytes = Array("GET ".utf8) + target + Array(" HTTP/1.1\r\nHost: a\r\n".utf8)
            return try bytes.withUnsafeBytes { raw throws(RequestError) in
                try RequestHeadParser.parse(raw, limits: HeadLimits())
            }.path
        }
        let replaced = "/static/\u{FFFD}.txt"
        #expect(try path(Array("/static/".utf8) + [0xFF] + Array(".txt".utf8)) == replaced)
        #expect(try path(Array("/static/%FF.txt".utf8)) == replaced)
        #expect(try path(Array("/static/".utf8) + [0xFF] + Array("%2etxt".utf8)) == replaced)
        #expect(try path(Array("/static/".utf8) + [0xC3, 0xBF] + Array(".txt".utf8)) == "/static/\u{FF}.txt")
        #expect(try path(Array("/static/%C3%BF.txt".utf8)) == "/static/\u{FF}.txt")
    }

    @Test func connectTakesOnlyTheAuthorityForm() {
        #expect(status("CONNECT /echo HTTP/1.1\r\nHost: a\r\n\r\n") == 400)
        #expect(status("CONNECT http://a:443/ HTTP/1.1\r\nHost: a\r\n\r\n") == 400)
        #expect(status("CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n") == 200)
    }

    @Test func absoluteFormTakesHostFromTarget() throws {
        let head = try parse("GET http://example.com:8080/p HTTP/1.1\r\nHost: other\r\n\r\n").get()
        #expect(head.form == .absolute)
        #expect(head.targetHost == "example.com:8080")
        #expect(head.target == "http://example.com:8080/p")
    }

    @Test(arguments: [
        ("GARBAGE\r\n\r\n", 400),
        ("GET /\r\n\r\n", 400),
        ("GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n", 400),
        ("GET / HTTX/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET / HTTP/1.x\r\nHost: a\r\n\r\n", 400),
        ("GET / http/1.1\r\nHost: a\r\n\r\n", 400),
        ("G(T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET  / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        (" GET / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET / HTTP/1.1 \r\nHost: a\r\n\r\n", 400),
        ("GET /\u{01} HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET * HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET ftp://x/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET http://user@x/ HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET relative HTTP/1.1\r\nHost: a\r\n\r\n", 400),
        ("GET / HTTP/2.0\r\nHost: a\r\n\r\n", 505),
        ("GET / HTTP/0.9\r\nHost: a\r\n\r\n", 505),
        ("GET / HTTP/3.1\r\nHost: a\r\n\r\n", 505),
        ("GET /\rx HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    ])
    func rejectsMalformedRequestLines(_ text: String, expected: Int) {
        #expect(status(text) == expected, "\(text.debugDescription)")
    }
}

struct HeaderFieldTests {
    @Test(arguments: [
        ("NoColonHere\r\n", 400),
        ("Bad Name: x\r\n", 400),
        ("Name : x\r\n", 400),
        (": novalue\r\n", 400),
        ("X-A\u{00}B: x\r\n", 400),
        ("X-Bad\u{7F}: x\r\n", 400),
        ("X-(bad): x\r\n", 400),
        ("X-Nul: a\u{00}b\r\n", 400),
        ("X-Bare: a\rb\r\n", 400),
        ("X-Ctl: a\u{0B}b\r\n", 400),
        ("X-Fold: a\r\n b\r\n", 400),
        ("X-Fold: a\r\n\tb\r\n", 400),
        ("Host: b\r\n", 400),
        ("Expect: something-else\r\n", 417),
        ("X-Ok: fine value\t\r\n", 200),
        ("X-Latin: caf\u{E9}\r\n", 200),
    ])
    func checksFieldSyntax(_ field: String, expected: Int) {
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\n" + field + "\r\n") == expected, "\(field.debugDescription)")
    }

    @Test func keepsFieldsInOrderWithTrimmedValues() throws {
        let head = try parse("GET / HTTP/1.1\r\nHost: a\r\nX-A:  1 \r\nx-a:2\r\nCookie: c=1\r\n\r\n").get()
        #expect(head.headers.pairs.map(\.0) == ["Host", "X-A", "x-a", "Cookie"])
        #expect(head.headers.values(for: "X-A") == ["1", "2"])
    }

    @Test func requiresHostOnHTTP11Only() {
        #expect(status("GET / HTTP/1.1\r\n\r\n") == 400)
        #expect(status("GET / HTTP/1.0\r\n\r\n") == 200)
        #expect(status("GET / HTTP/1.1\r\nHost: bad host\r\n\r\n") == 400)
        // An empty host names no origin (RFC 9110 s4.2.1): refused, unless the target names it.
        #expect(status("GET / HTTP/1.1\r\nHost: \r\n\r\n") == 400)
        #expect(status("GET / HTTP/1.1\r\nHost:\r\n\r\n") == 400)
        #expect(status("GET / HTTP/1.1\r\nHost: :8080\r\n\r\n") == 400)
        #expect(status("GET / HTTP/1.0\r\nHost: \r\n\r\n") == 400)
        #expect(status("OPTIONS * HTTP/1.1\r\nHost: \r\n\r\n") == 400)
        #expect(status("GET http://h/ HTTP/1.1\r\nHost: \r\n\r\n") == 200)
        #expect(status("CONNECT h:443 HTTP/1.1\r\nHost: \r\n\r\n") == 200)
        #expect(status("GET / HTTP/1.1\r\nHost: [::1]:80\r\n\r\n") == 200)
    }

    @Test func connectionOptions() throws {
        #expect(try parse("GET / HTTP/1.1\r\nHost: a\r\n\r\n").get().wantsKeepAlive)
        #expect(try !parse("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n").get().wantsKeepAlive)
        #expect(try !parse("GET / HTTP/1.0\r\n\r\n").get().wantsKeepAlive)
        #expect(try parse("GET / HTTP/1.0\r\nConnection: x, Keep-Alive\r\n\r\n").get().wantsKeepAlive)
        #expect(try parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nExpect: 100-Continue\r\n\r\n").get().expectContinue)
        #expect(try !parse("POST / HTTP/1.0\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n").get().expectContinue)
    }
}

struct FramingTests {
    private func framing(_ fields: String, version: String = "HTTP/1.1") -> Result<BodyFraming, RequestError> {
        parse("POST /echo \(version)\r\nHost: a\r\n\(fields)\r\n").map(\.framing)
    }

    @Test(arguments: [
        ("Content-Length: 5\r\n", BodyFraming.length(5)),
        ("Content-Length: 0\r\n", .none),
        ("Content-Length: 007\r\n", .length(7)),
        ("Content-Length: 5\r\nContent-Length: 5\r\n", .length(5)),
        ("Content-Length: 5, 5\r\n", .length(5)),
        ("Transfer-Encoding: chunked\r\n", .chunked),
        ("Transfer-Encoding: Chunked\r\n", .chunked),
        ("Transfer-Encoding: ,chunked\r\n", .chunked),
        ("", .none),
    ])
    func acceptsValidFraming(_ fields: String, expected: BodyFraming) throws {
        #expect(try framing(fields).get() == expected)
    }

    @Test(arguments: [
        ("Content-Length: abc\r\n", 400), ("Content-Length: -1\r\n", 400), ("Content-Length: 1.5\r\n", 400),
        ("Content-Length: 0x10\r\n", 400), ("Content-Length: \r\n", 400), ("Content-Length: 5 5\r\n", 400),
        ("Content-Length: +5\r\n", 400), ("Content-Length: 5, 6\r\n", 400),
        ("Content-Length: 5\r\nContent-Length: 6\r\n", 400),
        ("Content-Length: 99999999999999999999999\r\n", 413),
        ("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", 400),
        ("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", 400),
        ("Transfer-Encoding: xchunked\r\n", 400),
        ("Transfer-Encoding: chunked, identity\r\n", 400),
        ("Transfer-Encoding: identity\r\n", 400),
        ("Transfer-Encoding: gzip\r\n", 400),
        ("Transfer-Encoding: chunked\u{0B}\r\n", 400),
        ("Transfer-Encoding: chunked, chunked\r\n", 400),
        ("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", 400),
        ("Transfer-Encoding: gzip, chunked\r\n", 501),
        ("Transfer-Encoding: \r\n", 400),
        // RFC 9110 s10.1.4: a coding is a token; parameters without one, or a quoted name, are none.
        ("Transfer-Encoding: chunked, ;x\r\n", 400),
        ("Transfer-Encoding: ;x, chunked\r\n", 400),
        ("Transfer-Encoding: \"chunked\"\r\n", 400),
        ("Transfer-Encoding: chunked x\r\n", 400),
        // RFC 9112 s7: chunked takes no parameters.
        ("Transfer-Encoding: chunked;x=y\r\n", 400),
        ("Transfer-Encoding: chunked ; x=y\r\n", 400),
        ("Transfer-Encoding: chunked;\r\n", 400),
    ])
    func rejectsAmbiguousFraming(_ fields: String, expected: Int) {
        switch framing(fields) {
        case .success(let framing): Issue.record("accepted \(fields.debugDescription) as \(framing)")
        case .failure(let error): #expect(error.status.code == expected, "\(fields.debugDescription)")
        }
    }

    /// A list of equal lengths, or the field repeated, reaches the app as one number.
    @Test(arguments: ["Content-Length: 5, 5\r\n", "Content-Length: 5 ,5\r\n", "Content-Length: 5\r\nContent-Length: 5\r\n",
                      "Content-Length: 5\r\ncontent-length: 5, 5\r\n"])
    func theAppSeesOneContentLength(_ fields: String) throws {
        let head = try parse("POST /echo HTTP/1.1\r\nHost: a\r\n\(fields)X-After: 1\r\n\r\n").get()
        #expect(head.headers.values(for: "Content-Length") == ["5"])
        #expect(head.headers["X-After"] == "1")
        // Parsed again with the first head kept (the memo's path): the same.
        let bytes = Array("POST /echo HTTP/1.1\r\nHost: a\r\n\(fields)X-After: 1\r\n\r\n".utf8)
        let again = try bytes.withUnsafeBytes { raw throws(RequestError) in
            try RequestHeadParser.parse(raw, limits: HeadLimits(), previous: head)
        }
        #expect(again.headers.values(for: "Content-Length") == ["5"])
    }

    @Test func transferEncodingOnHTTP10IsRefused() {
        #expect(status("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n") == 400)
    }
}

struct HeadScannerTests {
    private let head = Array("GET /x HTTP/1.1\r\nHost: a\r\nX-Long: 0123456789\r\n\r\nNEXT".utf8)

    @Test func findsTheEndFedOneByteAtATime() {
        var scanner = HeadScanner()
        var found: HeadScanner.Result = .incomplete
        for count in 1...head.count {
            found = head[0..<count].withUnsafeBytes { scanner.scan($0, limits: HeadLimits()) }
            if case .complete = found { #expect(count == head.count - 4); break }
        }
        #expect(found == .complete(start: 0, end: head.count - 4))
    }

    @Test func refusesLongRequestLineBeforeItEnds() {
        var scanner = HeadScanner()
        let limits = HeadLimits(maxRequestLine: 100, maxHeadBytes: 1000, maxHeaderCount: 10)
        let partial = Array(("GET /" + String(repeating: "a", count: 200)).utf8)
        let result = partial.withUnsafeBytes { scanner.scan($0, limits: limits) }
        guard case .failed(let error) = result else { Issue.record("not refused: \(result)"); return }
        #expect(error.status.code == 414)
    }

    /// Found by the head fuzz target: a request line of exactly the limit was refused with 414
    /// when its CR and LF arrived in different reads, and accepted when they came together.
    @Test(arguments: [40, 41])
    func requestLineOfTheLimitPassesWhateverTheReads(cut: Int) {
        let limits = HeadLimits(maxRequestLine: 40, maxHeadBytes: 1000, maxHeaderCount: 10)
        let line = "GET /" + String(repeating: "a", count: 26) + " HTTP/1.0"
        #expect(line.utf8.count == 40)
        let bytes = Array((line + "\r\n\r\n").utf8)
        var scanner = HeadScanner()
        let first = bytes[..<cut].withUnsafeBytes { scanner.scan($0, limits: limits) }
        #expect(first == .incomplete)
        let whole = bytes.withUnsafeBytes { scanner.scan($0, limits: limits) }
        #expect(whole == .complete(start: 0, end: bytes.count))
        var longer = HeadScanner()
        let over = Array(("GET /" + String(repeating: "a", count: 27) + " HTTP/1.0\r").utf8)
        let refused = over.withUnsafeBytes { longer.scan($0, limits: limits) }
        #expect(refused == .failed(RequestError(.uriTooLong, "request line longer than 40 bytes")))
    }

    @Test func refusesLargeHeadAndTooManyFields() {
        let limits = HeadLimits(maxRequestLine: 100, maxHeadBytes: 1000, maxHeaderCount: 10)
        var scanner = HeadScanner()
        let big = Array(("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 2000)).utf8)
        if case .failed(let error) = big.withUnsafeBytes({ scanner.scan($0, limits: limits) }) {
            #expect(error.status.code == 431)
        } else { Issue.record("large head accepted") }
        scanner = HeadScanner()
        let many = Array(("GET / HTTP/1.1\r\n" + String(repeating: "X: y\r\n", count: 11) + "\r\n").utf8)
        if case .failed(let error) = many.withUnsafeBytes({ scanner.scan($0, limits: limits) }) {
            #expect(error.status.code == 431)
        } else { Issue.record("too many fields accepted") }
        scanner = HeadScanner()
        let ten = Array(("GET / HTTP/1.1\r\n" + String(repeating: "X: y\r\n", count: 10) + "\r\n").utf8)
        #expect(ten.withUnsafeBytes({ scanner.scan($0, limits: limits) }) == .complete(start: 0, end: ten.count))
    }
}

struct ChunkedDecoderTests {
    /// Decodes `input` fed in two pieces split at `split`, with a small output buffer.
    private func decode(_ input: [UInt8], split: Int, outputSize: Int = 7) throws -> (body: [UInt8], consumed: Int, done: Bool) {
        var decoder = ChunkedDecoder()
        var body: [UInt8] = []
        var consumedTotal = 0
        var output = [UInt8](repeating: 0, count: outputSize)
        for piece in [input[0..<split], input[split...]] {
            var rest = Array(piece)
            while !rest.isEmpty && !decoder.isDone {
                let (consumed, produced) = try rest.withUnsafeBytes { raw in
                    try output.withUnsafeMutableBytes { out in try decoder.decode(raw, into: out) }
                }
                body += output[0..<produced]
                consumedTotal += consumed
                rest.removeFirst(consumed)
                if consumed == 0 && produced == 0 { break }
            }
        }
        return (body, consumedTotal, decoder.isDone)
    }

    @Test(arguments: [
        ("5\r\nhello\r\n0\r\n\r\n", "hello"),
        ("5;ext=1\r\nhello\r\nf;a=b;c=\"d e\"\r\n, chunked world\r\n0\r\nX-Trailer: yes\r\n\r\n", "hello, chunked world"),
        ("00A\r\n0123456789\r\n000\r\n\r\n", "0123456789"),
        ("3 ;x\r\nabc\r\n0\r\n\r\n", "abc"),
        ("3\t ;x\r\nabc\r\n0\r\n\r\n", "abc"),
        ("0\r\n\r\n", ""),
        ("1\r\na\r\n1\r\nb\r\n0\r\nA: 1\r\nB: 2\r\n\r\n", "ab"),
        ("1\r\na\r\n0\r\nX-Empty:\r\nX-Colons: a:b: c\t\r\n\r\n", "a"),
    ])
    func decodesAtEveryByteBoundary(_ wire: String, expected: String) throws {
        let input = Array(wire.utf8) + Array("GET /next".utf8)
        for split in 0...input.count {
            let result = try decode(input, split: split)
            #expect(result.body == Array(expected.utf8), "split at \(split)")
            #expect(result.done)
            #expect(result.consumed == wire.utf8.count, "stops at the end of the body (split \(split))")
        }
    }

    @Test(arguments: [
        "zz\r\nhello\r\n0\r\n\r\n",
        "5\r\nhelloXX0\r\n\r\n",
        "-5\r\nhello\r\n0\r\n\r\n",
        "\r\nhello\r\n0\r\n\r\n",
        "5\rhello\r\n0\r\n\r\n",
        "5 5\r\nhello\r\n0\r\n\r\n",
        // Strict where parsers disagree (smuggling): CRLF only, whitespace after the size only before ';'.
        "3\nabc\r\n0\r\n\r\n",
        "3\r\nabc\n0\r\n\r\n",
        "3\r\nabc\r\n0\n\r\n",
        "3\r\nabc\r\n0\r\n\n",
        "3\r\nabc\r\n0\r\nX: y\n\r\n",
        "3;ext\nabc\r\n0\r\n\r\n",
        "3 \r\nabc\r\n0\r\n\r\n",
        "3\t\r\nabc\r\n0\r\n\r\n",
        "3 x\r\nabc\r\n0\r\n\r\n",
        "5;\u{01}\r\nhello\r\n0\r\n\r\n",
        "FFFFFFFFFFFFFFFFFFFF\r\n",
        "0\r\n folded: x\r\n\r\n",
        "0\r\nX: a\rb\r\n\r\n",
        // Trailer lines are field lines (RFC 9112 s5, s7.1.2): a token name and a colon.
        "0\r\ngarbage\r\n\r\n",
        "0\r\nX T: 1\r\n\r\n",
        "0\r\n: 1\r\n\r\n",
        "0\r\nX : 1\r\n\r\n",
        "0\r\nX\u{7F}: 1\r\n\r\n",
    ])
    func rejectsBadFraming(_ wire: String) {
        let input = Array(wire.utf8)
        for split in 0...input.count {
            do {
                _ = try decode(input, split: split)
                Issue.record("accepted \(wire.debugDescription) split at \(split)")
                return
            } catch {
                let status = (error as? RequestError)?.status.code
                #expect(status == 400 || status == 431)
            }
        }
    }

    /// Chunk extensions add up over the body: 16 KiB in all, then 413, however they are spread
    /// (one byte of data per chunk, each with a 4 KiB extension, made the server read 4 KiB per
    /// body byte). Whitespace before the `;` counts; the chunk-size digits do not.
    @Test func chunkExtensionsAreBoundedPerBody() throws {
        let ext = ";" + String(repeating: "e", count: 4000)
        let four = String(repeating: "1\(ext)\r\nX\r\n", count: 4) + "0\r\n\r\n"
        #expect(try decode(Array(four.utf8), split: 3).body == Array("XXXX".utf8))
        let five = String(repeating: "1\(ext)\r\nX\r\n", count: 5) + "0\r\n\r\n"
        #expect {
            _ = try decode(Array(five.utf8), split: 9000)
        } throws: { ($0 as? RequestError)?.status.code == 413 }
        let spaced = String(repeating: "1 \t;e\r\nX\r\n", count: 6000) + "0\r\n\r\n"
        #expect {
            _ = try decode(Array(spaced.utf8), split: 1)
        } throws: { ($0 as? RequestError)?.status.code == 413 }
        // Plain chunk sizes are not extensions.
        let plain = String(repeating: "1\r\nX\r\n", count: 20_000) + "0\r\n\r\n"
        #expect(try decode(Array(plain.utf8), split: 5).body.count == 20_000)
    }

    /// Leading zeros of a chunk size are padding, bounded with the extensions: 4,090 zeros
    /// before each one-byte chunk made the server read 200 MB for 48 KB of body (the attack
    /// run of stop 25). A few zeros, and zeros inside a size, are not padding.
    @Test func chunkSizePaddingIsBoundedPerBody() throws {
        let zeros = String(repeating: "0", count: 4000)
        let four = String(repeating: "\(zeros)1\r\nX\r\n", count: 4) + "0\r\n\r\n"
        #expect(try decode(Array(four.utf8), split: 7).body == Array("XXXX".utf8))
        let five = String(repeating: "\(zeros)1\r\nX\r\n", count: 5) + "0\r\n\r\n"
        #expect {
            _ = try decode(Array(five.utf8), split: 9000)
        } throws: { ($0 as? RequestError)?.status.code == 413 }
        // The last chunk's zeros count too.
        let lastChunk = String(repeating: "\(zeros)1\r\nX\r\n", count: 4) + String(repeating: "0", count: 1000) + "\r\n\r\n"
        #expect {
            _ = try decode(Array(lastChunk.utf8), split: 1000)
        } throws: { ($0 as? RequestError)?.status.code == 413 }
        let sizes = String(repeating: "0010\r\n0123456789abcdef\r\n", count: 10_000) + "000\r\n\r\n"
        #expect(try decode(Array(sizes.utf8), split: 4096).body.count == 160_000)
    }
}

struct EncodingTests {
    @Test func formatsDatesNumbersAndLogLines() throws {
        // The Date field is the shared IMF-fixdate of the current second.
        var encoder = ResponseEncoder()
        let dateLine = ByteWriter(capacity: 8)
        encoder.appendDate(to: dateLine)
        let field = String(decoding: dateLine.copy(), as: UTF8.self)
        #expect(field.hasPrefix("Date: ") && field.hasSuffix(" GMT\r\n") && field.utf8.count == 37)
        let value = String(decoding: field.utf8.dropFirst(6).dropLast(2), as: UTF8.self)  // without "Date: " and CRLF
        let sent = try #require(HTTPDate.parse(value)).timeIntervalSince1970
        #expect(abs(sent - Date().timeIntervalSince1970) < 5)
        let out = ByteWriter(capacity: 8)
        out.appendDecimal(1234567)
        out.append(0x20)
        out.appendHex(0x1f40)
        out.append(0x20)
        out.appendHex(0)
        out.append(0x20)
        out.appendDecimal(-42)
        out.appendCRLF()
        ResponseEncoder.appendStatusLine(.ok, to: out)
        ResponseEncoder.appendStatusLine(Status(200, reason: "Fine"), to: out)
        ResponseEncoder.appendStatusLine(Status(299), to: out)
        #expect(String(decoding: out.bytes, as: UTF8.self)
                == "1234567 1f40 0 -42\r\nHTTP/1.1 200 OK\r\nHTTP/1.1 200 Fine\r\nHTTP/1.1 299 Unknown\r\n")
        let entry = AccessLogEntry(remoteHost: "127.0.0.1", time: 784111777, requestLine: "GET /\"x\" HTTP/1.1",
                                   status: 404, bytes: 0, durationNanos: 1_234_000)
        let plain = AccessLog.format(entry, color: false)
        #expect(plain.hasPrefix("127.0.0.1 - - ["))
        #expect(plain.hasSuffix("] \"GET /\\\"x\\\" HTTP/1.1\" 404 - 1.234ms\n"))
        #expect(AccessLog.format(entry, color: true).contains("\u{1B}[33m404\u{1B}[0m"))
    }
}
