import Testing
import Werk
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// Which queued requests get 503: a stuck queue's after `maxQueueWait`, a moving one's only
/// after `maxQueueTime` (`QueueWatch`, then over sockets).
struct QueueWaitTests {
    let ms: UInt64 = 1_000_000

    /// Ticks of 5 ms from `start` with the queue as `letIn` says; the last cutoff.
    func tick(_ watch: inout QueueWatch, from start: UInt64, ticks: Int, queued: Bool = true,
                     letIn: (Int) -> Int) -> UInt64 {
        var cutoff: UInt64 = 0
        for i in 0..<ticks { cutoff = watch.cutoff(now: start + UInt64(i) * 5 * ms, queued: queued, letIn: letIn(i)) }
        return cutoff
    }

    @Test func aStuckQueueRefusesAfterTheShortWait() {
        var watch = QueueWatch(stuckWait: .milliseconds(50), longestWait: .seconds(1), tick: 5 * ms)
        let start: UInt64 = 1_000 * ms
        // 9 ticks stuck: 40 ms seen, requests may still wait up to a second.
        #expect(tick(&watch, from: start, ticks: 9) { _ in 7 } == start + 40 * ms - 1_000 * ms)
        // The tenth tick makes it 45, the eleventh 50: then what waited 50 ms goes.
        _ = watch.cutoff(now: start + 45 * ms, queued: true, letIn: 7)
        #expect(watch.cutoff(now: start + 50 * ms, queued: true, letIn: 7) == start)
    }

    @Test func aQueueThatMovesWaitsUpToTheLongWait() {
        var watch = QueueWatch(stuckWait: .milliseconds(50), longestWait: .seconds(1), tick: 5 * ms)
        let start: UInt64 = 2_000 * ms
        // One request let in every third tick (15 ms): never stuck for 50 ms.
        let cutoff = tick(&watch, from: start, ticks: 100) { $0 / 3 }
        #expect(cutoff == start + 495 * ms - 1_000 * ms)
        #expect(watch.stuckTime < 50 * ms)
    }

    @Test func anEmptyQueueIsNeverStuck() {
        var watch = QueueWatch(stuckWait: .milliseconds(50), longestWait: .seconds(1), tick: 5 * ms)
        _ = tick(&watch, from: 1_000 * ms, ticks: 40, queued: false) { _ in 0 }
        #expect(watch.stuckTime == 0)
    }

    /// A monitor kept off the CPU for 200 ms counts two ticks of it, not 200 ms: the threads
    /// that would have moved the queue were off it too.
    @Test func aLongGapBetweenTicksCountsAsTwoTicks() {
        var watch = QueueWatch(stuckWait: .milliseconds(50), longestWait: .seconds(1), tick: 5 * ms)
        _ = watch.cutoff(now: 1_000 * ms, queued: true, letIn: 3)
        _ = watch.cutoff(now: 1_200 * ms, queued: true, letIn: 3)
        #expect(watch.stuckTime == 10 * ms)
    }

    /// The long wait is at least the short one (a `maxQueueWait` of 5 s keeps requests 5 s).
    @Test func theLongWaitIsAtLeastTheShortOne() {
        let watch = QueueWatch(stuckWait: .seconds(5), longestWait: .seconds(1), tick: 5 * ms)
        #expect(watch.longestWait == 5_000 * ms)
    }

    /// Sends `/sleep?ms=M` on `count` connections at once to a one-slot server; the statuses.
    static func burst(_ live: LiveServer, count: Int, ms: Int) throws -> [Int] {
        var clients: [RawClient] = []
        for _ in 0..<count {
            let client = try live.connect(timeout: 10)
            try client.send(get("/sleep?ms=\(ms)"))
            clients.append(client)
        }
        return try clients.map { try $0.readResponse().status }
    }

    /// Ten 15 ms requests for one slot: the last waits about 135 ms in a queue that lets one in
    /// every 15 ms. Each is served (before, every request that waited over 50 ms got 503).
    @Test func requestsInAMovingQueueAreServed() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.threads = 1 })
        defer { live.stop() }
        let statuses = try Self.burst(live, count: 10, ms: 15)
        #expect(statuses == Array(repeating: 200, count: 10), "got \(statuses)")
    }

    /// Eight 30 ms requests with `maxQueueTime` 100 ms: those that would wait longer get 503.
    @Test func aMovingQueueStillEndsAtTheLongWait() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions {
            $0.threads = 1
            $0.maxQueueTime = .milliseconds(100)
        })
        defer { live.stop() }
        let statuses = try Self.burst(live, count: 8, ms: 30)
        #expect(statuses.filter { $0 == 200 }.count >= 2, "got \(statuses)")
        #expect(statuses.filter { $0 == 503 }.count >= 2, "got \(statuses)")
        #expect(Set(statuses).isSubset(of: [200, 503]), "got \(statuses)")
    }
}
