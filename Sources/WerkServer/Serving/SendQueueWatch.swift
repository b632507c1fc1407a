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
/// would buy a client that reads nothing the longest wait. The wait goes on for
/// `measuringTime` and looks again (the grace period again, at least a second: loopback's
/// window opens in steps of up to 64 KiB; never longer than one wait may be), and from then on
/// what leaves the queue is what the client reads. Bytes counted here may be counted again when
/// the room they freed is filled; the rate's balance is capped (`RateDeadline`), so that gains a
/// client no more than the cap.
struct SendQueueWatch {
    /// The unacknowledged bytes at the last look; nil when unknown (or not watching).
    private var queued: Int?
    /// Whether the queue was seen to move at an earlier deadline of this response: from then
    /// on, what leaves it is what the client reads.
    private var measured = false

    /// How long to watch the queue after it first moved (ns), for a client held to `rate`.
    static func measuringTime(_ rate: RateDeadline) -> UInt64 { min(max(1_000_000_000, rate.grace), rate.idleTimeout) }

    /// Notes the bytes queued in `fd` as a wait for room begins.
    mutating func start(_ fd: Int32) { queued = Sys.unacknowledged(fd) }

    /// At the deadline `now` of a wait for room in `fd`, held to `rate`: the wait's new
    /// deadline when the client took from the queue since the last look, nil when the wait is
    /// over. The first move buys `measuringTime` (the rate goes on counting the wait from its
    /// start); a later one is credited to `rate`, whose wait starts again.
    mutating func extendedDeadline(_ fd: Int32, _ rate: inout RateDeadline, at now: UInt64) -> UInt64? {
        guard let before = queued, let after = Sys.unacknowledged(fd) else { return nil }
        queued = after
        guard before > after else { return nil }
        guard measured else {
            measured = true
            return now &+ SendQueueWatch.measuringTime(rate)
        }
        rate.stopWaiting(at: now, moved: before - after)
        rate.startWaiting(at: now)
        return rate.deadline > now ? rate.deadline : nil
    }
}
