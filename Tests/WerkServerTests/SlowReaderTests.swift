import Testing
import Werk
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// Clients that take a large response slowly, against the minimum data rate (2,000 B/s after
/// 1 s here). Linux reports room in a socket again only when about half of a full send
/// buffer drained, so the server counts what the client took from the socket's queue at the
/// deadline (`SendQueueWatch`); a client above the rate keeps its response, one that reads
/// nothing is still dropped soon. Both for a response the loop writes (`/big`, in memory) and
/// one a thread streams (`/stream`).
struct SlowReaderTests {
    private static func options() -> ServerOptions {
        LiveServer.testOptions {
            $0.writeTimeout = .seconds(30)
            $0.minimumDataRate = 2000
            $0.minimumRateGracePeriod = .seconds(1)
        }
    }

    static let paths = ["/big?size=64000000", "/stream?n=100000&size=65536"]

    /// A server with `options()` and a client that sent it `GET path` and reads nothing yet.
    private static func requested(_ path: String) throws -> (LiveServer, RawClient) {
        let live = try LiveServer(app: testApp(), options: options())
        let client = try live.connect(timeout: 8)
        try client.send(get(path))
        return (live, client)
    }

    @Test(arguments: paths)
    func aClientReadingAboveTheRateKeepsItsResponse(_ path: String) throws {
        let (live, client) = try Self.requested(path)
        defer { live.stop() }
        // 200,000 B/s for 4 s: a hundred times the rate, yet slow enough that the socket
        // buffers hold seconds of it (and loopback's window opens in steps of up to 64 KiB).
        // Before, the loop (or thread) saw no room in the socket within the grace period and
        // dropped it at about 1 s.
        var scratch = [UInt8](repeating: 0, count: 10_000)
        var received = 0
        let start = Sys.now()
        while elapsed(since: start) < 4 {
            let n = scratch.withUnsafeMutableBytes { recv(client.fd, $0.baseAddress, 10_000, 0) }
            guard n > 0 else { break }
            received += n
            usleep(50_000)
        }
        #expect(received > 400_000)
        #expect(live.server.openConnections == 1, "dropped after \(received) bytes")
    }

    @Test(arguments: paths)
    func aClientThatReadsNothingIsStillDroppedSoon(_ path: String) throws {
        // Its kernel took what fits in its receive buffer (and acknowledged it): that first
        // move of the queue buys nothing, or it would buy the longest wait (30 s here): it goes
        // after the grace period and as long again of watching the queue (1 s each here).
        let (live, client) = try Self.requested(path)
        defer { live.stop() }
        let start = Sys.now()
        #expect(eventually(within: 8) { live.server.openConnections == 0 })
        #expect(elapsed(since: start) < 5)
        withExtendedLifetime(client) {}
    }
}
