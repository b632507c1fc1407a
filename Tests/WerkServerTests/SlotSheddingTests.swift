import Foundation
import Testing
import Werk
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// A thread that waits for a stalled client while holding its slot (every slot it could lend
/// is lent already) gives the client up once requests queue for a slot (`BlockingIO`).
struct SlotSheddingTests {
    /// A client that asks for a long stream and reads nothing.
    static func stalledStream(_ live: LiveServer) throws -> RawClient {
        let client = try live.connect(timeout: 8)
        var small: Int32 = 4096
        setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &small, 4)
        try client.send(get("/stream?n=100000&size=65536"))
        return client
    }

    /// One slot: the first stalled client's thread lends it, the second's cannot (one lender
    /// per slot) and holds it. A request without a body is then served at once: the holder
    /// gives up its stalled client (before, the request got 503 until the minimum rate's grace
    /// period, 10 s, ran out). The lender's client, which holds no slot, is left alone.
    @Test func aStalledClientHoldingTheLastSlotIsShedWhenARequestQueues() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions {
            $0.threads = 1
            $0.maxQueueWait = .milliseconds(300)
        })
        defer { live.stop() }
        let lender = try Self.stalledStream(live)
        usleep(200_000)
        let holder = try Self.stalledStream(live)
        usleep(300_000)
        let started = Sys.now()
        let probe = try live.connect()
        try probe.send(get("/hello"))
        let answer = try probe.readResponse()
        #expect(answer.status == 200, "got \(answer.status) while a stalled client held the only slot")
        #expect(elapsed(since: started) < 0.25)
        // One stalled client was dropped; the probe's connection is still open. (Not told by
        // reading the dropped one: what the server had queued for it drains at the pace of
        // its tiny window.)
        withExtendedLifetime((lender, holder, probe)) {
            #expect(live.server.openConnections == 2)
        }
    }

    /// A client that keeps the minimum rate is never given up, even while it holds the only
    /// slot and requests queue: an upload at 2 KB/s (a wait of 100 ms between pieces, longer
    /// than `maxQueueWait`) is answered in full; the queued request gets 503 instead.
    @Test func aClientThatKeepsTheRateKeepsItsSlot() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.threads = 1 })
        defer { live.stop() }
        let lender = try Self.stalledStream(live)
        usleep(200_000)
        let text = String(repeating: "u", count: 100_000)
        let upload = try live.connect()
        try upload.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100000\r\n\r\n" + text.prefix(70_000))
        var sent = 70_000
        var statuses: [Int] = []
        for round in 0..<15 {
            usleep(100_000)
            try upload.send(String(text.prefix(200)))
            sent += 200
            if round == 5 {
                let probe = try live.connect()
                try probe.send(get("/hello"))
                statuses.append(try probe.readResponse().status)
            }
        }
        try upload.send(String(text.prefix(100_000 - sent)))
        let answer = try upload.readResponse()
        #expect(answer.status == 200 && answer.body.count == 100_000)
        #expect(statuses == [503])
        withExtendedLifetime(lender) {}
    }

    /// While nothing queues, a thread that holds its slot keeps waiting for its client (up to
    /// the minimum rate), as before.
    @Test func withoutAQueueAStalledClientKeepsItsSlot() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.threads = 1 })
        defer { live.stop() }
        let lender = try Self.stalledStream(live)
        usleep(200_000)
        let holder = try Self.stalledStream(live)
        usleep(1_000_000)
        #expect(live.server.openConnections == 2)
        _ = (lender, holder)
    }
}
