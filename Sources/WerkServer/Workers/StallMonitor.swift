/// Watches the event loops and the queue on its own thread: hands a loop whose thread has been
/// inside one request for longer than the stall threshold to another thread, and answers 503
/// (with `Retry-After`) to queued requests that waited longer than `maxQueueWait`. It ticks
/// every few milliseconds while requests run or wait, and sleeps otherwise until one starts.
struct StallMonitor {
    let loops: [EventLoop]
    let pool: WorkerPool
    let options: ServerOptions

    /// Runs until `stopped` is set (and the pool's wake-up signalled).
    func run(until stopped: Latch) {
        let threshold = options.stallThreshold.nanoseconds
        let maxWait = options.maxQueueWait.nanoseconds
        let busyTick = max(1_000_000, min(threshold / 2, 5_000_000))
        var busy = true
        while !stopped.value {
            if busy {
                pool.monitorWakeup.wait(timeoutNanos: busyTick)
            } else {
                pool.monitorIdle.store(true, ordering: .relaxed)
                pool.monitorWakeup.wait(timeoutNanos: 50_000_000)
                pool.monitorIdle.store(false, ordering: .relaxed)
            }
            let now = Sys.now()
            busy = false
            for loop in loops {
                if loop.takeOverIfStalled(now: now, threshold: threshold) { pool.start(.runLoop(loop)) }
                if loop.isServing { busy = true }
            }
            for request in pool.takeExpired(before: now &- min(now, maxWait)) {
                request.loop.refuseQueued(request.connection, Refusal.saturated(retryAfter: options.retryAfterSeconds))
            }
            if pool.hasQueued { busy = true }
        }
    }
}
