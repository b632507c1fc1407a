import CWerkSockets
import Synchronization
import Werk
#if canImport(Glibc)
import Glibc
#endif

/// One epoll set and the connections registered in it, run by one thread at a time.
///
/// The running thread waits for events, reads and parses requests, and serves each ready
/// request on the spot, start to finish: no hand-off, no epoll_ctl per request (connections
/// are registered once, edge-triggered). If it stays inside one request longer than
/// `stallThreshold` (a slow handler, a slow client), the stall monitor hands the loop to
/// another thread, so the loop's other connections never wait for it; the first thread
/// finishes its request, gives the connection back and becomes a spare. A loop found stalled
/// then hands its requests to pool threads for a while (`handOffUntil`).
///
/// `@unchecked Sendable`: the mutable state below `mutex` is only touched while holding
/// `mutex`. The running thread holds it except while it waits for events or serves a request;
/// connections marked `busy` belong to the thread serving them until handed back under it.
final class EventLoop: @unchecked Sendable {
    // Stored properties skip the runtime exclusivity checks (`@exclusivity(unchecked)`): one
    // thread at a time uses an instance and no access overlaps another; on this path the checks
    // cost more than the work.
    /// Its position among the server's loops.
    let index: Int
    /// Its epoll set.
    let poll: EventPoll
    /// Its wake-up eventfd (registration id 0).
    let wakeUp: WakeSignal
    /// What serving needs.
    let context: ServingContext
    /// The loops, listeners and connection count of the server. Strong: a handler that outlives
    /// the drain deadline still reaches it when it ends; `serveForever` breaks the cycle
    /// (`group.loops`) once no thread runs.
    let group: LoopGroup
    /// Monotonic ns since its thread began serving a request; 0 when not serving; `takenOver`
    /// once the stall monitor handed the loop to another thread.
    let stamp = Atomic<UInt64>(0)
    /// The value of `stamp` after a take-over.
    static let takenOver = UInt64.max
    /// When its thread last began a request (never reset): the stall monitor's sign of life.
    let lastStarted = Atomic<UInt64>(0)
    /// Monotonic ns until which the loop hands its requests to pool threads instead of serving
    /// them on its own thread (0 when it never did): set when a request of this loop was slow.
    let handOffUntil = Atomic<UInt64>(0)
    /// How long a loop hands requests off after its thread was found stalled (ns): short, since
    /// a thread the scheduler kept off its CPU for a while looks the same as a slow handler.
    static let handOffAfterStall: UInt64 = 100_000_000
    /// How long a loop hands requests off after a request handed off was slow in turn (ns).
    static let handOffWindow: UInt64 = 1_000_000_000
    /// Sockets accepted by another loop for this one.
    let incoming = Locked<IncomingSockets>(IncomingSockets())
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    // Guarded by `mutex`:
    /// Its connections.
    @exclusivity(unchecked) var table = ConnectionTable<Connection>()
    /// Connections handed back by other threads, to continue.
    @exclusivity(unchecked) var ready: [Connection] = []
    /// Connections that read their share of one wake-up while their client sent more (a large
    /// body the loop spools): continued after the next wait, so that one fast client cannot
    /// keep the loop from its other connections.
    @exclusivity(unchecked) var deferred: [Connection] = []
    /// The events of the last wait, and how many of them were handled: a thread that takes
    /// the loop over goes on with the rest.
    let batch = EventBatch()
    @exclusivity(unchecked) var batchPosition = 0
    /// Whether the listeners are in its epoll set.
    @exclusivity(unchecked) var listening = false
    /// Set when the loop finished draining and no thread runs it any more: a connection handed
    /// back after that (a handler that outlived the drain's deadline) is closed, not queued.
    @exclusivity(unchecked) var finished = false
    /// When the next timeout sweep is due.
    @exclusivity(unchecked) var nextSweep: UInt64 = 0
    /// When in-flight requests must be over (the drain's grace period), 0 before it began.
    @exclusivity(unchecked) var stopDeadline: UInt64 = 0
    /// When the drain closes idle keep-alive connections, and connections that have not sent
    /// their first request yet.
    @exclusivity(unchecked) var idleCloseAt: UInt64 = 0
    @exclusivity(unchecked) var newCloseAt: UInt64 = 0
    /// The time of the last wake-up (monotonic ns): precise enough for deadlines of seconds.
    @exclusivity(unchecked) var clock: UInt64 = 0
    /// Whether it yields its CPU before it sleeps.
    @exclusivity(unchecked) var sleepYield = SleepYield()

    init(index: Int, context: ServingContext, group: LoopGroup) throws(SocketError) {
        self.index = index
        self.context = context
        self.group = group
        poll = try EventPoll.make()
        do { wakeUp = try WakeSignal() } catch { Sys.close(poll.fd); throw error }
        do { try poll.add(wakeUp.fd, events: EventPoll.wakeEvents, id: 0) } catch {
            wakeUp.close(); Sys.close(poll.fd); throw error
        }
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Closes the epoll set and the eventfd (after every thread left the loop).
    func closeDescriptors() {
        wakeUp.close()
        Sys.close(poll.fd)
    }

    @inline(__always) func lock() { pthread_mutex_lock(mutex) }
    @inline(__always) func unlock() { pthread_mutex_unlock(mutex) }

    /// Makes the running thread look at `incoming`, `ready` and the server state soon.
    func wake() { wakeUp.signal() }

    // MARK: Running

    /// Runs the loop on this thread until the server stopped (true) or the loop was taken
    /// over by another thread while this one served a request (false).
    func run(_ worker: Worker) -> Bool {
        lock()
        defer { unlock() }
        stamp.store(0, ordering: .releasing)
        worker.lostLoop = false
        while true {
            // The rest of the last batch first: a thread that took the loop over goes on here.
            while batchPosition < batch.count {
                let id = batch.ids[batchPosition], events = batch.events[batchPosition]
                batchPosition += 1
                dispatch(id, events, worker)
                if worker.lostLoop { return false }
            }
            if !continueReady(worker) { return false }
            let now = Sys.now()
            clock = now
            if now >= nextSweep { sweep(now, worker) }
            if context.isStopping {
                if drainStep(now, worker) {
                    finished = true
                    return true
                }
                if worker.lostLoop { return false }
            } else if !listening && !group.isAcceptPaused && now >= group.acceptRetryTime {
                startListening()
            }
            let timeout = waitTimeout(now)
            // After a turn with events, before a wait that may sleep (`SleepYield`).
            let yields = timeout != 0 && batch.count > 0 && context.options.yieldsBeforeSleep && sleepYield.yieldsNow()
            unlock()
            if yields {
                SleepYield.yieldCPU()
                poll.wait(into: batch, timeoutMillis: 0)
                let found = batch.count > 0
                if !found { poll.wait(into: batch, timeoutMillis: timeout) }
                lock()
                sleepYield.record(foundEvents: found)
            } else {
                poll.wait(into: batch, timeoutMillis: timeout)
                lock()
            }
            batchPosition = 0
            clock = Sys.now()
            if !deferred.isEmpty {
                ready.append(contentsOf: deferred)
                deferred.removeAll(keepingCapacity: true)
            }
        }
    }

    /// One event.
    private func dispatch(_ id: UInt64, _ events: UInt32, _ worker: Worker) {
        if id == 0 {
            wakeUp.consume()
            for socket in takeIncoming() { adopt(socket) }
            _ = continueReady(worker)
        } else if id < ConnectionTable<Connection>.firstToken {
            accept(listener: Int(id - 1))
        } else if let connection = table[id] {
            // Noted even while a thread serves it: the edge comes once, the handed-back
            // connection must still read to the end.
            if events & EventPoll.peerClosed != 0 { connection.peerClosed = true }
            // One waiting for its turn is driven then, as if ready for both reading and writing.
            if !connection.busy && !connection.awaitingTurn { drive(connection, events, worker) }
        }
    }

    /// Continues the connections handed back, one at a time (the list stays with the loop if
    /// this thread loses it meanwhile); false when it did.
    private func continueReady(_ worker: Worker) -> Bool {
        while !ready.isEmpty {
            let connection = ready.removeFirst()
            guard table[connection.token] === connection else { continue }
            // A refused queued request stays busy until here, so no event, sweep or drain step
            // reads the connection before its 503 is written.
            if connection.refusal != nil { connection.busy = false }
            connection.awaitingTurn = false
            if !connection.busy { resume(connection, worker) }
            if worker.lostLoop { return false }
        }
        return true
    }

    private func waitTimeout(_ now: UInt64) -> Int32 {
        if !deferred.isEmpty { return 0 }
        if stopDeadline != 0 || !ready.isEmpty { return 20 }
        let sweep: Int32 = table.count == 0 ? -1 : Int32(clamping: max(1, (nextSweep &- min(now, nextSweep)) / 1_000_000 + 1))
        // Not listening after running out of descriptors: wake to listen again at the retry time.
        if !listening, !context.isStopping, case let retry = group.acceptRetryTime, retry > now {
            let untilRetry = Int32(clamping: (retry - now) / 1_000_000 + 1)
            return sweep < 0 ? untilRetry : min(sweep, untilRetry)
        }
        return sweep
    }

    // MARK: Handing requests to this loop's thread and back

    /// Serves `head` on `connection` on this thread with the loop unlocked; the stall monitor
    /// may hand the loop to another thread meanwhile (then `worker.lostLoop` is set).
    @inline(__always)
    func serveInline(_ head: RequestHead, _ connection: Connection, _ buffer: ReadBuffer, _ worker: Worker) -> ServeOutcome {
        connection.busy = true
        let started = Sys.now()
        stamp.store(started, ordering: .releasing)
        lastStarted.store(started, ordering: .relaxed)
        context.pool.requestStarted()
        unlock()
        let outcome = worker.handler.serve(head, on: connection, buffer: buffer, started: started)
        let lost = !stamp.compareExchange(expected: started, desired: 0, ordering: .acquiringAndReleasing).exchanged
        // A thread whose loop was taken over ends its task with this request: a queued request
        // its slot lets in is left for it, not given to a new thread.
        if lost { context.pool.releaseSlotAsTaskEnds() } else { context.pool.releaseSlot() }
        lock()
        connection.busy = false
        if lost { worker.lostLoop = true }
        return outcome
    }

    /// Hands the loop to another thread if its thread has been inside one request for longer
    /// than `threshold` ns; true when it did (the caller starts the new thread). The loop then
    /// hands its requests to pool threads for `handOffAfterStall`, and for `handOffWindow` after
    /// each of them that is slow too: the thread that took it over would otherwise serve the
    /// next slow request itself and stall in turn, one slow request per threshold for the whole
    /// loop while its other connections wait.
    func takeOverIfStalled(now: UInt64, threshold: UInt64) -> Bool {
        let since = stamp.load(ordering: .acquiring)
        guard since != 0, since != EventLoop.takenOver, now > since, now - since > threshold else { return false }
        guard stamp.compareExchange(expected: since, desired: EventLoop.takenOver, ordering: .acquiringAndReleasing).exchanged else { return false }
        noteSlowRequest(at: now, window: EventLoop.handOffAfterStall)
        return true
    }

    /// Starts or extends the hand-off window after a request of this loop took longer than the
    /// stall threshold (from any thread): to `window` ns from `now`, never shorter than it was.
    func noteSlowRequest(at now: UInt64, window: UInt64) {
        let until = now &+ window
        var current = handOffUntil.load(ordering: .relaxed)
        while current < until {
            let (exchanged, found) = handOffUntil.compareExchange(expected: current, desired: until, ordering: .relaxed)
            if exchanged { return }
            current = found
        }
    }

    /// True while its thread serves a request (for the monitor's pace).
    var isServing: Bool {
        let value = stamp.load(ordering: .relaxed)
        return value != 0 && value != EventLoop.takenOver
    }
}
