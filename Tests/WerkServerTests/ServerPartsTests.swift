import Testing
@testable import WerkServer

/// The server's parts that need no socket: the connection table, the pace rules, the 100-continue
/// gate and the input buffer.
struct ConnectionTableTests {
    final class Item {
        let token: UInt64
        init(_ token: UInt64) { self.token = token }
    }

    @Test func tokensFindTheirElementAndNothingElse() {
        var table = ConnectionTable<Item>()
        let a = table.insert { Item($0) }
        let b = table.insert { Item($0) }
        #expect(a >= ConnectionTable<Item>.firstToken && b != a)
        #expect(table[a]?.token == a && table[b]?.token == b)
        #expect(table.count == 2)
        #expect(table[0] == nil && table[1] == nil)  // the wake-up fd and a listener
        #expect(table[b &+ 1] == nil)
    }

    @Test func aReusedSlotGetsANewGenerationSoStaleEventsFindNothing() {
        var table = ConnectionTable<Item>()
        let first = table.insert { Item($0) }
        #expect(table.remove(first)?.token == first)
        #expect(table.remove(first) == nil)
        let second = table.insert { Item($0) }
        #expect(second != first)  // same slot, new generation
        #expect(table[first] == nil)  // an event for the old connection
        #expect(table[second]?.token == second)
        #expect(table.count == 1)
    }

    @Test func manyInsertsAndRemovalsKeepCountAndOrder() {
        var table = ConnectionTable<Item>()
        var live: [UInt64] = []
        for round in 0..<1000 {
            live.append(table.insert { Item($0) })
            if round % 3 == 2 { table.remove(live.removeFirst()) }
        }
        #expect(table.count == live.count)
        #expect(Set(table.elements.map(\.token)) == Set(live))
        var visited = 0
        table.forEach { _ in visited += 1 }
        #expect(visited == live.count)
        #expect(table.nextToken == table.insert { Item($0) })
    }
}

struct RateDeadlineTests {
    private let second: UInt64 = 1_000_000_000

    @Test func idleTimeoutBoundsEachWait() {
        var rate = RateDeadline(idleTimeout: 5 * second, minimumRate: 0, grace: 0)
        rate.startWaiting(at: 100 * second)
        #expect(rate.deadline == 105 * second)
        #expect(!rate.hasExpired(at: 104 * second) && rate.hasExpired(at: 105 * second))
    }

    @Test func minimumRateAppliesAfterTheGracePeriod() {
        let t = 100 * second
        var rate = RateDeadline(idleTimeout: 60 * second, minimumRate: 1000, grace: 10 * second)
        rate.startWaiting(at: t)
        #expect(rate.deadline == t + 10 * second)  // nothing moved: the grace period only
        rate.stopWaiting(at: t + 4 * second, moved: 2000)  // 2 s of credit
        rate.startWaiting(at: t + 5 * second)
        // Waited 4 s; may wait 10 + 2 - 4 = 8 s more.
        #expect(rate.deadline == t + 13 * second)
    }

    @Test func aClientBelowTheRateIsOutOfTimeAtOnce() {
        let t = 100 * second
        var rate = RateDeadline(idleTimeout: 60 * second, minimumRate: 1000, grace: 1 * second)
        rate.startWaiting(at: t)
        rate.stopWaiting(at: t + 3 * second, moved: 100)
        rate.startWaiting(at: t + 3 * second)
        #expect(rate.deadline == t + 3 * second)
        #expect(rate.hasExpired(at: t + 3 * second))
    }

    @Test func bytesMovedBeforeTheFirstWaitEarnNoCredit() {
        let t = 100 * second
        var rate = RateDeadline(idleTimeout: 60 * second, minimumRate: 1000, grace: 1 * second)
        rate.record(50_000_000)  // the burst that filled the socket buffers
        rate.startWaiting(at: t)
        #expect(rate.deadline == t + 1 * second)
        rate.stopWaiting(at: t + 1, moved: 0)
        rate.record(3000)  // after a wait: counted
        rate.startWaiting(at: t + 2)
        #expect(rate.deadline == t + 2 + 4 * second - 1)
    }

    /// A fast burst earns at most the idle timeout of waiting ahead: a client that sent 16 MiB
    /// and then a byte every 8 s is out of time after about 20 s of that (the grace and the
    /// balance), not after the four and a half hours 16 MiB would buy at 1 KiB/s (attack run 5,
    /// finding 3).
    @Test func earnedWaitingIsCappedSoABurstBuysNoHours() {
        let t = 100 * second
        var rate = RateDeadline(idleTimeout: 10 * second, minimumRate: 1024, grace: 10 * second)
        rate.startWaiting(at: t)
        rate.stopWaiting(at: t + second, moved: 16 << 20)
        #expect(rate.balance == 10 * 1_000_000_000)
        var now = t + second
        var waits = 0
        while waits < 100 {
            rate.startWaiting(at: now)
            if rate.deadline < now + 8 * second { break }
            now += 8 * second
            rate.stopWaiting(at: now, moved: 1)
            waits += 1
        }
        // 10 s of balance (the cap) and 10 s of grace: two waits of 8 s fit, then 4 s are
        // left (and the 2 ms the two bytes earned).
        #expect(waits == 2)
        #expect(rate.deadline == now + 4 * second + 2 * 976_562)
        // A response's rule (30 s write timeout) keeps up to 30 s; bytes before any wait, none.
        var response = RateDeadline(idleTimeout: 30 * second, minimumRate: 1024, grace: 10 * second)
        response.record(1 << 20)
        #expect(response.balance == 0)
        response.startWaiting(at: t)
        response.stopWaiting(at: t + second, moved: 16 << 20)
        #expect(response.balance == 30 * 1_000_000_000)
    }

    /// The deadline with a shorter grace period (a thread that holds a slot others wait for):
    /// a client that moved nothing is out of time after that grace; one that keeps the rate
    /// keeps the same time as under the full grace, less the grace it no longer has.
    @Test func aShorterGraceEndsAStalledClientsWaitEarlier() {
        let t = 100 * second
        let ms: UInt64 = 1_000_000
        var rate = RateDeadline(idleTimeout: 60 * second, minimumRate: 1000, grace: 10 * second)
        #expect(rate.deadline(withGrace: 50 * ms) == .max)  // not waiting
        rate.startWaiting(at: t)
        #expect(rate.deadline == t + 10 * second)
        #expect(rate.deadline(withGrace: 50 * ms) == t + 50 * ms)
        rate.stopWaiting(at: t + 1 * second, moved: 4000)  // 4 s of credit after 1 s of waiting
        rate.startWaiting(at: t + 2 * second)
        #expect(rate.deadline(withGrace: 50 * ms) == t + 2 * second + 3 * second + 50 * ms)
        // Never later than the rule's own deadline.
        var idle = RateDeadline(idleTimeout: 1 * second, minimumRate: 1000, grace: 10 * second)
        idle.startWaiting(at: t)
        #expect(idle.deadline(withGrace: 5 * second) == t + 1 * second)
        // The rate off: no shorter deadline.
        var off = RateDeadline(idleTimeout: 60 * second, minimumRate: 0, grace: 10 * second)
        off.startWaiting(at: t)
        #expect(off.deadline(withGrace: 50 * ms) == .max)
    }
}

struct ContinueGateTests {
    @Test func theHundredGoesOutOnceWhenTheAppReadsFirst() {
        let gate = ContinueGate(expected: true)
        #expect(gate.bodyWasNeverAsked)
        #expect(gate.openForReading())
        #expect(!gate.openForReading())
        gate.responseStarted()
        #expect(gate.state == .sent && !gate.bodyWasNeverAsked)
    }

    @Test func aResponseFirstMeansNoHundredEver() {
        let gate = ContinueGate(expected: true)
        gate.responseStarted()
        #expect(!gate.openForReading())
        #expect(gate.state == .skipped && gate.bodyWasNeverAsked)
    }

    @Test func nothingIsOwedWithoutTheExpectation() {
        let gate = ContinueGate(expected: false)
        #expect(!gate.openForReading())
        gate.responseStarted()
        #expect(gate.state == .notExpected && !gate.bodyWasNeverAsked)
    }
}

struct ReadBufferTests {
    @Test func aHeadArrivingAByteAtATimeIsAppendedNotRecopied() {
        // Each byte is appended; the buffer doubles, so the bytes moved stay linear in the size.
        let buffer = ReadBuffer(capacity: 16)
        var scanner = HeadScanner()
        let head = Array(("GET / HTTP/1.1\r\nHost: a\r\nX-Pad: " + String(repeating: "p", count: 30_000) + "\r\n\r\n").utf8)
        var growths = 0, lastCapacity = buffer.capacity
        var result = HeadScanner.Result.incomplete
        for byte in head {
            [byte].withUnsafeBytes { buffer.append($0) }
            if buffer.capacity != lastCapacity { growths += 1; lastCapacity = buffer.capacity }
            result = scanner.scan(buffer.readable, limits: HeadLimits())
        }
        #expect(result == .complete(start: 0, end: head.count))
        #expect(growths <= 12)  // 16 B -> 32 KiB in doublings
        #expect(buffer.count == head.count)
    }

    @Test func consumeAndCompactKeepTheRest() {
        let buffer = ReadBuffer(capacity: 16)
        Array("0123456789abcdef".utf8).withUnsafeBytes { buffer.append($0) }
        buffer.consume(10)
        #expect(buffer.spare == 0)
        buffer.reserve(8)  // compacts first
        #expect(buffer.capacity == 16 && Array(buffer.readable) == Array("abcdef".utf8))
        buffer.consume(6)
        #expect(buffer.isEmpty)
    }
}
