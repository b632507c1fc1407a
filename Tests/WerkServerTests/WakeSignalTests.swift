import Foundation
import Testing
@testable import WerkServer
@testable import Werk
#if canImport(Glibc)
import Glibc
#endif

/// The event loop's wake-up under a producer that queues work and signals as fast as it can:
/// every item queued must be taken after a wake-up; none may wait without one.
struct WakeSignalTests {
    @Test func noWakeUpIsLostWhileTheLoopConsumesOne() throws {
        let signal = try WakeSignal()
        defer { signal.close() }
        let queue = Locked<[Int]>([])
        let total = 200_000
        let producer = Thread {
            for item in 0..<total {
                queue.withLock { $0.append(item) }
                signal.signal()
            }
        }
        producer.start()
        var taken = 0
        var stranded = false
        while taken < total {
            // What the loop does: wait for the eventfd, consume it, then take the queue.
            var entry = pollfd(fd: signal.fd, events: Int16(POLLIN), revents: 0)
            if poll(&entry, 1, 2_000) == 0 {
                // Two seconds without a wake-up: anything still queued was stranded.
                stranded = queue.withLock { !$0.isEmpty }
                break
            }
            signal.consume()
            taken += queue.withLock { list in defer { list.removeAll() }; return list.count }
        }
        #expect(!stranded, "items were queued with no wake-up left to take them (\(taken) of \(total) taken)")
        #expect(taken == total)
    }
}
