/// Watches the event loops and the queue on its own thread: hands a loop whose thread has been
/// inside one request for longer than the stall threshold to another thread, and answers 503
/// (with `Retry-After`) to queued requests that waited too long (`QueueWatch`). It ticks
/// every few milliseconds while requests run or wait; after a tenth of a second without any,
/// it sleeps until one starts (so a busy server never has to wake it, and an idle one rarely).
struct StallMonitor {
    let loops: [EventLoop]
    let pool: WorkerPool
    let options: ServerOptions

    /// Runs until `stopped` is set (and the pool's wake-up signalled).
    func run(until stopped: Latch) {
        let threshold = options.stallThreshold.nanoseconds
        let busyTick = max(1_000_000, min(threshold / 2, 5_000_000))
        var queueWatch = QueueWatch(maxQueueWait: options.maxQueueWait, tick: busyTick)
        let quietTicks = max(1, Int(100_000_000 / busyTick))
        var quiet = 0
        var lastSeen = [UInt64](repeating: 0, count: loops.count)
        while !stopped.value {
            if quiet < quietTicks {
                pool.monitorWakeup.wait(timeoutNanos: busyTick)
            } else {
                pool.monitorIdle.store(true, ordering: .relaxed)
                pool.monitorWakeup.wait(timeoutNanos: 50_000_000)
                pool.monitorIdle.store(false, ordering: .relaxed)
            }
            let now = Sys.now()
            var busy = pool.hasQueued
            for (index, loop) in loops.enumerated() {
                if loop.takeOverIfStalled(now: now, threshold: threshold) { pool.start(.runLoop(loop)) }
                let started = loop.lastStarted.load(ordering: .relaxed)
                if loop.isServing || started != lastSeen[index] { busy = true }
                lastSeen[index] = started
            }
            let (cutoff, keep) = queueWatch.look(now: now, letIn: pool.letInCount)
            for request in pool.takeExpired(before: cutoff, keeping: keep) {
                request.loop.refuseQueued(request.connection, Refusal.saturated(retryAfter: options.retryAfterSeconds))
            }
            quiet = busy ? 0 : quiet + 1
        }
    }
}
