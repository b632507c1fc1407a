import CWerkSockets
import Synchronization
import Werk
#if canImport(Glibc)
import Glibc
#endif

/// A threaded HTTP/1.1 server for any Werk `Application`: Werk's counterpart of
/// `wsgiref.simple_server.WSGIServer` and Werkzeug's `BaseWSGIServer`.
///
/// It owns the listening sockets and a fixed pool of worker threads. Every connection waits in
/// one shared epoll set (one-shot) while it is idle, costing only a small record; the thread
/// woken for it reads, parses and serves its requests start to finish, then parks it again.
/// So idle keep-alive connections and slow clients do not pin threads, and a slow handler
/// blocks only its own thread. A sweeper thread closes connections whose header, keep-alive
/// or linger deadline passed.
///
///     let server = try makeServer(host: "127.0.0.1", port: 8000, app: app)
///     try server.serveForever()          // until server.shutdown() from another thread
public final class HTTPServer: Sendable {
    /// The settings it runs with.
    public let options: ServerOptions
    /// The application it serves.
    let app: any Application
    /// The listening sockets.
    let listeners: [Listener]
    /// Parked connections, split by id into shards.
    private let shards: [Locked<ConnectionShard>] = (0..<ConnectionShard.count).map { _ in Locked(ConnectionShard()) }
    /// Connections a worker is serving now.
    private let busy = Atomic<Int>(0)
    /// The next connection id (ids are never reused, unlike fds).
    private let nextID = Atomic<UInt64>(ConnectionShard.firstConnectionID)
    /// Worker threads still in their loop.
    private let runningWorkers = Atomic<Int>(0)
    /// Workers that are not spare (waiting for events or serving).
    private let activeWorkers = Atomic<Int>(0)
    /// Workers busy with one task for longer than the stall threshold (updated by the monitor).
    private let stuckWorkers = Atomic<Int>(0)
    /// Spare workers sleep here until the monitor needs them.
    private let spares = Semaphore()
    /// Set by `shutdown()`.
    private let stopping = Atomic<Bool>(false)
    /// Set by `shutdown()`; the serving thread and the sweeper wait on it.
    private let stopLatch = Latch()
    /// The epoll set and wake-up fd while serving.
    private let running = Mutex<RunState?>(nil)
    /// True in prefork worker processes (`wsgi.multiprocess`).
    private let multiprocess = Atomic<Bool>(false)
    /// Serving has started once.
    private let started = Atomic<Bool>(false)

    private struct RunState: Sendable {
        let poll: EventPoll
        let wakeFD: Int32
    }

    private static let wakeID: UInt64 = 0

    /// A server for `app` listening on every address in `addresses` (bound now, so the ports
    /// are known before serving). Throws `SocketError` when an address cannot be bound.
    public init(listeningOn addresses: [ListenAddress], app: any Application, options: ServerOptions = ServerOptions()) throws {
        precondition(!addresses.isEmpty, "a server needs at least one address")
        var opened: [Listener] = []
        do {
            for address in addresses { opened.append(try Listener.open(address, backlog: options.backlog)) }
        } catch {
            for listener in opened { Sys.close(listener.fd) }
            throw error
        }
        self.listeners = opened
        self.app = app
        self.options = options
    }

    /// The addresses it listens on (with the port the kernel picked for port 0).
    public var addresses: [BoundAddress] { listeners.map(\.address) }

    /// The port of the first TCP listener (0 when it listens only on Unix sockets).
    public var port: Int { listeners.first { $0.address.family != .unix }?.address.port ?? 0 }

    /// The listening fds, for handing to a child process (the reloader) or a prefork worker.
    public var listeningFileDescriptors: [Int32] { listeners.map(\.fd) }

    /// True once `shutdown()` was called.
    public var isStopping: Bool { stopping.load(ordering: .relaxed) }

    /// Connections open now (parked or being served).
    public var openConnections: Int {
        shards.reduce(0) { total, shard in total + shard.withLock { $0.parked.count } } + busy.load(ordering: .relaxed)
    }

    private func shard(_ id: UInt64) -> Locked<ConnectionShard> { shards[Int(id & UInt64(ConnectionShard.count - 1))] }

    /// True in prefork worker processes.
    var isMultiprocess: Bool { multiprocess.load(ordering: .relaxed) }

    /// Marks this server as one of several processes (prefork).
    func markMultiprocess() { multiprocess.store(true, ordering: .relaxed) }

    /// The `http://...` URLs it can be reached at (loopback for wildcard addresses).
    public var urls: [String] {
        addresses.flatMap { address -> [String] in
            guard address.isWildcard else { return [address.url] }
            let ipv4 = "http://127.0.0.1:\(address.port)"
            return address.family == .ipv6 ? [ipv4, "http://[::1]:\(address.port)"] : [ipv4]
        }
    }

    /// Writes the startup banner to stderr: each URL, then how to quit.
    public func printBanner(suffix: String = "") {
        var text = ""
        for address in addresses where address.isWildcard {
            text += "Werk is listening on every address (\(address.host))\(suffix)\n"
        }
        text += urls.map { "  serving \($0)\(suffix)\n" }.joined() + "  stop with Ctrl+C\n"
        StandardError.shared.write(text)
    }

    // MARK: Serving

    /// Serves until `shutdown()` is called from another thread (or a signal handler set up by
    /// `runSimple`), then stops accepting, lets in-flight requests finish within the grace
    /// period, closes every connection and returns. Call it once.
    public func serveForever() throws {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else {
            throw SocketError.address("serveForever() was already called on this server")
        }
        cwerk_ignore_sigpipe()
        _ = cwerk_raise_nofile_limit()
        let poll = try EventPoll.make()
        let wakeFD = cwerk_eventfd()
        guard wakeFD >= 0 else { Sys.close(poll.fd); throw SocketError.system("eventfd") }
        try poll.add(wakeFD, events: EventPoll.wakeEvents, id: HTTPServer.wakeID)
        for (index, listener) in listeners.enumerated() {
            try poll.add(listener.fd, events: EventPoll.listenerEvents, id: UInt64(index + 1))
        }
        running.withLock { $0 = RunState(poll: poll, wakeFD: wakeFD) }
        if isStopping { wake(wakeFD) }

        let count = max(1, options.threads)
        let target = min(count, max(1, options.activeThreads ?? max(2, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))))
        runningWorkers.store(count, ordering: .sequentiallyConsistent)
        activeWorkers.store(target, ordering: .sequentiallyConsistent)
        let stamps = (0..<count).map { _ in AtomicStamp() }
        var threads: [pthread_t] = []
        for index in 0..<count {
            threads.append(try startThread(stackSize: options.threadStackSize) { [self] in
                workerLoop(poll, stamp: stamps[index], target: target, startActive: index < target)
                runningWorkers.subtract(1, ordering: .sequentiallyConsistent)
            })
        }
        let sweeper = try startThread(stackSize: 256 * 1024) { [self] in sweepLoop(stamps: stamps, target: target) }
        if options.banner && !isMultiprocess { printBanner() }

        stopLatch.wait()
        // Stop accepting: the listeners leave the epoll set (closed below).
        for listener in listeners { poll.remove(listener.fd) }
        wake(wakeFD)
        // Let in-flight requests finish within the grace period.
        let deadline = Sys.now() &+ options.shutdownGracePeriod.nanoseconds
        while runningWorkers.load(ordering: .sequentiallyConsistent) > 0 && Sys.now() < deadline {
            usleep(5_000)
        }
        let allExited = runningWorkers.load(ordering: .sequentiallyConsistent) == 0
        for shard in shards {
            for record in shard.withLock({ $0.removeAll() }) { Sys.close(record.fd) }
        }
        joinThread(sweeper)
        if allExited {
            for thread in threads { joinThread(thread) }
            Sys.close(wakeFD)
            Sys.close(poll.fd)
        } else {
            for thread in threads { pthread_detach(thread) }
        }
        closeListeners()
    }

    /// Asks `serveForever()` to stop; returns at once. Safe from any thread, more than once.
    public func shutdown() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        if let run = running.withLock({ $0 }) { wake(run.wakeFD) }
        spares.signal(max(1, options.threads))
        stopLatch.set()
    }

    /// Closes the listening sockets without serving (for a prefork master after the fork).
    public func closeListeners() {
        for listener in listeners {
            Sys.close(listener.fd)
            if listener.address.family == .unix && !isMultiprocess { unlink(listener.address.host) }
        }
    }

    private func wake(_ fd: Int32) {
        var one: UInt64 = 1
        _ = Glibc.write(fd, &one, 8)
    }

    // MARK: Workers (leader/followers on one epoll set)

    /// One worker: waits in the shared epoll set for one event and serves it start to finish.
    ///
    /// Only `target` workers (about the number of cores) wait for events while none is stuck,
    /// so a ready event is usually taken by a running thread instead of waking a sleeping one.
    /// The others are spares: the monitor wakes one for each worker that has been busy with a
    /// single task for longer than the stall threshold, and a worker retires to the spares when
    /// there are more active workers than needed.
    private func workerLoop(_ poll: EventPoll, stamp: AtomicStamp, target: Int, startActive: Bool) {
        let handler = RequestHandler(server: self)
        if !startActive {
            spares.wait()
        }
        while !isStopping {
            guard let event = poll.waitOne(timeoutMillis: -1) else { continue }
            if isStopping { break }
            let id = event.id
            if id == HTTPServer.wakeID { continue }
            stamp.value.store(Sys.now(), ordering: .relaxed)
            if id < ConnectionShard.firstConnectionID {
                acceptConnections(listenerIndex: Int(id - 1), poll, handler)
            } else {
                let now = Sys.now()
                if var record = shard(id).withLock({ $0.checkout(id, now: now) }) {
                    busy.add(1, ordering: .relaxed)
                    let disposition = handler.serve(&record)
                    finish(record, disposition, poll, handler, wasBusy: true)
                }
            }
            stamp.value.store(0, ordering: .relaxed)
            // Retire to the spares when more workers are active than the load needs.
            let active = activeWorkers.load(ordering: .relaxed)
            if active > target + stuckWorkers.load(ordering: .relaxed),
               activeWorkers.compareExchange(expected: active, desired: active - 1, ordering: .relaxed).exchanged {
                spares.wait()
            }
        }
    }

    /// Parks a served connection again or closes it.
    ///
    /// Ownership protocol: the fd is armed in epoll *before* the record enters the table and no
    /// syscall runs under the lock. While the record is outside the table only this worker owns
    /// it, so the sweeper cannot close it in between; an event that fires in that window finds
    /// no record and is noted in `missed`, and `park` then hands the record back to this
    /// worker, which serves it again.
    private func finish(_ record: consuming ConnectionRecord, _ disposition: RequestHandler.Disposition, _ poll: EventPoll,
                        _ handler: RequestHandler, wasBusy: Bool, serveMissedHere: Bool = true) {
        var record = record
        var disposition = disposition
        var wasBusy = wasBusy
        while true {
            let now = Sys.now()
            switch disposition {
            case .close:
                if wasBusy { busy.subtract(1, ordering: .relaxed) }
                Sys.close(record.fd)
                return
            case .linger:
                // The linger deadline is set once, when the server closes its side (deadline reset to 0).
                if record.deadline == 0 { record.deadline = now &+ options.lingerTimeout.nanoseconds }
            case .park:
                record.deadline = record.phase == .readingHead
                    ? record.headStartedAt &+ options.headerTimeout.nanoseconds
                    : now &+ options.keepAliveTimeout.nanoseconds
            }
            if isStopping && record.phase != .lingering {
                disposition = .close
                continue
            }
            let armed: Bool
            if wasBusy {
                armed = (try? poll.rearm(record.fd, events: EventPoll.connectionEvents, id: record.id)) != nil
            } else {
                armed = (try? poll.add(record.fd, events: EventPoll.connectionEvents, id: record.id)) != nil
            }
            guard armed else {
                disposition = .close
                continue
            }
            let snapshot = record
            if shard(record.id).withLock({ $0.park(snapshot) }) {
                if wasBusy { busy.subtract(1, ordering: .relaxed) }
                return
            }
            // An event came in while it was outside the table.
            if !serveMissedHere {
                // The acceptor must not serve it inline (a slow handler would hold up accepting):
                // arm the fd again so the still-ready socket fires for a free worker. (It counts as
                // busy until parked, like a served connection, since it is now re-armed, not added.)
                if !wasBusy { busy.add(1, ordering: .relaxed) }
                disposition = .park
                wasBusy = true
                continue
            }
            // A worker serves it again on this thread.
            if !wasBusy { busy.add(1, ordering: .relaxed) }
            wasBusy = true
            disposition = handler.serve(&record)
        }
    }

    private func acceptConnections(listenerIndex: Int, _ poll: EventPoll, _ handler: RequestHandler) {
        let listener = listeners[listenerIndex]
        let isTCP = listener.address.family != .unix
        var accepted: [ConnectionRecord] = []
        for _ in 0..<64 {
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let fd = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { cwerk_accept(listener.fd, $0, &length) }
            }
            if fd < 0 {
                let code = errno
                if code == EINTR || code == ECONNABORTED { continue }
                if code == EMFILE || code == ENFILE {
                    // Out of descriptors: back off instead of spinning on a ready listener.
                    StandardError.shared.write("werk: accept: \(String(cString: strerror(code))); retrying\n")
                    usleep(50_000)
                }
                break
            }
            if isStopping { Sys.close(fd); continue }
            if isTCP { _ = cwerk_set_nodelay(fd) }
            let (host, port) = isTCP ? Listener.format(&storage) : ("", 0)
            let id = nextID.add(1, ordering: .relaxed).oldValue
            accepted.append(ConnectionRecord(id: id, fd: fd, listenerIndex: listenerIndex, remoteHost: host, remotePort: port))
        }
        // Let other workers accept again before this one registers what it took.
        if !isStopping { try? poll.rearm(listener.fd, events: EventPoll.listenerEvents, id: UInt64(listenerIndex + 1)) }
        for record in accepted {
            finish(record, .park, poll, handler, wasBusy: false, serveMissedHere: false)
        }
    }

    // MARK: Timeouts

    /// Wakes a spare worker for each stuck one (every few milliseconds), and closes parked
    /// connections whose deadline passed (four times a second): a partial head gets 408 first
    /// (RFC 9110 s15.5.9), an idle keep-alive connection is just closed.
    private func sweepLoop(stamps: [AtomicStamp], target: Int) {
        let timeout408: [UInt8] = Array("HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".utf8)
        let threshold = options.stallThreshold.nanoseconds
        let tick: UInt64 = max(1_000_000, min(threshold / 2, 5_000_000))
        var nextSweep = Sys.now()
        var anyBusy = false
        // Ticks fast only while a worker is busy, so an idle server wakes rarely.
        while !stopLatch.wait(timeoutNanos: anyBusy ? tick : max(tick, 50_000_000)) {
            let now = Sys.now()
            var stuck = 0
            anyBusy = false
            for stamp in stamps {
                let since = stamp.value.load(ordering: .relaxed)
                if since != 0 { anyBusy = true }
                if since != 0 && now &- since > threshold { stuck += 1 }
            }
            stuckWorkers.store(stuck, ordering: .relaxed)
            let desired = min(stamps.count, target + stuck)
            while true {
                let active = activeWorkers.load(ordering: .relaxed)
                guard active < desired else { break }
                if activeWorkers.compareExchange(expected: active, desired: active + 1, ordering: .relaxed).exchanged {
                    spares.signal()
                }
            }
            guard now >= nextSweep else { continue }
            nextSweep = now &+ 250_000_000
            var expired: [ConnectionRecord] = []
            for shard in shards {
                expired += shard.withLock { shard -> [ConnectionRecord] in
                    shard.pruneMissed(before: now &- 10_000_000_000)
                    return shard.removeExpired(now: now)
                }
            }
            for record in expired {
                if record.phase == .readingHead {
                    Sys.sendBestEffort(record.fd, timeout408)
                    if options.accessLog {
                        AccessLog.write(AccessLogEntry(remoteHost: record.remoteHost, time: time(nil), requestLine: "-",
                                                       status: 408, bytes: 0, durationNanos: now &- record.headStartedAt))
                    }
                }
                Sys.close(record.fd)
            }
        }
    }
}
