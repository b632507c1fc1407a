import Testing
import Werk
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// A client that sends part of a request and hangs up frees its connection at once, not at the
/// header or body timeout: epoll (edge-triggered) reports the hang-up once, usually together
/// with the last bytes, so the loop has to read on to the end after draining them. Before, such
/// connections stayed open for the whole timeout, and a client opening and dropping them in a
/// loop held thousands of the server's descriptors and connection slots while holding none.
struct PeerCloseTests {
    enum Ending: CaseIterable, Sendable { case fin, reset }

    static let partialRequests = [
        "GET /hello HTTP/1.1\r\nHost: t\r\nX-Part",                                      // a head
        "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\nabc",               // a body the loop reads
        "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab",  // a chunked body
    ]

    @Test(arguments: partialRequests, Ending.allCases)
    func aPartialRequestThenAHangUpFreesTheConnection(_ partial: String, _ ending: Ending) throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions {
            $0.headerTimeout = .seconds(30)
            $0.bodyTimeout = .seconds(30)
        })
        defer { live.stop() }
        var halfClosed: [RawClient] = []
        for _ in 0..<10 {
            let client = try live.connect()
            switch ending {
            case .fin:
                // Corked, the bytes wait and leave with the FIN in one segment: one event says both.
                var one: Int32 = 1
                setsockopt(client.fd, Int32(IPPROTO_TCP), TCP_CORK, &one, 4)
                try client.send(partial)
                shutdown(client.fd, Int32(SHUT_WR))
                halfClosed.append(client)
            case .reset:
                try client.send(partial)
                var abort = linger(l_onoff: 1, l_linger: 0)
                setsockopt(client.fd, SOL_SOCKET, SO_LINGER, &abort, socklen_t(MemoryLayout<linger>.size))
                // Dropped here: close(2) with a zero linger sends RST.
            }
        }
        #expect(eventually(within: 3) { live.server.openConnections == 0 },
                "\(live.server.openConnections) connections still open")
        // The server saw the end and closed: each half-closed client reads EOF, no response.
        for client in halfClosed { #expect(client.waitClosed(timeout: 3) == "closed") }
        // And it still serves.
        let probe = try live.connect()
        try probe.send(get("/hello"))
        #expect(try probe.readResponse().status == 200)
    }

    @Test func aWholeRequestThenAHalfCloseIsAnsweredThenClosed() throws {
        // A client may send its request and shut down its side (RFC 9112 s9.6 lets the server
        // close after the response): it gets the answer first.
        let live = try LiveServer(app: testApp())
        defer { live.stop() }
        let client = try live.connect()
        var one: Int32 = 1
        setsockopt(client.fd, Int32(IPPROTO_TCP), TCP_CORK, &one, 4)
        try client.send(get("/hello") + "GET /hello HTTP/1.1\r\nHost: t\r\nX-Cut")
        shutdown(client.fd, Int32(SHUT_WR))
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(client.waitClosed(timeout: 3) == "closed")
        #expect(eventually(within: 3) { live.server.openConnections == 0 })
    }
}
