/// A request that found every application slot taken, waiting for one.
struct QueuedRequest {
    /// The loop its connection belongs to.
    let loop: EventLoop
    /// The connection (busy while queued), its head in `pendingHead`, its bytes in `inbound`.
    let connection: Connection
    /// When it was queued (monotonic ns).
    let since: UInt64
}

/// What a pool thread does next.
enum WorkerTask {
    /// Run this event loop (at start, or taking it over from a stalled thread).
    case runLoop(EventLoop)
    /// Serve a queued request; its slot is already taken.
    case serve(QueuedRequest)
}

/// How a pool thread's last task ended, as it looks for the next (`WorkerPool`).
enum TaskEnd {
    /// The thread has just started (counted in `starting`).
    case none
    /// Its slot went back with `releaseSlotAsTaskEnds` (counted in `finishing`).
    case releasedSlot
    /// Otherwise.
    case done
}
