import Testing
import Werk
import WerkMiddleware
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// Draining (EventLoop+Drain.swift): readiness turns to draining at once, requests that
/// arrive on kept connections are still answered, idle ones close after the keep-alive drain
/// period, and the whole drain ends by the grace period's deadline.
struct DrainTests {
    /// The test app behind `health`, sharing the options' readiness.
    static func start(_ change: (inout ServerOptions) -> Void) throws -> (LiveServer, ServerOptions) {
        let options = LiveServer.testOptions(change)
        return (try LiveServer(app: stack(health(options.readiness), app: testApp()), options: options), options)
    }

    @Test func readyzSays503WhileDrainingAndTheConnectionCloses() throws {
        let (live, options) = try Self.start { $0.keepAliveDrainPeriod = .seconds(3) }
        defer { live.stop() }
        // Ready once serving starts (a request may be answered a moment before).
        live.server.servingLatch.wait()
        let balancer = try live.connect()
        try balancer.send(get("/readyz"))
        let ready = try balancer.readResponse()
        #expect(ready.status == 200 && ready.text == "ready\n")
        #expect(options.readiness.state == .ready)

        live.server.shutdown()
        #expect(options.readiness.state == .draining)
        // The kept connection is still served during the keep-alive drain period, and told so.
        try balancer.send(get("/readyz"))
        let draining = try balancer.readResponse()
        #expect(draining.status == 503 && draining.text == "draining\n")
        #expect(draining.header("Connection")?.lowercased() == "close")
        #expect(balancer.waitClosed(timeout: 3) == "closed")
        #expect(live.stop())
    }

    @Test func idleConnectionsCloseAfterTheKeepAliveDrainPeriod() throws {
        let (live, _) = try Self.start { $0.keepAliveDrainPeriod = .milliseconds(800) }
        defer { live.stop() }
        let idle = try live.connect()
        try idle.send(get("/hello"))
        #expect(try idle.readResponse().text == "Hello, World!")
        let start = Sys.now()
        live.server.shutdown()
        // Closed (a FIN, not a reset), and not before the period.
        #expect(idle.waitClosed(timeout: 5) == "closed")
        #expect(elapsed(since: start) >= 0.6)
        #expect(live.stop())
    }

    @Test func theDrainEndsByTheGracePeriodWhateverIsInFlight() throws {
        let (live, _) = try Self.start {
            $0.shutdownGracePeriod = .seconds(1)
            $0.lingerTimeout = .seconds(2)
        }
        defer { live.stop() }
        let slow = try live.connect()
        try slow.send(get("/sleep?ms=4000"))
        var quick: RawClient? = try live.connect()
        try quick?.send(get("/sleep?ms=500"))
        usleep(150_000)
        let start = Sys.now()
        live.server.shutdown()
        // A request that ends within the grace period is answered, with Connection: close.
        let answered = try #require(quick).readResponse()
        #expect(answered.text == "slept")
        #expect(answered.header("Connection")?.lowercased() == "close")
        quick = nil  // its client closes, which ends the server's lingering close
        // The one that would outlast it does not hold the server: serveForever returns after
        // the grace period (plus a little), not after 4 s, nor after the grace period and the
        // linger time (3 s, before).
        #expect(live.stop(timeout: 8))
        let took = elapsed(since: start)
        #expect(took >= 0.9, "returned before the grace period: \(took) s")
        #expect(took < 1.8, "the drain overran its deadline: \(took) s")
        // The handler that outlived the deadline ends later; its thread leaves last and lets
        // the loops and their group go (they refer to each other), so nothing leaks.
        #expect(eventually(within: 8) { live.server.pool.liveThreads == 0 })
        #expect(eventually(within: 2) { live.server.group.loops.isEmpty })
        // Its connection is closed when it ends (no thread runs the loop to take it up), not
        // left open for the life of the process.
        #expect(live.server.openConnections == 0)
        withExtendedLifetime(slow) {}
    }

    @Test func aLingeringCloseStillHasItsTimeAfterTheGracePeriod() throws {
        let (live, _) = try Self.start {
            $0.shutdownGracePeriod = .milliseconds(500)
            $0.lingerTimeout = .seconds(2)
        }
        defer { live.stop() }
        // A client that keeps its connection after its answer: the server's lingering close
        // reads and discards what it may still send (so no reset destroys the answer) until it
        // closes or the linger time ends, grace period or not.
        let chatty = try live.connect()
        try chatty.send(get("/sleep?ms=300"))
        usleep(100_000)
        let start = Sys.now()
        live.server.shutdown()
        #expect(try chatty.readResponse().text == "slept")
        #expect(live.stop(timeout: 8))
        let took = elapsed(since: start)
        #expect(took >= 1.5, "the lingering close was cut short: \(took) s")
        #expect(took < 3.5, "the drain overran its deadline: \(took) s")
    }

    @Test func aClientThatConnectsDuringTheDrainIsRefusedAtOnce() throws {
        let (live, _) = try Self.start { $0.shutdownGracePeriod = .seconds(3) }
        defer { live.stop() }
        let slow = try live.connect()
        try slow.send(get("/sleep?ms=1500"))
        usleep(150_000)
        live.server.shutdown()
        usleep(300_000)
        // The listening socket is closed: connecting fails now. Before, the kernel completed
        // the handshake into a backlog nobody accepted from, the request got no answer, and the
        // connection was reset when the drain ended.
        let start = Sys.now()
        let late = try? RawClient(port: live.port, timeout: 2)
        #expect(late == nil, "a connection made during the drain")
        #expect(elapsed(since: start) < 1)
        // The request in flight is still answered.
        let answered = try slow.readResponse()
        #expect(answered.text == "slept")
        #expect(live.stop())
    }

    @Test func whereProcessesShareTheSocketAnIdleConnectionGetsASecond() throws {
        // A prefork worker's rolling restart: the other workers take the clients up. With the
        // default keep-alive drain period (zero) idle connections closed at once, and a request
        // sent at that moment was lost (4-5 per restart under load).
        let (live, _) = try Self.start { _ in }
        live.server.markMultiprocess()
        defer { live.stop() }
        let idle = try live.connect()
        try idle.send(get("/hello"))
        #expect(try idle.readResponse().text == "Hello, World!")
        live.server.shutdown()
        usleep(300_000)
        try idle.send(get("/hello"))
        let answer = try idle.readResponse()
        #expect(answer.text == "Hello, World!")
        #expect(answer.header("Connection")?.lowercased() == "close")
        #expect(live.stop())
    }
}
