/// What a client took of a response while the server waited for room in its socket.
///
/// Linux reports room in a TCP socket again only when about half of a full send buffer
/// drained, and the buffer grows to 4 MiB by default: a client reading a large response at
/// 32 KiB/s (thirty times the minimum rate) was seen taking nothing for a minute and dropped at
/// its minimum-rate deadline. So at a deadline, the bytes that left the socket's queue (those
/// the client acknowledged, SIOCOUTQ) count as moved, and a client that keeps the rate waits on.
///
/// The first time the queue is seen to have moved, the move is not counted: it may be the
/// client's receive buffer filling (its kernel acknowledges what it buffers, read or not), which
/// would buy a client that reads nothing the longest wait. From then on the queue is looked at
/// every second (`lookInterval`) until it moves again, for as long as one wait may last (the
/// idle timeout, `writeTimeout`): on loopback, whose segments are 64 KiB, a client reading at
/// 8 KiB/s opens its window only every 10-16 s, so a shorter watch dropped it. What leaves the
/// queue from its second move on is what the client reads, counted against the minimum rate.
/// A client that reads nothing is dropped after the grace period and the idle timeout. Bytes
/// counted here may be counted again when the room they freed is filled; the rate's balance is
/// capped (`RateDeadline`), so that gains a client no more than the cap.
struct SendQueueWatch {
    /// Where the watch stands for this response.
    private enum Phase {
        /// The queue was not seen to move yet.
        case unmoved
        /// It moved once (at `since`, not counted); looking for a second move.
        case measuring(since: UInt64)
        /// It moved twice: what leaves it is what the client reads.
        case counting
    }

    /// The unacknowledged bytes at the last look; nil when unknown (or not watching).
    private var queued: Int?
    private var phase = Phase.unmoved

    /// How often the queue is looked at while waiting for its second move (ns).
    static let lookInterval: UInt64 = 1_000_000_000

    /// Notes the bytes queued in `fd` as a wait for room begins.
    mutating func start(_ fd: Int32) { queued = Sys.unacknowledged(fd) }

    /// At the deadline `now` of a wait for room in `fd`, held to `rate`: the wait's new
    /// deadline, or nil when the wait is over. After the first move the wait goes on in steps
    /// of `lookInterval` until a second move, for at most `rate.idleTimeout` (the rate goes on
    /// counting the wait from its start); a move after that is credited to `rate`, whose wait
    /// starts again.
    mutating func extendedDeadline(_ fd: Int32, _ rate: inout RateDeadline, at now: UInt64) -> UInt64? {
        guard let before = queued, let after = Sys.unacknowledged(fd) else { return nil }
        queued = after
        let moved = before > after
        switch phase {
        case .unmoved:
            guard moved else { return nil }
            phase = .measuring(since: now)
            return now &+ min(SendQueueWatch.lookInterval, rate.idleTimeout)
        case .measuring(let since):
            guard moved else {
                let end = since &+ rate.idleTimeout
                return now < end ? min(end, now &+ SendQueueWatch.lookInterval) : nil
            }
            phase = .counting
        case .counting:
            guard moved else { return nil }
        }
        rate.stopWaiting(at: now, moved: before - after)
        rate.startWaiting(at: now)
        return rate.deadline > now ? rate.deadline : nil
    }
}
