import Foundation
import Testing
import Werk
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// Large request bodies the event loop spools to a file once `maxStreamedBodies` stream to the
/// application (`BodySpool`, `EventLoop+Spool`).
struct BodySpoolTests {
    static func spoolAll(_ change: (inout ServerOptions) -> Void = { _ in }) -> ServerOptions {
        LiveServer.testOptions {
            $0.maxStreamedBodies = 0
            change(&$0)
        }
    }

    static func body(_ length: Int) -> String {
        String((0..<length).map { Character(UnicodeScalar(UInt8(97 + $0 % 26))) })
    }

    static func chunked(_ text: String, size: Int) -> String {
        var out = ""
        var rest = Substring(text)
        while !rest.isEmpty {
            let piece = rest.prefix(size)
            out += String(piece.utf8.count, radix: 16) + "\r\n" + piece + "\r\n"
            rest = rest.dropFirst(piece.count)
        }
        return out + "0\r\n\r\n"
    }

    /// Waits (bounded) until no spool holds budget: every spool file was closed.
    static func budgetReturns(_ live: LiveServer) -> Bool { budgetReaches(live, 0) }

    /// Waits (bounded, 5 s for the sanitizers) until the spools hold `bytes` of budget.
    static func budgetReaches(_ live: LiveServer, _ bytes: Int) -> Bool {
        for _ in 0..<500 {
            if live.server.context.spoolBudget.inUse == bytes { return true }
            usleep(10_000)
        }
        return false
    }

    @Test(arguments: [70_000, 300_000])
    func aSpooledBodyReachesTheAppWholeAndTheNextRequestFollows(length: Int) throws {
        let live = try LiveServer(app: testApp(), options: Self.spoolAll())
        defer { live.stop() }
        let client = try live.connect()
        let text = Self.body(length)
        let bytes = Array(("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: \(length)\r\n\r\n" + text + get("/id?next")).utf8)
        // In pieces, so the loop spools over several reads.
        for start in stride(from: 0, to: bytes.count, by: 50_000) {
            try client.send(Array(bytes[start..<min(start + 50_000, bytes.count)]))
            usleep(20_000)
            // The spool holds what arrived (the app has not run yet).
            if start == 0 { #expect(live.server.context.spoolBudget.inUse == 50_000 - (bytes.count - length - get("/id?next").utf8.count)) }
        }
        let echoed = try client.readResponse()
        #expect(echoed.status == 200 && echoed.text == text)
        #expect(try client.readResponse().text == "id=next")
        #expect(Self.budgetReturns(live))
    }

    @Test(arguments: [1, 4096])
    func aSpooledChunkedBodyIsDecodedForTheApp(chunkSize: Int) throws {
        let live = try LiveServer(app: testApp(), options: Self.spoolAll())
        defer { live.stop() }
        let client = try live.connect()
        let text = Self.body(chunkSize == 1 ? 20_000 : 200_000)
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + Self.chunked(text, size: chunkSize) + get("/id?after"))
        let echoed = try client.readResponse()
        #expect(echoed.status == 200 && echoed.text == text)
        #expect(try client.readResponse().text == "id=after")
        #expect(Self.budgetReturns(live))
    }

    /// The spool holds a chunked body's data, not its framing: one-byte chunks (six bytes each
    /// on the wire) held six times their data in budget and on disk (the attack run of stop 25).
    @Test func aSpooledChunkedBodyHoldsItsDataOnly() throws {
        let live = try LiveServer(app: testApp(), options: Self.spoolAll())
        defer { live.stop() }
        let client = try live.connect()
        let text = Self.body(30_000)
        let framed = Self.chunked(text, size: 1)
        // Without the last chunk (five bytes; "\r\n" is one Character, so by UTF-8).
        try client.send(Array("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n".utf8) + Array(framed.utf8.dropLast(5)))
        var held = 0
        for _ in 0..<100 {
            held = live.server.context.spoolBudget.inUse
            if held == 30_000 { break }
            usleep(10_000)
        }
        #expect(held == 30_000)
        try client.send("0\r\n\r\n")
        let echoed = try client.readResponse()
        #expect(echoed.status == 200 && echoed.text == text)
        #expect(Self.budgetReturns(live))
    }

    /// Binary data in chunks of random sizes (a fixed sequence), with a trailer: the app gets
    /// the same bytes, and the pipelined request after the body is served.
    @Test func aSpooledChunkedBodyOfRandomChunksIsByteExact() throws {
        let live = try LiveServer(app: testApp(), options: Self.spoolAll())
        defer { live.stop() }
        let client = try live.connect()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        let data = (0..<300_000).map { _ in UInt8(truncatingIfNeeded: next()) }
        var framed = Array("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n".utf8)
        var start = 0
        while start < data.count {
            let size = min(data.count - start, Int(next() % 20_000) + 1)
            framed += Array((String(size, radix: 16) + "\r\n").utf8) + data[start..<start + size] + [0x0D, 0x0A]
            start += size
        }
        framed += Array("0\r\nX-Checksum: 1\r\n\r\n".utf8) + Array(get("/id?after").utf8)
        try client.send(framed)
        let echoed = try client.readResponse()
        #expect(echoed.status == 200 && echoed.body == data)
        #expect(try client.readResponse().text == "id=after")
        #expect(Self.budgetReturns(live))
    }

    /// The client waits for a 100 before it sends: the loop, which reads the body, sends it.
    @Test func theLoopSendsTheContinueOfASpooledBody() throws {
        let live = try LiveServer(app: testApp(), options: Self.spoolAll())
        defer { live.stop() }
        let client = try live.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        #expect(try client.readResponse(skipInterim: false).status == 100)
        try client.send("hello")
        let echoed = try client.readResponse()
        #expect(echoed.status == 200 && echoed.text == "hello")
    }

    /// The 100 for a spooled body waits while the socket is full of the response before it
    /// (a client that reads that response late): it goes out once the client reads, and the
    /// connection goes on (before, the loop closed the connection when the 100 did not fit).
    @Test(arguments: [0, 100_000, 3_000_000])
    func theContinueWaitsForRoomAfterAResponseTheClientReadsLate(streamBytes: Int) throws {
        let live = try LiveServer(app: testApp(), options: Self.spoolAll())
        defer { live.stop() }
        let client = try live.connect(timeout: 10)
        try client.send(get("/stream?n=\(max(1, streamBytes / 10_000))&size=10000")
                        + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        usleep(300_000)
        #expect(try client.readResponse().status == 200)
        #expect(try client.readResponse(skipInterim: false).status == 100)
        try client.send("hello")
        #expect(try client.readResponse().text == "hello")
    }

    /// Bodies spooled at once hold at most `maxSpooledBodyBytes` of what they received (not of
    /// what they declare): the body that would pass it gets 503 with Retry-After; a body larger
    /// than the whole budget streams as before.
    @Test func theSpoolBudgetIsShared() throws {
        let live = try LiveServer(app: testApp(), options: Self.spoolAll {
            $0.maxSpooledBodyBytes = 150_000
            // The idle client waits through the whole test (slow under the sanitizers).
            $0.bodyTimeout = .seconds(120)
            $0.minimumRateGracePeriod = .seconds(120)
        })
        defer { live.stop() }
        let text = Self.body(100_000)
        // Declared lengths alone hold nothing: the idle client holds the one byte it sent. (It
        // sends one so the test can wait for the loop to have taken its head: with the head
        // alone, a loaded loop could read the first client's bytes before it, and then the
        // declared 100,000 no longer fitted.)
        let idle = try live.connect()
        try idle.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n" + text.prefix(1))
        #expect(Self.budgetReaches(live, 1))
        let first = try live.connect()
        try first.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n" + text.prefix(90_000))
        #expect(Self.budgetReaches(live, 90_001))
        let second = try live.connect()
        try second.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n" + text.prefix(70_000))
        let refused = try second.readResponse()
        #expect(refused.status == 503 && refused.header("Retry-After") == "1")
        // A declared length that does not fit is refused before any 100 asks for the body.
        let asking = try live.connect()
        try asking.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\nExpect: 100-continue\r\n\r\n")
        #expect(try asking.readResponse(skipInterim: false).status == 503)
        let huge = try live.connect()
        let hugeText = Self.body(200_000)
        try huge.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 200000\r\n\r\n" + hugeText)
        #expect(try huge.readResponse().text == hugeText)
        try first.send(String(text.dropFirst(90_000)))
        #expect(try first.readResponse().text == text)
        // Once the first spool is gone (its input freed after the answer), the idle one fits.
        #expect(Self.budgetReaches(live, 1))
        try idle.send(String(text.dropFirst(1)))
        let late = try idle.readResponse()
        #expect(late.status == 200 && late.text == text, "\(late.status), \(late.body.count) bytes")
        #expect(Self.budgetReturns(live))
        let third = try live.connect()
        try third.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n" + Self.body(100_000))
        #expect(try third.readResponse().status == 200)
    }

    /// A spool makes its file when the first body bytes come: clients that send only a head
    /// (and are told 100 Continue) cost a socket each, no file; the file is unlinked at once.
    @Test func aSpoolMakesItsFileWithTheFirstBytes() throws {
        let budget = SpoolBudget(limit: 1000)
        let directory = NSTemporaryDirectory()
        let spool = BodySpool(directory: directory, budget: budget)
        #expect(spool.fd == -1)
        var scratch = [UInt8](repeating: 0, count: 16)
        #expect(try scratch.withUnsafeMutableBytes { try spool.read(into: $0.baseAddress!, count: 16) } == 0)
        try Array("hello".utf8).withUnsafeBytes { try spool.append($0) }
        #expect(spool.fd >= 0 && budget.inUse == 5)
        var status = stat()
        #expect(fstat(spool.fd, &status) == 0 && status.st_nlink == 0)  // unlinked
        spool.rewind()
        let n = try scratch.withUnsafeMutableBytes { try spool.read(into: $0.baseAddress!, count: 16) }
        #expect(String(decoding: scratch[..<n], as: UTF8.self) == "hello")
        #expect(throws: SpoolError.budgetExhausted) { try [UInt8](repeating: 1, count: 996).withUnsafeBytes { try spool.append($0) } }
        #expect(budget.inUse == 5)
    }

    @Test func aSpooledChunkedBodyOverTheLimitGets413() throws {
        let live = try LiveServer(app: testApp(), options: Self.spoolAll { $0.maxContentLength = 100_000 })
        defer { live.stop() }
        let client = try live.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + Self.chunked(Self.body(150_000), size: 8192))
        #expect(try client.readResponse().status == 413)
        #expect(Self.budgetReturns(live))
    }

    @Test func brokenFramingInASpooledChunkedBodyGets400() throws {
        let live = try LiveServer(app: testApp(), options: Self.spoolAll())
        defer { live.stop() }
        let client = try live.connect()
        let valid = Self.chunked(Self.body(70_000), size: 10_000).dropLast(5)  // without the last chunk
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + valid)
        usleep(50_000)
        try client.send("zz\r\n")
        #expect(try client.readResponse().status == 400)
        #expect(Self.budgetReturns(live))
    }

    @Test func aStalledSpooledBodyGets408() throws {
        let live = try LiveServer(app: testApp(), options: Self.spoolAll { $0.bodyTimeout = .milliseconds(500) })
        defer { live.stop() }
        let client = try live.connect()
        try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n" + Self.body(70_000))
        usleep(100_000)
        #expect(live.server.context.spoolBudget.inUse == 70_000)
        #expect(try client.readResponse().status == 408)
        #expect(Self.budgetReturns(live))
    }

    /// The attack: more clients than twice the threads send large bodies slowly. Bodies past
    /// `maxStreamedBodies` are spooled, so a request without a body is still served at once
    /// (before, every slot was held and it got 503), and each body is answered once it is in.
    @Test func slowLargeBodiesLeaveThreadsForOtherRequests() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions {
            $0.threads = 2
            $0.maxQueueWait = .milliseconds(50)
        })
        defer { live.stop() }
        let text = Self.body(100_000)
        var slow: [RawClient] = []
        for _ in 0..<8 {
            let client = try live.connect()
            try client.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n" + text.prefix(1000))
            slow.append(client)
            usleep(30_000)
        }
        usleep(200_000)
        for _ in 0..<3 {
            let started = Sys.now()
            let probe = try live.connect()
            try probe.send(get("/hello"))
            let answer = try probe.readResponse()
            #expect(answer.status == 200, "a request without a body got \(answer.status) while slow bodies arrive")
            #expect(elapsed(since: started) < 1)
            usleep(100_000)
        }
        for client in slow { try client.send(String(text.dropFirst(1000))) }
        for client in slow { #expect(try client.readResponse().text == text) }
        #expect(Self.budgetReturns(live))
    }
}

/// The `100 Continue` a connection owes goes out in pieces as its socket takes them.
struct OwedContinueTests {
    @Test func theContinueWaitsForRoomInAFullSocket() throws {
        var fds: [Int32] = [0, 0]
        #expect(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0)
        defer { Glibc.close(fds[0]); Glibc.close(fds[1]) }
        _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
        // Fill the server side's buffer with an earlier response.
        let filler = [UInt8](repeating: 0x2E, count: 4096)
        var queued = 0
        while true {
            let n = filler.withUnsafeBytes { send(fds[0], $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n <= 0 { break }
            queued += n
        }
        let connection = Connection(fd: fds[0], token: 1, listenerIndex: 0, remoteHost: "", remotePort: 0)
        connection.continueOwed = Connection.interimContinue.utf8CodeUnitCount
        #expect(connection.sendOwedContinue())
        #expect(connection.continueOwed == 25)  // nothing fit
        // The client reads the earlier response; the 100 then goes out whole, after it.
        var received: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: 65536)
        while received.count < queued {
            let n = scratch.withUnsafeMutableBytes { recv(fds[1], $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received += scratch[..<n]
            if connection.continueOwed > 0 { #expect(connection.sendOwedContinue()) }
        }
        #expect(connection.continueOwed == 0)
        while received.count < queued + 25 {
            let n = scratch.withUnsafeMutableBytes { recv(fds[1], $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            received += scratch[..<n]
        }
        #expect(String(decoding: received.suffix(25), as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n")
        #expect(received.count == queued + 25)
    }
}
