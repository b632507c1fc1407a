/// When to give up on a client that sends a body, or takes a response, too slowly: after
/// `idleTimeout` without progress, or once the time spent waiting for it passes `grace` and the
/// bytes moved fall below `minimumRate` per second of that waiting. Only time the server waits
/// for the client counts, so an application that produces a stream slowly is never blamed; and
/// only bytes moved once the server first had to wait, so the burst that fills the socket
/// buffers at the start earns no credit (else a client could sit on megabytes of it).
///
/// The waiting a client has earned ahead by moving bytes (its balance) is kept to at most
/// `idleTimeout`: the rate is an average over the recent past, not the whole transfer.
/// Averaged over the whole transfer, a client that sent 16 MiB fast had earned four and a half
/// hours of waiting at 1 KiB/s, and could then hold its upload's spool (or its response) for
/// that long at a byte every few seconds.
///
/// Sans-IO: the caller reports waits and progress with monotonic nanoseconds.
///
///     var rate = RateDeadline(idleTimeout: 10_000_000_000, minimumRate: 1024, grace: 10_000_000_000)
///     rate.startWaiting(at: now)
///     if now >= rate.deadline { /* 408, or drop */ }
///     rate.stopWaiting(at: later, moved: 512)
struct RateDeadline: Sendable, Equatable {
    /// The longest single wait, in nanoseconds.
    let idleTimeout: UInt64
    /// Bytes per second of waiting owed after the grace period; 0 turns the rate off.
    let minimumRate: Int
    /// Nanoseconds of waiting before the rate applies.
    let grace: UInt64
    /// The most waiting a client can have earned ahead (ns): `idleTimeout`.
    let maxBalance: Int64
    /// Nanoseconds of waiting earned and not used: `1 s / minimumRate` per byte moved, less each
    /// finished wait, never more than `maxBalance`. The wait allowed is `grace` plus it.
    private(set) var balance: Int64 = 0
    /// Whether the server waited for this client yet (bytes count only from then on).
    private(set) var hasWaited = false
    /// When the current wait began, 0 when not waiting.
    private(set) var waitingSince: UInt64 = 0
    /// When the current wait must end.
    private(set) var deadline: UInt64 = .max

    /// A deadline with these settings and nothing moved yet.
    init(idleTimeout: UInt64, minimumRate: Int, grace: UInt64) {
        self.idleTimeout = idleTimeout
        self.minimumRate = max(0, minimumRate)
        self.grace = grace
        maxBalance = Int64(clamping: idleTimeout)
    }

    /// The rules of `options` for a request body (`bodyTimeout`) or a response (`writeTimeout`).
    init(_ options: ServerOptions, forResponse: Bool) {
        self.init(idleTimeout: (forResponse ? options.writeTimeout : options.bodyTimeout).nanoseconds,
                  minimumRate: options.minimumDataRate, grace: options.minimumRateGracePeriod.nanoseconds)
    }

    /// Starts a wait at `now` and computes its deadline.
    mutating func startWaiting(at now: UInt64) {
        waitingSince = now
        hasWaited = true
        deadline = deadline(from: now, slack: Int64(clamping: grace) &+ balance)
    }

    /// When a wait that began at `now` must end with `slack` nanoseconds of waiting allowed.
    private func deadline(from now: UInt64, slack: Int64) -> UInt64 {
        let limit = now &+ idleTimeout
        guard minimumRate > 0 else { return limit }
        return slack <= 0 ? now : min(limit, now &+ UInt64(slack))
    }

    /// When the current wait would end if the grace period were `grace` (shorter than the
    /// rule's own): a thread that holds an application slot others wait for allows its
    /// client only that much. `.max` when not waiting or when the rate is off.
    func deadline(withGrace grace: UInt64) -> UInt64 {
        guard waitingSince != 0, minimumRate > 0 else { return .max }
        return min(deadline, deadline(from: waitingSince, slack: Int64(clamping: min(grace, self.grace)) &+ balance))
    }

    /// Ends the current wait at `now`, with `moved` bytes transferred.
    mutating func stopWaiting(at now: UInt64, moved: Int) {
        if waitingSince != 0 && now > waitingSince { balance &-= Int64(clamping: now - waitingSince) }
        waitingSince = 0
        deadline = .max
        credit(moved)
    }

    /// Records `moved` bytes transferred without waiting (counted once a wait happened).
    mutating func record(_ moved: Int) {
        if hasWaited { credit(moved) }
    }

    /// Adds the waiting `moved` bytes earn, up to `maxBalance`.
    private mutating func credit(_ moved: Int) {
        guard moved > 0, minimumRate > 0 else { return }
        let (scaled, overflow) = Int64(moved).multipliedReportingOverflow(by: 1_000_000_000)
        let earned = overflow ? Int64.max : scaled / Int64(minimumRate)
        balance = balance > maxBalance &- earned ? maxBalance : balance &+ earned
    }

    /// True when a wait that began earlier has passed its deadline at `now`.
    func hasExpired(at now: UInt64) -> Bool { waitingSince != 0 && now >= deadline }
}
