import Testing
import Werk
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// The most handlers that ran at once, and how many run now.
private final class Concurrency: Sendable {
    private let state = Locked((now: 0, most: 0))
    func enter() { state.withLock { $0.now += 1; $0.most = max($0.most, $0.now) } }
    func leave() { state.withLock { $0.now -= 1 } }
    var most: Int { state.withLock { $0.most } }
}

/// A loop whose requests are slower than the stall threshold hands them to pool threads
/// (`EventLoop.handOffUntil`), so they run side by side instead of one per threshold.
struct HandOffTests {
    /// An app whose `/slow` takes `milliseconds`, counting how many run at once.
    private func slowApp(_ concurrency: Concurrency, milliseconds: Int) -> AppFunction {
        AppFunction { environ, startResponse in
            if environ.pathInfo == "/slow" {
                concurrency.enter()
                usleep(UInt32(milliseconds * 1000))
                concurrency.leave()
            }
            try startResponse(.ok, Headers([("Content-Type", "text/plain")]))
            return Body("done")
        }
    }

    @Test func slightlySlowRequestsRunSideBySide() throws {
        // One loop, 20 connections each sending 40 ms requests, three rounds. Before the
        // hand-off, the thread that took a stalled loop over served the next request itself and
        // stalled in turn: a new request started every 10-15 ms, at most 4 ran at once.
        let concurrency = Concurrency()
        let live = try LiveServer(app: slowApp(concurrency, milliseconds: 40),
                                  options: LiveServer.testOptions { $0.threads = 32; $0.activeThreads = 1 })
        defer { live.stop() }
        let clients = try (0..<20).map { _ in try live.connect(timeout: 10) }
        for _ in 0..<3 {
            for client in clients { try client.send(get("/slow")) }
            for client in clients { #expect(try client.readResponse().text == "done") }
        }
        #expect(concurrency.most >= 12, "at most \(concurrency.most) slow requests ran at once")
        // A fast request on the same loop is served meanwhile, and after the window again inline.
        let other = try live.connect()
        try other.send(get("/fast"))
        #expect(try other.readResponse().text == "done")
    }

    @Test func theHandOffWindowOpensWithASlowRequestAndStaysOpenWhileTheyCome() throws {
        let live = try LiveServer(app: slowApp(Concurrency(), milliseconds: 40),
                                  options: LiveServer.testOptions { $0.activeThreads = 1 })
        defer { live.stop() }
        let client = try live.connect()
        try client.send(get("/fast"))
        #expect(try client.readResponse().text == "done")
        let loop = try #require(live.server.group.loops.first)
        #expect(loop.handOffUntil.load(ordering: .relaxed) == 0)
        // Served by the loop's thread, which the stall monitor found stalled: a short window
        // (a thread kept off its CPU by the scheduler looks the same).
        try client.send(get("/slow"))
        #expect(try client.readResponse().text == "done")
        let afterStall = loop.handOffUntil.load(ordering: .relaxed)
        #expect(afterStall != 0 && afterStall <= Sys.now() + EventLoop.handOffAfterStall)
        // The next one is handed to a pool thread (if it comes within that window: a few tries
        // for a loaded machine) and slow there too: the long window, which only that sets.
        var longWindow = false
        for _ in 0..<5 where !longWindow {
            try client.send(get("/slow"))
            #expect(try client.readResponse().text == "done")
            longWindow = loop.handOffUntil.load(ordering: .relaxed) > Sys.now() + EventLoop.handOffWindow / 2
        }
        #expect(longWindow)
    }

    /// Paths for `queuedRequestsDoNotStartAThreadEach`: every request slow, or slow and fast
    /// ones mixed (then loops are taken over while they serve one inline, and the thread that
    /// lost its loop frees its slot as its task ends too).
    static let mixes: [[String]] = [["/slow"], ["/slow", "/fast", "/fast"]]

    @Test(arguments: mixes)
    func queuedRequestsDoNotStartAThreadEach(_ paths: [String]) throws {
        // 40 connections of 20 ms requests on 8 slots: requests queue, and each thread that
        // frees a slot lets the next one in. It used to give it to a new thread while it was
        // itself about to go idle, so the pool grew to about twice the slots (134 threads with
        // 64 slots and 300 clients) and idle threads lingered 30 s. The thread that frees the
        // slot now takes the next request itself.
        let live = try LiveServer(app: slowApp(Concurrency(), milliseconds: 20),
                                  options: LiveServer.testOptions {
                                      $0.threads = 8; $0.activeThreads = 1; $0.maxQueuedRequests = 1000; $0.maxQueueWait = .seconds(2)
                                  })
        defer { live.stop() }
        let clients = try (0..<40).map { _ in try live.connect(timeout: 10) }
        let most = Locked(0)
        let sampling = Locked(true)
        let pool = live.server.pool
        let sampler = Latch()
        try startDetachedThread(stackSize: nil) {
            while sampling.withLock({ $0 }) {
                let now = pool.liveThreads
                most.withLock { $0 = max($0, now) }
                usleep(500)
            }
            sampler.set()
        }
        for round in 0..<8 {
            for (index, client) in clients.enumerated() { try client.send(get(paths[(index + round) % paths.count])) }
            for client in clients { #expect(try client.readResponse().text == "done") }
        }
        sampling.withLock { $0 = false }
        _ = sampler.wait(timeoutNanos: 2_000_000_000)
        // The slots, the loop's thread and a few starting or leaving.
        #expect(most.withLock { $0 } <= 8 + 1 + 3, "\(most.withLock { $0 }) threads for 8 slots")
    }
}
