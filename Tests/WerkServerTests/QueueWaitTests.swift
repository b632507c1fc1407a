import Testing
import Werk
@testable import WerkServer
#if canImport(Glibc)
import Glibc
#endif

/// Which queued requests get 503 (`QueueWatch`): those that waited `maxQueueWait`, but for as
/// many at the queue's head as it let in during the last `maxQueueWait`. Then over sockets.
struct QueueWaitTests {
    let ms: UInt64 = 1_000_000

    /// Looks every 5 ms from `start` for `ticks` ticks, the pool having let in `letIn(i)` by
    /// tick i; the last answer.
    func look(_ watch: inout QueueWatch, from start: UInt64, ticks: Int, letIn: (Int) -> Int) -> (cutoff: UInt64, keep: Int) {
        var answer: (cutoff: UInt64, keep: Int) = (0, 0)
        for i in 0..<ticks { answer = watch.look(now: start + UInt64(i) * 5 * ms, letIn: letIn(i)) }
        return answer
    }

    @Test func aStuckQueueKeepsNothingThatWaitedTheWait() {
        var watch = QueueWatch(maxQueueWait: .milliseconds(50), tick: 5 * ms)
        let start: UInt64 = 1_000 * ms
        let answer = look(&watch, from: start, ticks: 30) { $0 < 10 ? $0 : 10 }
        // The last let-in was 100 ms before the last look (at 145 ms).
        #expect(answer.cutoff == start + 145 * ms - 50 * ms)
        #expect(answer.keep == 0)
    }

    @Test func aMovingQueueKeepsWhatItLetsInWithinTheWait() {
        var watch = QueueWatch(maxQueueWait: .milliseconds(50), tick: 5 * ms)
        // Three let-ins a tick: 30 in the last 50 ms.
        let answer = look(&watch, from: 1_000 * ms, ticks: 40) { 3 * $0 }
        #expect(answer.keep == 30)
    }

    @Test func aSlowQueueKeepsFew() {
        var watch = QueueWatch(maxQueueWait: .milliseconds(50), tick: 5 * ms)
        // One let-in every 25 ms (a tick in five).
        let answer = look(&watch, from: 1_000 * ms, ticks: 40) { $0 / 5 }
        #expect(answer.keep == 2)
    }

    /// A monitor kept off the CPU for 200 ms counts two ticks of it: the let-ins before that
    /// gap still count (the threads that would have let more in were off it too).
    @Test func aLongGapBetweenTicksCountsAsTwoTicks() {
        var watch = QueueWatch(maxQueueWait: .milliseconds(50), tick: 5 * ms)
        let start: UInt64 = 1_000 * ms
        _ = look(&watch, from: start, ticks: 20) { 10 * $0 }  // 190 let-ins by 95 ms
        let after = watch.look(now: start + 300 * ms, letIn: 190)
        #expect(after.keep == 80)  // the let-ins of the 40 ms seen before the gap
        #expect(after.cutoff == start + 250 * ms)
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

    /// Seven 10 ms requests for one slot: the last waits about 60-70 ms, in a queue that let
    /// in as many in the last 50 ms as waited ahead of it. Each is served (before, every
    /// request that had waited 50 ms got 503).
    @Test func requestsAQueueWillSoonLetInAreServed() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.threads = 1 })
        defer { live.stop() }
        let statuses = try Self.burst(live, count: 7, ms: 10)
        #expect(statuses == Array(repeating: 200, count: 7), "got \(statuses)")
    }

    /// Eight 40 ms requests for one slot: about one let in every 50 ms, so those further back
    /// than that get 503 once they waited 50 ms; the head of the queue is served.
    @Test func requestsASlowQueueWouldKeepLongGet503() throws {
        let live = try LiveServer(app: testApp(), options: LiveServer.testOptions { $0.threads = 1 })
        defer { live.stop() }
        let statuses = try Self.burst(live, count: 8, ms: 40)
        #expect(statuses.filter { $0 == 200 }.count >= 2, "got \(statuses)")
        #expect(statuses.filter { $0 == 503 }.count >= 3, "got \(statuses)")
        #expect(Set(statuses).isSubset(of: [200, 503]), "got \(statuses)")
    }
}
