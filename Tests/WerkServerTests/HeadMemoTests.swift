import Testing
#if canImport(Glibc)
import Glibc
#endif
import Werk
@testable import WerkServer

/// A connection's last head stands for the same bytes again, and for nothing else.
struct HeadMemoTests {
    typealias Parsed = HeadReuseTests.Parsed
    static let form = "POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n"

    func head(_ memo: inout HeadMemo, _ text: String, keep: Bool = true) throws -> RequestHead {
        try Array(text.utf8).withUnsafeBytes { raw throws(RequestError) in try memo.head(for: raw, limits: HeadLimits(), keep: keep) }
    }

    func match(_ memo: HeadMemo, _ text: String) -> (head: RequestHead, count: Int)? {
        Array(text.utf8).withUnsafeBytes { memo.match($0) }
    }

    @Test func theSameBytesAreTheSameHead() throws {
        var memo = HeadMemo()
        let first = try head(&memo, Self.form, keep: false)
        #expect(memo.isEmpty, "a head is kept only when asked (from a connection's second request on)")
        let second = try head(&memo, Self.form)
        #expect(second !== first && !memo.isEmpty)
        #expect(try head(&memo, Self.form) === second)
        #expect(Parsed(second) == Parsed(first))
    }

    @Test(arguments: [
        "POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n",
        "POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Type: application/x-www-form-urlencodeD\r\n\r\n",
        "POST /form HTTP/1.0\r\nHost: a\r\nContent-Length: 5\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n",
        "PUT /form HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\n",
        "POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n",
        "POST /form HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n",
    ])
    func otherBytesAreParsed(_ other: String) throws {
        var memo = HeadMemo()
        let kept = try head(&memo, Self.form)
        #expect(match(memo, other) == nil)
        let parsed = try head(&memo, other)
        #expect(parsed !== kept)
        #expect(Parsed(parsed) == Parsed(try HeadReuseTests.head(other)))
        #expect(try head(&memo, other) === parsed, "the new head is kept in its place")
    }

    @Test func aMatchIsAPrefixOfExactlyTheKeptBytes() throws {
        var memo = HeadMemo()
        let kept = try head(&memo, Self.form)
        let length = Self.form.utf8.count
        // Followed by its body and a pipelined request: the head ends where it ended before.
        let buffered = match(memo, Self.form + "a=1&bGET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(buffered?.head === kept && buffered?.count == length)
        #expect(match(memo, String(Self.form.dropLast())) == nil, "a head not all there yet")
        #expect(match(memo, "\r\n" + Self.form) == nil, "an empty line first is scanned as usual")
        #expect(match(memo, "P" + Self.form.dropFirst().lowercased()) == nil)
        #expect(match(HeadMemo(), Self.form) == nil)
    }

    @Test func aLargeHeadIsNotKept() throws {
        var memo = HeadMemo()
        let kept = try head(&memo, Self.form)
        let cookie = "Cookie: c=" + String(repeating: "x", count: HeadMemo.maxKeptSize) + "\r\n"
        let large = "GET / HTTP/1.1\r\nHost: a\r\n" + cookie + "\r\n"
        let parsed = try head(&memo, large)
        #expect(parsed !== kept && parsed.headers["Cookie"]?.utf8.count == HeadMemo.maxKeptSize + 2)
        #expect(match(memo, large) == nil, "not kept")
        #expect(try head(&memo, Self.form) === kept, "the head kept before stays")
        // One just at the size is kept.
        let fitting = "GET / HTTP/1.1\r\nHost: a\r\nX: " + String(repeating: "y", count: HeadMemo.maxKeptSize - 32) + "\r\n\r\n"
        #expect(fitting.utf8.count == HeadMemo.maxKeptSize)
        let fits = try head(&memo, fitting)
        #expect(match(memo, fitting)?.head === fits)
    }

    @Test func aRefusalKeepsNothing() throws {
        var memo = HeadMemo()
        let kept = try head(&memo, Self.form)
        #expect(throws: RequestError.self) {
            _ = try head(&memo, "POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")
        }
        #expect(try head(&memo, Self.form) === kept)
        memo.forget()
        #expect(memo.isEmpty && match(memo, Self.form) == nil)
    }

    /// Over a socket: the same head with different bodies, pipelined, then a different head and
    /// the first again; each request gets its own body and its own target.
    @Test func pipelinedEqualHeadsKeepTheirOwnBodies() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.activeThreads = 1 })
        defer { live.stop() }
        let client = try live.connect()
        let post = { (body: String) in "POST /echo?x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n" + body }
        try client.send(post("one..") + post("two..") + post("three") + post("four.") + get("/echo?y") + post("five."))
        for expected in ["one..", "two..", "three", "four."] {
            let response = try client.readResponse()
            #expect(response.status == 200 && response.text == expected)
            #expect(response.header("X-Query") == "x" && response.header("X-Method") == "POST")
        }
        let other = try client.readResponse()
        #expect(other.status == 200 && other.header("X-Query") == "y" && other.header("X-Method") == "GET")
        let last = try client.readResponse()
        #expect(last.status == 200 && last.text == "five." && last.header("X-Query") == "x")
    }

    /// A head that arrives in pieces is scanned and parsed (the memo is tried only when a head's
    /// first bytes arrive, so a trickled head costs no comparison per read), and still comes out
    /// right: the kept head when its bytes are equal, its own head when one byte differs.
    @Test func headsInPiecesAfterAKeptHead() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.activeThreads = 1 })
        defer { live.stop() }
        let client = try live.connect()
        let head = { (query: String) in "GET /echo?\(query) HTTP/1.1\r\nHost: a\r\nX-Pad: 0123456789abcdef\r\n\r\n" }
        try client.send(head("aa") + head("aa"))
        for _ in 0..<2 { #expect(try client.readResponse().header("X-Query") == "aa") }
        for query in ["aa", "ab", "aa"] {
            let bytes = Array(head(query).utf8)
            for piece in [bytes[..<5], bytes[5..<40], bytes[40...]] {
                try client.send(Array(piece))
                usleep(20_000)
            }
            let response = try client.readResponse()
            #expect(response.status == 200 && response.header("X-Query") == query)
        }
    }
}
