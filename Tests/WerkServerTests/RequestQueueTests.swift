import Testing
@testable import WerkServer

/// The queue of requests waiting for a slot (`RequestQueue`), without sockets: order, the
/// capacity, which requests expire, and the dead front dropped as it moves.
struct RequestQueueTests {
    /// A waiting request: its number and when it was queued.
    struct Waiting: QueueEntry, Equatable {
        let id: Int
        let since: UInt64
    }

    func queue(_ sinces: [UInt64], capacity: Int = 100) -> RequestQueue<Waiting> {
        var queue = RequestQueue<Waiting>(capacity: capacity)
        for (id, since) in sinces.enumerated() {
            let added = queue.append(Waiting(id: id, since: since))
            #expect(added)
        }
        return queue
    }

    @Test func oldestFirstAndRefusedWhenFull() {
        var queue = queue([10, 20, 30], capacity: 3)
        let added = queue.append(Waiting(id: 9, since: 40))
        #expect(!added)
        #expect(queue.count == 3)
        let first = queue.popFirst()
        #expect(first?.id == 0)
        let addedAfterPop = queue.append(Waiting(id: 3, since: 40))
        #expect(addedAfterPop)
        var rest: [Int] = []
        while let next = queue.popFirst() { rest.append(next.id) }
        #expect(rest == [1, 2, 3] && queue.isEmpty)
        var none = RequestQueue<Waiting>(capacity: 0)
        let addedToNone = none.append(Waiting(id: 0, since: 0))
        #expect(!addedToNone)
    }

    @Test(arguments: [
        // (cutoff, keep, expired ids, ids left)
        (UInt64(25), 0, [0, 1], [2, 3]),
        (25, 1, [1], [0, 2, 3]),
        (25, 5, [], [0, 1, 2, 3]),
        (5, 0, [], [0, 1, 2, 3]),
        (100, 2, [2, 3], [0, 1]),
        (100, -1, [0, 1, 2, 3], []),
    ])
    func expiredAreTakenButTheHeadKeepsItsPlace(_ cutoff: UInt64, _ keep: Int, _ expired: [Int], _ left: [Int]) {
        var queue = queue([10, 20, 30, 40])
        #expect(queue.takeExpired(before: cutoff, keeping: keep).map(\.id) == expired)
        var rest: [Int] = []
        while let next = queue.popFirst() { rest.append(next.id) }
        #expect(rest == left)
    }

    @Test func aLongRunningQueueStaysInOrderAsItsFrontIsDropped() {
        // Many more requests pass than it ever holds at once: the dead front is dropped on the
        // way (past 1,024) and nothing is lost or reordered.
        var queue = RequestQueue<Waiting>(capacity: 3_000)
        var next = 0
        var taken: [Int] = []
        for round in 0..<50 {
            for _ in 0..<(round % 2 == 0 ? 300 : 100) {
                let added = queue.append(Waiting(id: next, since: UInt64(next)))
                #expect(added)
                next += 1
            }
            for _ in 0..<150 { if let entry = queue.popFirst() { taken.append(entry.id) } }
        }
        while let entry = queue.popFirst() { taken.append(entry.id) }
        #expect(taken == Array(0..<next))
    }
}
