import CWerkSockets
import Synchronization
import Werk
#if canImport(Glibc)
import Glibc
#endif

/// A threaded HTTP/1.1 server for any Werk `Application`: Werk's counterpart of
/// `wsgiref.simple_server.WSGIServer` and Werkzeug's `BaseWSGIServer`.
///
/// It runs one event loop per CPU (`activeThreads`). Each loop owns its connections: its
/// thread reads, parses and serves every ready request on the spot, start to finish, and idle
/// connections cost only a small record. A loop whose thread stays inside one request longer
/// than `stallThreshold` is handed to another thread, so a slow handler or a slow client holds
/// up only its own request. At most `threads` requests run application code at once; more
/// wait briefly in a queue, then get 503. Bodies up to `maxBufferedBodySize` are read before
/// the app is called; larger ones stream to it, or are read into a temporary file first once
/// `maxStreamedBodies` stream at once. Responses the client does not take at once are finished
/// by the loop, and every wait for a client is bounded by a deadline and `minimumDataRate`.
///
///     let server = try makeServer(host: "127.0.0.1", port: 8000, app: app)
///     try server.serveForever()          // until server.shutdown() from another thread
public final class HTTPServer: Sendable {
    /// The settings it runs with.
    public let options: ServerOptions
    /// The listening sockets.
    let listeners: [Listener]
    /// What serving needs (the app, the settings, the pool).
    let context: ServingContext
    /// The application threads.
    let pool: WorkerPool
    /// The loops and the connection count.
    let group: LoopGroup
    /// Set by `shutdown()`; `serveForever` and the stall monitor wait on it.
    private let stopLatch = Latch()
    /// Set once the loops run (a prefork worker then tells its master it serves).
    let servingLatch = Latch()
    /// Serving has started once.
    private let started = Atomic<Bool>(false)

    /// A server for `app` listening on every address in `addresses` (bound now, so the ports
    /// are known before serving). Throws `SocketError` when an address cannot be bound.
    public init(listeningOn addresses: [ListenAddress], app: any Application, options: ServerOptions = ServerOptions()) throws {
        precondition(!addresses.isEmpty, "a server needs at least one address")
        var opened: [Listener] = []
        do {
            for address in addresses { opened.append(try Listener.open(address, backlog: options.backlog, unixMode: options.unixSocketMode)) }
        } catch {
            for listener in opened { Sys.close(listener.fd) }
            throw error
        }
        listeners = opened
        self.options = options
        pool = WorkerPool(slots: options.threads, maxQueued: options.maxQueuedRequests, stackSize: options.threadStackSize,
                          idleTimeout: options.idleThreadTimeout, shedDelay: options.maxQueueWait)
        context = ServingContext(options: options, app: app, addresses: opened.map(\.address), pool: pool)
        pool.bind(context)
        group = LoopGroup(listeners: opened, maxConnections: options.maxConnections)
    }

    /// The addresses it listens on (with the port the kernel picked for port 0).
    public var addresses: [BoundAddress] { listeners.map(\.address) }

    /// The port of the first TCP listener (0 when it listens only on Unix sockets).
    public var port: Int { listeners.first { $0.address.family != .unix }?.address.port ?? 0 }

    /// The listening fds, for handing to a child process (the reloader) or a prefork worker.
    public var listeningFileDescriptors: [Int32] { listeners.map(\.fd) }

    /// True once `shutdown()` was called.
    public var isStopping: Bool { context.isStopping }

    /// Connections open now.
    public var openConnections: Int { group.openConnections }

    /// True in prefork worker processes.
    var isMultiprocess: Bool { context.isMultiprocess }

    /// Marks this server as one of several processes (prefork).
    func markMultiprocess() { context.markMultiprocess() }

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
    /// `runSimple`), then drains and returns: it stops accepting (and closes its listening
    /// sockets once the loops took what waited, so new clients are refused), serves the request
    /// that already arrived on each connection (with `Connection: close`; requests pipelined
    /// behind it are left for the client to send again, RFC 9112 s9.6), lets in-flight requests
    /// finish within `shutdownGracePeriod`, and closes idle keep-alive connections (after
    /// `keepAliveDrainPeriod`) with a lingering close, so no answer is lost to a reset. Call it
    /// once.
    public func serveForever() throws {
        guard !started.exchange(true, ordering: .acquiringAndReleasing) else {
            throw SocketError.address("serveForever() was already called on this server")
        }
        cwerk_ignore_sigpipe()
        let descriptors = cwerk_raise_nofile_limit()
        let count = max(1, options.activeThreads ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        var loops: [EventLoop] = []
        do {
            for index in 0..<count { loops.append(try EventLoop(index: index, context: context, group: group)) }
        } catch {
            for loop in loops { loop.closeDescriptors() }
            throw error
        }
        group.loops = loops
        if descriptors > 0 && descriptors - 64 < group.maxConnections {
            StandardError.shared.write("werk: the file descriptor limit (\(descriptors)) allows about \(descriptors - 64) connections, fewer than maxConnections (\(group.maxConnections))\n")
        }
        for loop in loops { pool.start(.runLoop(loop)) }
        let monitor = StallMonitor(loops: loops, pool: pool, options: options)
        let monitorStop = Latch()
        let monitorThread = try startThread(stackSize: 256 * 1024) { monitor.run(until: monitorStop) }
        if options.banner && !isMultiprocess { printBanner() }
        options.readiness.markReady()
        servingLatch.set()

        stopLatch.wait()
        context.markStopping()
        pool.monitorWakeup.signal()
        for loop in loops { loop.wake() }
        // The loops drain (EventLoop+Drain.swift): stop accepting, serve what already arrived,
        // let requests in flight finish, close idle connections with a lingering close.
        let graceEnd = Sys.now() &+ options.shutdownGracePeriod.nanoseconds
        let deadline = graceEnd &+ options.lingerTimeout.nanoseconds &+ 200_000_000
        // The last loop to begin draining closes the listening sockets (`LoopGroup.loopBeganDraining`).
        while group.finishedLoopCount < loops.count && Sys.now() < deadline { usleep(5_000) }
        monitorStop.set()
        pool.monitorWakeup.signal()
        joinThread(monitorThread)
        pool.close()
        // The loops' threads leave at once; a handler that outlives the grace period is not
        // waited for beyond it (the process may exit under it).
        let threadsDeadline = max(graceEnd, Sys.now()) &+ 200_000_000
        while pool.liveThreads > 0 && Sys.now() < threadsDeadline { usleep(5_000) }
        // Loops and group refer to each other: let both go once no thread runs (now, or when
        // the last request that outlived the deadline ends).
        let group = self.group
        pool.afterLastThread {
            for loop in group.loops { loop.closeDescriptors() }
            group.loops = []
        }
        group.closeReserve()
        closeListeners()
    }

    /// Asks `serveForever()` to drain and stop; returns at once. `options.readiness` turns
    /// `.draining` now. Safe from any thread, more than once.
    public func shutdown() {
        options.readiness.markDraining()
        context.markStopping()
        stopLatch.set()
        pool.monitorWakeup.signal()
    }

    /// Closes the listening sockets (a Unix socket's file too, when this process made it and
    /// is not one of several processes serving it).
    /// Calls after the first do nothing (the drain closes them as soon as it stopped accepting).
    public func closeListeners() { group.closeListeners(unlinkingPaths: !isMultiprocess) }
}
