/// Decides, at each tick of the stall monitor, which queued requests get 503: one that has
/// waited `maxQueueWait` gets it unless the queue let in at least as many requests during the
/// last `maxQueueWait` as wait ahead of it, so that it may expect to get in within about as
/// long again. A stuck queue (every slot held by a request that does not end) refuses everything
/// that waited `maxQueueWait`; a queue that moves fast keeps what it will soon let in.
///
/// Before, every request that waited `maxQueueWait` got 503. Many fast clients on a machine
/// whose threads are all runnable (the pool's 64 on two cores) queue for longer than 50 ms
/// now and then, and the conformance suite's load test got a 503 from a server that was
/// keeping up.
///
/// The let-ins are counted over the last `maxQueueWait` of time the monitor saw pass, at most
/// two ticks for each of its sleeps: a monitor kept off the CPU (or a paused process) comes
/// back to a queue that the other threads had no time to move either.
struct QueueWatch {
    /// How long a request waits before it may be refused, and the span let-ins are counted over (ns).
    let window: UInt64
    /// The most one tick adds to the time seen (ns).
    let longestTick: UInt64
    /// Time the monitor saw pass (ns), and the let-ins so far at each tick within the window
    /// (the first entry is the last tick before it).
    private var seen: UInt64 = 0
    private var lastTick: UInt64 = 0
    private var samples: [(seen: UInt64, letIn: Int)] = []

    /// The most ticks kept (ticks come every few milliseconds; this only bounds the memory
    /// should they come faster).
    static let mostSamples = 256

    init(maxQueueWait: Duration, tick: UInt64) {
        window = maxQueueWait.nanoseconds
        longestTick = 2 * tick
    }

    /// What to refuse at `now`, when the pool has let in `letIn` queued requests so far: of the
    /// requests queued before `cutoff`, those beyond the first `keep`.
    mutating func look(now: UInt64, letIn: Int) -> (cutoff: UInt64, keep: Int) {
        if lastTick != 0 && now > lastTick { seen += min(now - lastTick, longestTick) }
        lastTick = now
        samples.append((seen, letIn))
        let start = seen > window ? seen - window : 0
        while samples.count >= 2 && (samples[1].seen <= start || samples.count > QueueWatch.mostSamples) { samples.removeFirst() }
        return (now > window ? now - window : 0, max(0, letIn - samples[0].letIn))
    }
}
