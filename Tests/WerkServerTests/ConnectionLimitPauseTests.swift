import Foundation
import Testing
@testable import WerkServer
@testable import Werk

/// The connection limit's pause under closes racing the count: accepting is paused only while
/// the limit is reached, never left paused with room and nobody holding a connection (then no
/// close would ever come to lift it, and the server would stop accepting for good).
struct ConnectionLimitPauseTests {
    @Test func aCloseRacingThePauseNeverLeavesAcceptingPausedForGood() {
        let group = LoopGroup(listeners: [], maxConnections: 1)
        let stuck = Locked<Bool>(false)
        let finished = DispatchSemaphore(value: 0)
        let rounds = 200_000
        // Two "loops", each accepting only while accepting is not paused, as EventLoop does.
        for _ in 0..<2 {
            Thread {
                defer { finished.signal() }
                for _ in 0..<rounds where !stuck.withLock({ $0 }) {
                    let deadline = Date().addingTimeInterval(1)
                    while group.isAcceptPaused {
                        if Date() > deadline { stuck.withLock { $0 = true }; return }
                    }
                    if group.openConnection() { group.closeConnection() }
                }
            }.start()
        }
        finished.wait()
        finished.wait()
        let wasStuck = stuck.withLock { $0 }
        #expect(!wasStuck, "accepting stayed paused with \(group.openConnections) connections open")
        #expect(group.openConnections == 0)
    }
}
