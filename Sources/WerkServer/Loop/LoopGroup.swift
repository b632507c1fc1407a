import Werk
import CWerkSockets
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A socket one loop accepted for another (connections are spread over the loops in turn).
struct AcceptedSocket: Sendable {
    let fd: Int32
    let listenerIndex: Int
    let remoteHost: String
    let remotePort: Int
}

/// The sockets other loops accepted for one loop; `closed` once that loop finished draining,
/// after which nothing is handed to it.
struct IncomingSockets: Sendable {
    var sockets: [AcceptedSocket] = []
    var closed = false
}

/// What the event loops of one server share: the listeners, the loops themselves (to spread
/// new connections), the count of open connections against `maxConnections`, and the
/// descriptor kept in reserve for running out of them.
final class LoopGroup: Sendable {
    /// The listening sockets.
    let listeners: [Listener]
    /// The most connections open at once.
    let maxConnections: Int
    private let loopList = Locked<[EventLoop]>([])
    private let open = Atomic<Int>(0)
    private let paused = Atomic<Bool>(false)
    private let turn = Atomic<Int>(0)
    private let finishedLoops = Atomic<Int>(0)
    private let drainingLoops = Atomic<Int>(0)
    private let listenersClosed = Atomic<Bool>(false)
    /// /dev/null, closed for a moment to accept and shed a connection when out of descriptors.
    private let reserve = Locked<Int32>(-1)
    /// Monotonic ns before which no loop listens: set when descriptors ran out and no pending
    /// connection could be shed, so a level-triggered listener does not wake its loop in a spin.
    private let acceptRetry = Atomic<UInt64>(0)
    /// When the out-of-descriptors and connection-limit messages were last written (monotonic ns).
    private let lastShedLog = Atomic<UInt64>(0)
    private let lastSpoolLog = Atomic<UInt64>(0)
    private let lastLimitLog = Atomic<UInt64>(0)

    init(listeners: [Listener], maxConnections: Int) {
        self.listeners = listeners
        self.maxConnections = max(1, maxConnections)
        reserve.withLock { $0 = cwerk_open_reserve() }
    }

    /// The loops (set once, before serving).
    var loops: [EventLoop] {
        get { loopList.withLock { $0 } }
        set { loopList.withLock { $0 = newValue } }
    }

    /// Connections open now.
    var openConnections: Int { open.load(ordering: .relaxed) }

    /// The loop the next accepted connection goes to.
    func nextLoop(_ all: [EventLoop]) -> EventLoop {
        all[turn.add(1, ordering: .relaxed).oldValue % all.count]
    }

    // MARK: The connection limit

    /// True while accepting is paused at `maxConnections`.
    var isAcceptPaused: Bool { paused.load(ordering: .relaxed) }

    /// Counts a new connection; false (and nothing counted) when the limit is reached, which
    /// pauses accepting and says so (at most every 10 s: at the limit, each close lets one more
    /// in, and a client that keeps the server there must not fill the log).
    ///
    /// The count only ever goes up to the limit (a compare-and-swap, never above it even for a
    /// moment, so `openConnections` never reads more than `maxConnections`). The pause is set
    /// before the count is checked again, and a close lowers the count before it looks at the
    /// pause (both sequentially consistent): so either the close sees the pause and lifts it,
    /// or the check here sees the room the close made and lifts it. Otherwise a close between
    /// the count and the pause left accepting paused with room and, when that was the last
    /// connection, no close ever to come and lift it.
    func openConnection() -> Bool {
        var current = open.load(ordering: .sequentiallyConsistent)
        while current < maxConnections {
            let (exchanged, found) = open.compareExchange(expected: current, desired: current + 1, ordering: .sequentiallyConsistent)
            if exchanged { return true }
            current = found
        }
        if !paused.exchange(true, ordering: .sequentiallyConsistent) {
            writeAtMostEvery10Seconds("werk: \(maxConnections) connections open (maxConnections); not accepting new ones until one closes (message repeated at most every 10 s)\n", last: lastLimitLog)
        }
        if open.load(ordering: .sequentiallyConsistent) < maxConnections { resumeAccepting() }
        return false
    }

    /// Counts a closed connection; resumes accepting when it was paused at the limit.
    func closeConnection() {
        if open.subtract(1, ordering: .sequentiallyConsistent).newValue < maxConnections { resumeAccepting() }
    }

    /// Lifts the pause, if set, and wakes the loops to listen again.
    private func resumeAccepting() {
        if paused.load(ordering: .sequentiallyConsistent), paused.exchange(false, ordering: .sequentiallyConsistent) {
            for loop in loops { loop.wake() }
        }
    }

    // MARK: Out of descriptors

    /// Accepts and closes pending connections on `listener` with the reserve descriptor, so
    /// clients are not left hanging in the backlog while the process has no descriptor free,
    /// and writes a rate-limited log line. The accepted socket is closed before the reserve is
    /// opened again (with the table full, the other order loses the reserve for good). Returns
    /// false when nothing could be taken off the backlog (the reserve is lost, or another
    /// thread took the descriptor it freed): the caller stops listening, and no loop listens
    /// again for `acceptRetryDelay`, rather than being woken for the same backlog in a spin.
    func shedConnections(_ listener: Int32, errno code: Int32) -> Bool {
        let progressed = reserve.withLock { spare -> Bool in
            if spare < 0 { spare = cwerk_open_reserve() }
            var shed = 0
            for _ in 0..<64 {
                guard spare >= 0 else { return shed > 0 }
                Sys.close(spare)
                let fd = cwerk_accept(listener, nil, nil)
                let failure = errno
                if fd >= 0 { Sys.close(fd) }
                spare = cwerk_open_reserve()
                // EAGAIN: the backlog is empty; ECONNABORTED: that client left by itself.
                if fd < 0 { return shed > 0 || [EAGAIN, EWOULDBLOCK, ECONNABORTED, EINTR].contains(failure) }
                shed += 1
            }
            return true
        }
        if !progressed { acceptRetry.store(Sys.now() &+ Self.acceptRetryDelay, ordering: .relaxed) }
        writeAtMostEvery10Seconds("werk: accept: \(String(cString: strerror(code))); closing new connections until descriptors are free (message repeated at most every 10 s)\n", last: lastShedLog)
        return progressed
    }

    /// Accepts a connection on `listener` (`cwerk_accept`), returning the descriptor or -1 and
    /// the errno. Under the reserve's lock: while one loop sheds, the descriptor it frees for a
    /// moment must not be taken by another loop's accept (the reserve would be lost, and that
    /// connection kept past the limit).
    func accept(_ listener: Int32, _ address: UnsafeMutablePointer<sockaddr>, _ length: UnsafeMutablePointer<socklen_t>) -> (fd: Int32, errno: Int32) {
        reserve.withLock { _ in
            let fd = cwerk_accept(listener, address, length)
            return (fd, fd < 0 ? errno : 0)
        }
    }

    /// How long no loop listens after descriptors ran out with nothing shed (ns).
    static let acceptRetryDelay: UInt64 = 100_000_000

    /// Monotonic ns before which loops do not listen (0, or in the past, when they may).
    var acceptRetryTime: UInt64 { acceptRetry.load(ordering: .relaxed) }

    /// Logs that a request body could not be spooled (at most every 10 s: a client can cause it
    /// at will).
    func logSpoolFailure(_ call: String, errno code: Int32) {
        writeAtMostEvery10Seconds("werk: could not spool a request body: \(call): \(String(cString: strerror(code))); answering 503 (message repeated at most every 10 s)\n",
                                  last: lastSpoolLog)
    }

    /// Writes `message` to stderr unless the one stamped in `last` was written less than 10 s ago.
    private func writeAtMostEvery10Seconds(_ message: String, last: borrowing Atomic<UInt64>) {
        let now = Sys.now()
        let then = last.load(ordering: .relaxed)
        if then == 0 || now &- then > 10_000_000_000, last.compareExchange(expected: then, desired: now, ordering: .relaxed).exchanged {
            StandardError.shared.write(message)
        }
    }

    // MARK: Shutdown

    /// Notes that a loop finished its shutdown.
    func loopFinished() { finishedLoops.add(1, ordering: .sequentiallyConsistent) }
    /// Notes that a loop began draining: it stopped listening and took what waited for it.
    /// The last loop to get there closes the listening sockets at once (`closeListeners`): a
    /// client that connects later is refused (or, where other processes share the socket,
    /// served by them), not left in a backlog nobody accepts from, to be reset when the drain
    /// ends. Only a connection made between that loop's last accept and the close is reset.
    func loopBeganDraining(unlinkingPaths: Bool) {
        if drainingLoops.add(1, ordering: .sequentiallyConsistent).newValue == loops.count {
            closeListeners(unlinkingPaths: unlinkingPaths)
        }
    }

    /// Closes the listening sockets once (later calls do nothing); a Unix socket's file too
    /// when `unlinkingPaths` and this process made it.
    func closeListeners(unlinkingPaths: Bool) {
        guard !listenersClosed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        for listener in listeners {
            Sys.close(listener.fd)
            if listener.ownsPath && unlinkingPaths { unlink(listener.address.host) }
        }
    }
    /// Loops that finished.
    var finishedLoopCount: Int { finishedLoops.load(ordering: .sequentiallyConsistent) }

    /// Closes the reserve descriptor (once; later calls do nothing).
    func closeReserve() {
        reserve.withLock { if $0 >= 0 { Sys.close($0); $0 = -1 } }
    }

    /// A server made but never served lets its reserve descriptor go with it.
    deinit { closeReserve() }
}
