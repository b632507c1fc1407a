import CWerkSockets
import Werk
#if canImport(Glibc)
import Glibc
#endif

/// Runs `app` on `host`:`port` for development, in one call: threaded, with the access log,
/// a startup banner and a warning that this is a development server. SIGINT (Ctrl+C) and
/// SIGTERM drain (stop accepting, finish in-flight requests within `shutdownGracePeriod`,
/// close idle connections) and return, so `main` ends with exit status 0. Werkzeug's
/// `run_simple`.
///
/// With `options.processes > 1` it runs a prefork master (`Prefork`): that many worker
/// processes, each a new start of this executable serving the listening sockets it inherits;
/// a worker that dies is replaced, and SIGHUP replaces them all one at a time (a rolling
/// restart onto the binary now on disk). Without workers, SIGHUP is logged and ignored: the
/// one serving process cannot be replaced while it keeps its process id.
///
/// Sockets made for this process win over `host`:`port`: a prefork master's, a reloader's
/// (`WERK_SERVER_FD`), or systemd socket activation's (`LISTEN_PID`/`LISTEN_FDS`: every socket
/// of the unit, unless `addresses` already names descriptors, such as
/// `ListenAddress.systemdSockets(named: "web")`).
///
/// `debug: true` puts `debugger()` in front of the app (an error answers with the debugger
/// page; HTML pages get the live-reload script) and refuses any address but loopback unless
/// `debugAllowRemote`. `reload: true` (Werkzeug's `use_reloader`) makes an app started with
/// `swift run` re-execute itself under `werk run`'s supervisor (`Reloader`): rebuilt and
/// restarted when its code changes. Under `werk run`, its `--no-debug`/`--no-live-reload`
/// choices (`WERK_DEBUG`, `WERK_LIVE_RELOAD`) win over these arguments; outside it those
/// variables are ignored.
///
///     try runSimple(host: "127.0.0.1", port: 5000, app: app)
///     try runSimple(app: app, debug: true, reload: true)       // the development loop
public func runSimple(host: String = "127.0.0.1", port: Int = 5000, app: any Application,
                      options: ServerOptions = ServerOptions(), debug: Bool = false, reload: Bool = false,
                      debugAllowRemote: Bool = false) throws {
    try runSimple(listeningOn: [.tcp(host: host, port: port)], app: app, options: options, debug: debug,
                  reload: reload, debugAllowRemote: debugAllowRemote)
}

/// `runSimple` on every address in `addresses` (TCP, Unix sockets, inherited descriptors),
/// as the example programs call it with their command line's addresses.
///
///     let arguments = try ServerArguments.parse(CommandLine.arguments.dropFirst())
///     try runSimple(listeningOn: arguments.addresses, app: app, options: arguments.options())
public func runSimple(listeningOn addresses: [ListenAddress], app: any Application, options: ServerOptions = ServerOptions(),
                      debug: Bool = false, reload: Bool = false, debugAllowRemote: Bool = false) throws {
    let development = DevelopmentMode(debug: debug, allowRemote: debugAllowRemote)
    try development.check(addresses)
    if reload && !DevelopmentMode.isSupervised {
        guard case .tcp(let host, let port)? = addresses.first(where: { if case .tcp = $0 { return true } else { return false } }) else {
            throw ReloaderError("reload: the development loop serves on a TCP address; give one")
        }
        try Reloader.forRunningExecutable(host: host, port: port, development: development).run()
        return
    }
    let app = development.wrap(app)
    // Before any thread starts: SIGINT, SIGTERM and SIGHUP are then taken only by sigwait.
    _ = cwerk_block_server_signals()
    #if os(Linux)
    // Started by `werk run`: stopped (SIGTERM, gracefully) when the supervisor is gone, even
    // killed, instead of serving stale code on its port.
    if DevelopmentMode.isSupervised { _ = cwerk_die_with_parent(SIGTERM) }
    #endif
    let worker = PreforkWorker.fromEnvironment()
    let server = try HTTPServer(listeningOn: InheritedSockets.take(given: addresses), app: app, options: options)
    try development.check(server)
    if let worker {
        try worker.serve(server)
        return
    }
    if options.banner {
        StandardError.shared.write(
            "Note: runSimple starts Werk's development server, made for working on an app on your own machine; put a hardened setup in front of it before real traffic reaches it.\n")
    }
    if options.processes > 1 {
        try Prefork(server: server, processes: options.processes).run()
        return
    }
    try startDetachedThread(stackSize: 128 * 1024) {
        while true {
            let signal = cwerk_wait_server_signal(-1)
            if signal == SIGHUP {
                StandardError.shared.write("werk: SIGHUP: a rolling restart needs worker processes (--workers N); this process serves alone and goes on\n")
                continue
            }
            break
        }
        LiveReload.serverStopping()
        server.shutdown()
    }
    try server.serveForever()
}
