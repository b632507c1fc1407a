import CWerkSockets
import Werk
#if canImport(Glibc)
import Glibc
#endif

/// The development loop (`werk run`): serves a package's executable product, rebuilds and
/// restarts it when its code changes, and shows what went wrong in the browser.
///
/// The reloader owns the listening socket and hands it to each run of the app (through
/// `WERK_SERVER_FD`, which `runSimple` picks up), so connections wait in the socket's backlog
/// instead of being refused while the app is swapped. A code change stops the app and builds:
/// requests wait for the new build up to `rebuildWait`, then get a "rebuilding" page. A failed
/// build answers every request with the compiler's errors until the next good build; an app
/// that traps shows its crash report on the next request and starts again. Templates, static
/// files and other non-code files need no rebuild (`WatchRules`). In debug mode (the default)
/// the app runs behind `debugger()`, pages reload themselves when a new build serves, and the
/// socket must be on loopback unless `debugAllowRemote`. SIGINT/SIGTERM end it with status 0.
///
///     var reloader = Reloader(product: "showcase")
///     reloader.port = 8000
///     try reloader.run()                      // `werk run showcase --port 8000`
public struct Reloader: Sendable {
    /// The executable product to build and run.
    public var product: String
    /// The package folder (holding `Package.swift`); watched whole, except hidden folders
    /// (`.build`, `.git`) and `exclude` matches.
    public var packagePath: String = "."
    /// The host to listen on.
    public var host: String = "127.0.0.1"
    /// The port to listen on; 0 picks a free one.
    public var port: Int = 5000
    /// Arguments passed to the app on every run.
    public var arguments: [String] = []
    /// Extra `swift build` arguments (say, `["-c", "release"]`).
    public var buildArguments: [String] = []
    /// How long changes must stop arriving before a rebuild starts (an editor's save burst).
    public var debounce: Duration = .milliseconds(50)
    /// How long a running app may take to finish in-flight requests when it is replaced.
    public var gracePeriod: Duration = .seconds(5)
    /// How long requests wait for a running build before they get a "rebuilding" page.
    public var rebuildWait: Duration = .seconds(15)
    /// Debug mode: the debugger page, compile errors and crash reports in the browser,
    /// loopback only. Default true (`--no-debug` turns it off).
    public var debug: Bool = true
    /// Lets debug mode listen on addresses other hosts can reach (`--debug-allow-remote`).
    public var debugAllowRemote: Bool = false
    /// In debug mode, HTML pages reload themselves when a new build serves (`--no-live-reload`).
    public var liveReload: Bool = true
    /// How changes are seen (`--reloader auto|inotify|stat`).
    public var reloaderKind: ReloaderKind = .auto
    /// The polling interval of the stat reloader.
    public var pollInterval: Duration = .milliseconds(500)
    /// Files (or folders) outside the usual set whose change restarts the app (`--extra-files`).
    public var extraFiles: [String] = []
    /// fnmatch(3) patterns of paths left unwatched (`--exclude`), relative to the package.
    public var exclude: [String] = []
    /// The built executable; nil: the product in the default build folder.
    public var executable: String? = nil

    /// A reloader for `product` in the current folder's package.
    public init(product: String) { self.product = product }

    /// The watch rules these settings make.
    public var watchRules: WatchRules {
        WatchRules(root: packagePath, extraFiles: extraFiles, exclude: exclude)
    }

    /// Builds, serves and rebuilds on change until SIGINT or SIGTERM. Throws when the socket
    /// cannot be bound, debug mode would listen beyond loopback, or no watcher can start.
    public func run() throws {
        if debug { try DebugBinding.check(listeningOn: [.tcp(host: host, port: port)], allowRemote: debugAllowRemote) }
        _ = cwerk_block_stop_signals()
        var options = ServerOptions()
        options.banner = false
        let socket = try makeServer(host: host, port: port, app: AppFunction { _, _ in .empty }, options: options)
        if debug {
            do { try DebugBinding.check(socket.addresses, allowRemote: debugAllowRemote) } catch {
                socket.closeListeners()
                throw error
            }
        }
        guard let fd = socket.listeningFileDescriptors.first, cwerk_inheritable(fd) == 0 else {
            throw ReloaderError("cannot hand the listening socket to the app")
        }
        let rules = watchRules
        let watcher = try makeWatcher(reloaderKind, rules: rules, interval: pollInterval, say: say)
        say("watching \(packagePath) (\(watcher.kind)); \(product) serves \(socket.urls.joined(separator: ", "))"
            + (debug ? " in debug mode" + (liveReload ? " with live reload" : "") : ""))
        ReloadSupervisor(config: self, listenFD: fd, rules: rules, watcher: watcher).run()
        socket.closeListeners()
    }

    /// The built executable, in the default build folder unless `executable` is set.
    var executablePath: String {
        if let executable { return executable }
        return buildFolder + "/" + product
    }

    /// The folder `swift build` builds into (`.build/debug` or `.build/release`).
    var buildFolder: String {
        packagePath + "/.build/" + (buildArguments.contains("release") ? "release" : "debug")
    }

    /// Writes ` * reloader: text` to stderr.
    func say(_ text: String) { StandardError.shared.write(" * reloader: \(text)\n") }
}

/// The reloader could not start or run a process.
public struct ReloaderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    init(_ message: String) { self.message = message }
    /// `"reloader: ..."`.
    public var description: String { "reloader: \(message)" }
}
