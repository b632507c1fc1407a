import Synchronization
import Werk
#if canImport(Glibc)
import Glibc
#endif

/// The server's threads and its application slots.
///
/// At most `threads` requests run application code at once (a slot each); a request that finds
/// none free waits in a bounded queue and is served by the next thread that frees one, or gets
/// 503 from the stall monitor (`QueueWatch`). A thread that waits for a slow client lends
/// its slot meanwhile (up to `threads` lenders), so slow clients cannot starve the application;
/// one that cannot lend it, because that many already wait, gives its client only `shedDelay`
/// of the minimum rate's grace while requests queue (`BlockingIO`).
/// Threads are made when a task finds none idle; between tasks they sleep here, and a thread
/// that finds no task for `idleTimeout` exits, so the pool shrinks back after a burst.
///
/// `@unchecked Sendable`: `queue`, `tasks`, `idle`, `live`, `starting`, `context` and
/// `closing` are only touched while holding `lock`; the counters are atomics.
final class WorkerPool: @unchecked Sendable {
    /// Application slots.
    let slots: Int
    private let freeSlots: Atomic<Int>
    private let lenders = Atomic<Int>(0)
    private let queued = Atomic<Int>(0)
    /// Queued requests let in so far: the stall monitor's measure of how fast the queue moves.
    private let letIn = Atomic<Int>(0)
    /// Threads that freed their slot as their task ends and are on their way to the next
    /// (`releaseSlotAsTaskEnds`): a task given meanwhile waits for one of them, not a new thread.
    private let finishing = Atomic<Int>(0)
    private let stackSize: Int?
    /// How long an idle thread waits for a task before it exits (ns).
    private let idleTimeout: UInt64
    /// The grace before the minimum rate applies that a thread holding its slot gives its client
    /// while requests queue (ns; `maxQueueWait`).
    let shedDelay: UInt64
    /// Set while the stall monitor sleeps long; a starting request wakes it.
    let monitorIdle = Atomic<Bool>(false)
    /// Where the stall monitor sleeps.
    let monitorWakeup = Signal()

    private let lock = ConditionLock()
    // Guarded by `lock`:
    private var queue: RequestQueue<QueuedRequest>
    private var tasks: [WorkerTask] = []
    private var idle = 0
    private var live = 0
    /// Threads started and not yet looking for their first task.
    private var starting = 0
    private var closing = false
    /// Run once every thread ended after `close()` (`afterLastThread`).
    private var lastThreadHook: (@Sendable () -> Void)?
    // Weak: the context holds this pool, so a strong reference here made a cycle that kept
    // every server's pool, context and app alive after shutdown (found by LeakSanitizer under
    // `swift test --sanitize=address`). The server holds the context while it serves, and
    // each thread holds its own reference while it runs.
    private weak var context: ServingContext?

    init(slots: Int, maxQueued: Int, stackSize: Int?, idleTimeout: Duration = .seconds(30), shedDelay: Duration = .milliseconds(50)) {
        self.slots = max(1, slots)
        queue = RequestQueue(capacity: maxQueued)
        self.stackSize = stackSize
        self.idleTimeout = max(1_000_000, idleTimeout.nanoseconds)
        self.shedDelay = shedDelay.nanoseconds
        freeSlots = Atomic(self.slots)
    }

    /// Sets what new threads serve with (before any task is given).
    func bind(_ context: ServingContext) {
        lock.lock()
        self.context = context
        lock.unlock()
    }

    // MARK: Slots

    /// Takes a slot if one is free.
    ///
    /// The slot count and the queue count are read and written sequentially consistent: a
    /// request queued while a slot is released is then seen by one of the two sides (the queue
    /// after its count, or the release after its count), never missed by both.
    func tryAcquireSlot() -> Bool {
        var free = freeSlots.load(ordering: .sequentiallyConsistent)
        while free > 0 {
            let (exchanged, original) = freeSlots.compareExchange(expected: free, desired: free - 1, ordering: .sequentiallyConsistent)
            if exchanged { return true }
            free = original
        }
        return false
    }

    /// Gives a slot back; a waiting request gets it.
    func releaseSlot() {
        freeSlots.add(1, ordering: .sequentiallyConsistent)
        if queued.load(ordering: .sequentiallyConsistent) > 0 { dispatchQueued() }
    }

    /// Gives a slot back as the calling pool thread's task ends: a request it lets in is left
    /// for it to take in a moment (or an idle thread), not given to a new thread. Without
    /// that, under a queue each finished request started a thread while its own went idle,
    /// and the pool grew to about twice its slots.
    func releaseSlotAsTaskEnds() {
        finishing.add(1, ordering: .sequentiallyConsistent)
        releaseSlot()
    }

    /// Lends the caller's slot while it waits for a client; false when too many already wait.
    func lendSlot() -> Bool {
        if lenders.add(1, ordering: .relaxed).newValue > slots {
            lenders.subtract(1, ordering: .relaxed)
            return false
        }
        releaseSlot()
        return true
    }

    /// Takes a lent slot back (the count may dip below zero until another is released).
    func reclaimSlot() {
        freeSlots.subtract(1, ordering: .acquiring)
        lenders.subtract(1, ordering: .relaxed)
    }

    /// Notes that a loop's thread began a request, waking the stall monitor if it sleeps long.
    @inline(__always)
    func requestStarted() {
        if monitorIdle.load(ordering: .relaxed), monitorIdle.exchange(false, ordering: .relaxed) { monitorWakeup.signal() }
    }

    // MARK: The queue

    /// Queues `request`; false when the queue is full.
    func enqueue(_ request: QueuedRequest) -> Bool {
        lock.lock()
        guard !closing, queue.append(request) else {
            lock.unlock()
            return false
        }
        queued.add(1, ordering: .sequentiallyConsistent)
        lock.unlock()
        // A slot may have been freed between the failed attempt and now.
        dispatchQueued()
        requestStarted()
        return true
    }

    /// Gives queued requests to threads while slots are free.
    private func dispatchQueued() {
        lock.lock()
        while !queue.isEmpty, tryAcquireSlot() {
            let request = queue.popFirst()!
            queued.subtract(1, ordering: .relaxed)
            letIn.add(1, ordering: .relaxed)
            assign(.serve(request))
        }
        lock.unlock()
    }

    /// Removes and returns the requests queued before `cutoff`, but for the first `keep` of
    /// them (the queue's head: they get in first).
    func takeExpired(before cutoff: UInt64, keeping keep: Int) -> [QueuedRequest] {
        guard queued.load(ordering: .relaxed) > 0 else { return [] }
        lock.lock()
        defer { lock.unlock() }
        let expired = queue.takeExpired(before: cutoff, keeping: keep)
        queued.subtract(expired.count, ordering: .relaxed)
        return expired
    }

    /// True while requests wait.
    var hasQueued: Bool { queued.load(ordering: .relaxed) > 0 }

    /// How many queued requests were let in so far.
    var letInCount: Int { letIn.load(ordering: .relaxed) }

    // MARK: Threads

    /// Runs `task` on an idle thread, or a new one.
    func start(_ task: WorkerTask) {
        lock.lock()
        assign(task)
        lock.unlock()
    }

    /// Under `lock`.
    private func assign(_ task: WorkerTask) {
        tasks.append(task)
        // Idle threads already signalled still count in `idle` until they take their task; a
        // starting or finishing thread looks for a task before it sleeps.
        if idle + starting + finishing.load(ordering: .sequentiallyConsistent) >= tasks.count {
            lock.signal()
            return
        }
        guard let context else { return }
        live += 1
        starting += 1
        do {
            try startDetachedThread(stackSize: stackSize) { [self] in threadMain(context) }
        } catch {
            live -= 1
            starting -= 1
        }
    }

    private func threadMain(_ context: ServingContext) {
        let worker = Worker(context: context)
        // An async handler this thread waits for is cancelled when its client goes away.
        ClientHangUp.install(worker.handler)
        defer { ClientHangUp.install(nil) }
        var last = TaskEnd.none
        while let task = nextTask(after: last) {
            switch task {
            case .runLoop(let loop):
                if loop.run(worker) { loop.group.loopFinished() }
                // Taken over while serving a request: its slot went back with
                // `releaseSlotAsTaskEnds` (`EventLoop.serveInline`).
                last = worker.lostLoop ? .releasedSlot : .done
            case .serve(let request):
                request.loop.serveQueued(request, worker)
                last = .releasedSlot  // with `releaseSlotAsTaskEnds`
            }
        }
        runLastThreadHook()
    }

    /// Runs `body` once every thread has ended after `close()`: now when none is left, else
    /// on the last one as it leaves (a request that outlived the drain's deadline).
    func afterLastThread(_ body: @escaping @Sendable () -> Void) {
        lock.lock()
        guard live > 0 else {
            lock.unlock()
            body()
            return
        }
        lastThreadHook = body
        lock.unlock()
        // The last thread may have left between the check of `live` and the hook's setting.
        runLastThreadHook()
    }

    /// Takes and runs the hook when the pool is closed and no thread is left.
    private func runLastThreadHook() {
        lock.lock()
        guard closing && live == 0, let hook = lastThreadHook else {
            lock.unlock()
            return
        }
        lastThreadHook = nil
        lock.unlock()
        hook()
    }

    /// The next task, sleeping while there is none; nil when the pool closes or when no task
    /// came for `idleTimeout` (the thread then exits).
    private func nextTask(after last: TaskEnd) -> WorkerTask? {
        lock.lock()
        defer { lock.unlock() }
        switch last {
        case .none: starting -= 1
        case .releasedSlot: finishing.subtract(1, ordering: .sequentiallyConsistent)
        case .done: break
        }
        let deadline = Sys.monotonicTimespec(after: idleTimeout)
        while tasks.isEmpty {
            if closing {
                live -= 1
                return nil
            }
            idle += 1
            let woken = lock.wait(until: deadline)
            idle -= 1
            // A task given while the wait timed out is still taken: the loop checks first.
            if !woken && tasks.isEmpty {
                live -= 1
                return nil
            }
        }
        return tasks.removeFirst()
    }

    /// Lets idle threads exit, and refuses new queued requests.
    func close() {
        lock.lock()
        closing = true
        lock.broadcast()
        lock.unlock()
    }

    /// Threads still alive.
    var liveThreads: Int {
        lock.lock()
        defer { lock.unlock() }
        return live
    }
}
