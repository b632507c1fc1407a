import Foundation
import Testing
import Werk
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// `ServerOptions.notSentLowWatermark`: accepted TCP connections hold at most that many unsent
/// response bytes in their socket; nil leaves the socket as the system makes it.
struct NotSentLowWatermarkTests {
    /// The server's end of `client`'s connection, found among this process's descriptors by
    /// the client's local port.
    private func serverSide(of client: RawClient) -> Int32? {
        var local = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &local) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(client.fd, $0, &length) } }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        for name in names {
            guard let fd = Int32(name), fd != client.fd else { continue }
            var peer = sockaddr_in()
            var peerLength = socklen_t(MemoryLayout<sockaddr_in>.size)
            let found = withUnsafeMutablePointer(to: &peer) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(fd, $0, &peerLength) } }
            if found == 0, peer.sin_family == sa_family_t(AF_INET), peer.sin_port == local.sin_port { return fd }
        }
        return nil
    }

    private func lowWatermark(_ fd: Int32) -> Int32 {
        var value: Int32 = -1
        var length = socklen_t(4)
        _ = getsockopt(fd, Int32(IPPROTO_TCP), 25 /* TCP_NOTSENT_LOWAT */, &value, &length)
        return value
    }

    /// Bytes in the socket that were never sent (ioctl SIOCOUTQNSD).
    private func unsent(_ fd: Int32) -> Int32 {
        var value: Int32 = -1
        _ = ioctl(fd, 0x894B /* SIOCOUTQNSD */, &value)
        return value
    }

    /// A client that does not read an 8 MiB response: the server's socket is given what the
    /// network takes plus at most the watermark, where without it the whole send buffer fills
    /// (megabytes on loopback).
    @Test(arguments: [128 * 1024, nil] as [Int?])
    func unsentBytesStayUnderTheWatermark(watermark: Int?) throws {
        let big = [UInt8](repeating: 0x61, count: 8 * 1024 * 1024)
        let app = AppFunction { _, startResponse in
            try startResponse(.ok, Headers([("Content-Type", "application/octet-stream")]))
            return Body(big)
        }
        let live = try LiveServer(app: app, options: LiveServer.testOptions { $0.notSentLowWatermark = watermark })
        defer { live.stop() }
        let client = try live.connect(timeout: 10)
        // A small receive buffer, so the client's window fills soon and the rest stays unsent.
        var small: Int32 = 64 * 1024
        setsockopt(client.fd, SOL_SOCKET, SO_RCVBUF, &small, 4)
        try client.send(get("/"))
        // The loop accepts it meanwhile.
        var found: Int32?
        for _ in 0..<200 where found == nil {
            usleep(10_000)
            found = serverSide(of: client)
        }
        let fd = try #require(found)
        usleep(300_000)
        let waiting = unsent(fd)
        if let watermark {
            #expect(lowWatermark(fd) == Int32(watermark))
            // The last write may pass the mark by what it had in hand (one 64 KiB piece).
            #expect(waiting >= 0 && waiting <= Int32(watermark + 128 * 1024), "unsent: \(waiting)")
        } else {
            #expect(lowWatermark(fd) == 0)
            #expect(waiting > 1024 * 1024, "unsent: \(waiting)")
        }
        // The client then takes it all.
        let answer = try client.readResponse()
        #expect(answer.body.count == big.count)
    }
}
