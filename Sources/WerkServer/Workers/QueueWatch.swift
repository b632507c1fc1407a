/// Decides, at each tick of the stall monitor, which queued requests get 503: those that waited
/// `maxQueueWait` while the queue was stuck (no queued request let in: every slot held by a
/// request that does not end), and those that waited `maxQueueTime` even though it moved.
///
/// A queue that moves is a busy server, not a stuck one. Many fast clients on a machine whose
/// threads are all runnable (the pool's 64 on two cores) queue for longer than 50 ms now and
/// then; refusing them then answered a 503 to a server that was keeping up.
///
/// Only time the monitor saw pass counts towards a stuck queue, at most two ticks at a time: a
/// monitor kept off the CPU (or a paused process) comes back to a queue that the other threads
/// had no time to move either.
struct QueueWatch {
    /// The longest wait in a stuck queue (ns).
    let stuckWait: UInt64
    /// The longest wait in any queue (ns; at least `stuckWait`).
    let longestWait: UInt64
    /// The most one tick adds to the time the queue has been stuck (ns).
    let longestTick: UInt64
    private var lastLetIn = 0
    private var lastTick: UInt64 = 0
    private var stuckFor: UInt64 = 0

    init(stuckWait: Duration, longestWait: Duration, tick: UInt64) {
        self.stuckWait = stuckWait.nanoseconds
        self.longestWait = max(self.stuckWait, longestWait.nanoseconds)
        longestTick = 2 * tick
    }

    /// The time before which a queued request must have come to be refused now; `queued` says
    /// whether requests wait, `letIn` how many queued requests the pool let in so far.
    mutating func cutoff(now: UInt64, queued: Bool, letIn: Int) -> UInt64 {
        if !queued || letIn != lastLetIn {
            stuckFor = 0
        } else if lastTick != 0 && now > lastTick {
            stuckFor += min(now - lastTick, longestTick)
        }
        lastLetIn = letIn
        lastTick = now
        let wait = stuckFor >= stuckWait ? stuckWait : longestWait
        return now > wait ? now - wait : 0
    }

    /// How long the queue has been seen stuck (ns).
    var stuckTime: UInt64 { stuckFor }
}
