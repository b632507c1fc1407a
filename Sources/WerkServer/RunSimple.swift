import CWerkSockets
import Werk
#if canImport(Glibc)
import Glibc
#endif

/// Runs `app` on `host`:`port` for development, in one call: threaded, with the access log,
/// a startup banner and a warning that this is a development server. SIGINT (Ctrl+C) and
/// SIGTERM stop accepting, let in-flight requests finish within the grace period, and return,
/// so `main` ends with exit status 0. Werkzeug's `run_simple`.
///
/// With `options.processes > 1` it forks that many worker processes sharing the listening
/// socket (prefork) and replaces any that dies. When the environment holds `WERK_SERVER_FD`
/// (set by a reloader), the server listens on that inherited socket instead of binding.
///
/// `debug: true` puts `debugger()` in front of the app (an error answers with the debugger
/// page; HTML pages get the live-reload script) and refuses any address but loopback unless
/// `debugAllowRemote`. `reload: true` (Werkzeug's `use_reloader`) makes an app started with
/// `swift run` re-execute itself under `werk run`'s supervisor (`Reloader`): rebuilt and
/// restarted when its code changes. Under `werk run`, its `--no-debug`/`--no-live-reload`
/// choices (`WERK_DEBUG`, `WERK_LIVE_RELOAD`) win over these arguments.
///
///     try runSimple(host: "127.0.0.1", port: 5000, app: app)
///     try runSimple(app: app, debug: true, reload: true)       // the development loop
public func runSimple(host: String = "127.0.0.1", port: Int = 5000, app: any Application,
                      options: ServerOptions = ServerOptions(), debug: Bool = false, reload: Bool = false,
                      debugAllowRemote: Bool = false) throws {
    let development = DevelopmentMode(debug: debug, allowRemote: debugAllowRemote)
    if reload && !DevelopmentMode.isSupervised {
        try Reloader.forRunningExecutable(host: host, port: port, development: development).run()
        return
    }
    let app = development.wrap(app)
    // Before any thread starts: SIGINT/SIGTERM are then taken only by sigwait below.
    _ = cwerk_block_stop_signals()
    let server: HTTPServer
    if let inherited = getenv("WERK_SERVER_FD"), let fd = Int32(String(cString: inherited)) {
        server = try makeServer(fileDescriptor: fd, app: app, options: options)
    } else {
        server = try makeServer(host: host, port: port, app: app, options: options)
    }
    try development.check(server)
    if options.banner {
        StandardError.shared.write(
            "Note: runSimple starts Werk's development server, made for working on an app on your own machine; put a hardened setup in front of it before real traffic reaches it.\n")
    }
    if options.processes > 1 {
        try Prefork(server: server, processes: options.processes).run()
        return
    }
    try startDetachedThread(stackSize: 128 * 1024) {
        _ = cwerk_wait_stop_signal()
        LiveReload.serverStopping()
        server.shutdown()
    }
    try server.serveForever()
}

/// A prefork master: forks worker processes that each serve the shared listening socket with
/// their own threads, replaces a worker that dies, and stops them all on SIGINT/SIGTERM.
struct Prefork {
    let server: HTTPServer
    let processes: Int

    /// Forks the workers (before any thread starts) and supervises them until a stop signal.
    func run() throws {
        if server.options.banner { server.printBanner(suffix: " (\(processes) worker processes)") }
        var children: [pid_t: UInt64] = [:]  // pid -> spawn time
        for _ in 0..<processes { children[try spawn()] = Sys.now() }
        var stopping = false
        while !stopping {
            if cwerk_wait_stop_signal_timeout(200) != 0 { stopping = true }
            // Reap dead workers and replace them (after a pause when they die right after start).
            while true {
                var status: Int32 = 0
                let pid = waitpid(-1, &status, WNOHANG)
                guard pid > 0 else { break }
                guard let bornAt = children.removeValue(forKey: pid) else { continue }
                if stopping { continue }
                StandardError.shared.write("werk: worker \(pid) exited (status \(status)); starting a new one\n")
                if Sys.now() &- bornAt < 1_000_000_000 { usleep(1_000_000) }
                children[try spawn()] = Sys.now()
            }
        }
        for pid in children.keys { kill(pid, SIGTERM) }
        let deadline = Sys.now() &+ server.options.shutdownGracePeriod.nanoseconds &+ 2_000_000_000
        while !children.isEmpty && Sys.now() < deadline {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            if pid > 0 { children[pid] = nil } else { usleep(20_000) }
        }
        for pid in children.keys {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        server.closeListeners()
    }

    /// Forks one worker; the child serves until SIGTERM and exits without returning.
    private func spawn() throws -> pid_t {
        let pid = cwerk_fork()
        if pid < 0 { throw SocketError.system("fork") }
        if pid > 0 { return pid }
        // The child: its own threads, epoll set and signal waiter.
        server.markMultiprocess()
        let server = self.server
        try? startDetachedThread(stackSize: 128 * 1024) {
            _ = cwerk_wait_stop_signal()
            server.shutdown()
        }
        do { try server.serveForever() } catch {
            StandardError.shared.write("werk: worker \(getpid()): \(error)\n")
            exit(1)
        }
        exit(0)
    }
}
