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
/// would buy a client that reads nothing the longest wait. The caller looks again after
/// `measuringTime` (the grace period again, at least a second: loopback's window opens in steps
/// of up to 64 KiB; never longer than one wait may be), and from then on what leaves the queue
/// is what the client reads. Bytes counted here may be counted again when the room they freed
/// is filled; the rate's balance is capped (`RateDeadline`), so that gains a client no more
/// than the cap.
struct SendQueueWatch {
    /// What a look at the queue found.
    enum Look: Equatable {
        /// Nothing left the queue (or it cannot be told): the deadline stands.
        case nothing
        /// The queue moved for the first time: look again after `measuringTime`.
        case measure
        /// The client took this many bytes since the last look.
        case took(Int)
    }

    /// The unacknowledged bytes at the last look; nil when unknown.
    private var queued: Int?

    /// How long to watch the queue after it first moved (ns), for a client held to `rate`.
    static func measuringTime(_ rate: RateDeadline) -> UInt64 { min(max(1_000_000_000, rate.grace), rate.idleTimeout) }

    /// Notes the bytes queued in `fd` as a wait for room begins.
    mutating func start(_ fd: Int32) { queued = Sys.unacknowledged(fd) }

    /// What the client took from `fd`'s queue since the last look. `measured` says whether the
    /// queue was seen to move before, in any wait of this response (then what moves now is
    /// what the client reads); kept by the caller with the response's `RateDeadline`.
    mutating func look(_ fd: Int32, measured: inout Bool) -> Look {
        guard let before = queued, let now = Sys.unacknowledged(fd) else { return .nothing }
        queued = now
        guard before > now else { return .nothing }
        if !measured {
            measured = true
            return .measure
        }
        return .took(before - now)
    }
}
