/// When to give up on a client that sends a body, or takes a response, too slowly: after
/// `idleTimeout` without progress, or once the time spent waiting for it passes `grace` and the
/// bytes moved fall below `minimumRate` per second of that waiting. Only time the server waits
/// for the client counts, so an application that produces a stream slowly is never blamed; and
/// only bytes moved once the server first had to wait, so the burst that fills the socket
/// buffers at the start earns no credit (else a client could sit on megabytes of it).
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
    /// Nanoseconds spent waiting, finished waits only.
    private(set) var waited: UInt64 = 0
    /// Bytes moved so far.
    private(set) var bytes = 0
    /// When the current wait began, 0 when not waiting.
    private(set) var waitingSince: UInt64 = 0
    /// When the current wait must end.
    private(set) var deadline: UInt64 = .max

    /// A deadline with these settings and nothing moved yet.
    init(idleTimeout: UInt64, minimumRate: Int, grace: UInt64) {
        self.idleTimeout = idleTimeout
        self.minimumRate = max(0, minimumRate)
        self.grace = grace
    }

    /// The rules of `options` for a request body (`bodyTimeout`) or a response (`writeTimeout`).
    init(_ options: ServerOptions, forResponse: Bool) {
        self.init(idleTimeout: (forResponse ? options.writeTimeout : options.bodyTimeout).nanoseconds,
                  minimumRate: options.minimumDataRate, grace: options.minimumRateGracePeriod.nanoseconds)
    }

    /// Starts a wait at `now` and computes its deadline.
    mutating func startWaiting(at now: UInt64) {
        waitingSince = now
        deadline = deadline(from: now, grace: grace)
    }

    /// When a wait that began at `now` must end, with `grace` nanoseconds of grace.
    private func deadline(from now: UInt64, grace: UInt64) -> UInt64 {
        let limit = now &+ idleTimeout
        guard minimumRate > 0 else { return limit }
        // Waiting W in total is allowed while bytes >= rate * (W - grace): W <= grace + bytes / rate.
        let (scaled, overflow) = UInt64(bytes).multipliedReportingOverflow(by: 1_000_000_000)
        let allowed = overflow ? UInt64.max : grace &+ scaled / UInt64(minimumRate)
        return allowed <= waited ? now : min(limit, now &+ (allowed - waited))
    }

    /// When the current wait would end if the grace period were `grace` (shorter than the
    /// rule's own): a thread that holds an application slot others wait for allows its
    /// client only that much. `.max` when not waiting or when the rate is off.
    func deadline(withGrace grace: UInt64) -> UInt64 {
        guard waitingSince != 0, minimumRate > 0 else { return .max }
        return min(deadline, deadline(from: waitingSince, grace: grace))
    }

    /// Ends the current wait at `now`, with `moved` bytes transferred.
    mutating func stopWaiting(at now: UInt64, moved: Int) {
        if waitingSince != 0 && now > waitingSince { waited &+= now - waitingSince }
        waitingSince = 0
        deadline = .max
        bytes += moved
    }

    /// Records `moved` bytes transferred without waiting (counted once a wait happened).
    mutating func record(_ moved: Int) {
        if waited > 0 || waitingSince != 0 { bytes += moved }
    }

    /// True when a wait that began earlier has passed its deadline at `now`.
    func hasExpired(at now: UInt64) -> Bool { waitingSince != 0 && now >= deadline }
}
