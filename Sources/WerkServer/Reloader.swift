import CWerkSockets
import Werk
#if canImport(Glibc)
import Glibc
#endif

/// Auto-reload for development: serves a package's executable product and rebuilds and
/// restarts it whenever a source file of the package changes.
///
/// The reloader owns the listening socket and hands it to each run of the app (through
/// `WERK_SERVER_FD`, which `runSimple` picks up), so while the app rebuilds and restarts,
/// connections wait in the socket's backlog instead of being refused. Changes are seen
/// through inotify (no polling) and debounced; a build that fails prints the compiler's errors
/// and leaves the last good build serving; the reloader itself never dies of a bad edit.
/// SIGINT/SIGTERM stop the app gracefully and end the reloader with status 0.
///
///     var reloader = Reloader(product: "showcase")
///     reloader.port = 8000
///     try reloader.run()                      // `werk run showcase --port 8000`
public struct Reloader: Sendable {
    /// The executable product to build and run.
    public var product: String
    /// The package folder (holding `Package.swift`); it is watched recursively, without
    /// folders whose names start with `.` (`.build`, `.git`).
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
    public var debounce: Duration = .milliseconds(250)
    /// How long a running app may take to finish in-flight requests when it is replaced.
    public var gracePeriod: Duration = .seconds(5)

    /// A reloader for `product` in the current folder's package.
    public init(product: String) { self.product = product }

    /// Builds, serves and rebuilds on change until SIGINT or SIGTERM.
    public func run() throws {
        _ = cwerk_block_stop_signals()
        var options = ServerOptions()
        options.banner = false
        let socket = try makeServer(host: host, port: port, app: AppFunction { _, _ in .empty }, options: options)
        guard let fd = socket.listeningFileDescriptors.first, cwerk_inheritable(fd) == 0 else {
            throw ReloaderError("cannot hand the listening socket to the app")
        }
        let watcher = try SourceWatcher(root: packagePath)
        say("watching \(packagePath) for changes; the app serves \(socket.urls.joined(separator: ", "))")

        var app: pid_t? = nil
        var lastBuildFailed = false
        func rebuild() {
            say("building \(product)...")
            let status = build()
            guard status == 0 else {
                lastBuildFailed = true
                say(app == nil ? "the build failed; fix the errors above and save again"
                              : "the build failed; the last good build is still serving")
                return
            }
            if lastBuildFailed { say("the build works again") }
            lastBuildFailed = false
            if let running = app {
                ChildProcess.stop(running, grace: gracePeriod)
                app = nil
            }
            do {
                app = try ChildProcess.spawn([executablePath] + arguments, extraEnvironment: ["WERK_SERVER_FD": String(fd)])
                say("started \(product) (pid \(app!))")
            } catch {
                say("\(error)")
            }
        }

        rebuild()
        while cwerk_wait_stop_signal_timeout(0) == 0 {
            if let running = app, let status = ChildProcess.poll(running) {
                say("\(product) exited with status \(status); it starts again on the next change")
                app = nil
            }
            guard watcher.waitForChange(timeoutMillis: 200) else { continue }
            // Debounce: let a burst of saves settle before building once.
            while watcher.waitForChange(timeoutMillis: Int32(debounce.nanoseconds / 1_000_000)) {}
            say("change detected")
            rebuild()
        }
        say("stopping")
        if let running = app { ChildProcess.stop(running, grace: gracePeriod) }
        socket.closeListeners()
    }

    /// The built executable, in the default build folder.
    var executablePath: String {
        let configuration = buildArguments.contains("release") ? "release" : "debug"
        return packagePath + "/.build/" + configuration + "/" + product
    }

    /// Runs `swift build` for the product; its output goes to this process's terminal.
    func build() -> Int32 {
        do {
            let pid = try ChildProcess.spawn(["swift", "build", "--package-path", packagePath, "--product", product]
                                             + buildArguments)
            return ChildProcess.wait(pid)
        } catch {
            say("\(error)")
            return -1
        }
    }

    private func say(_ text: String) { StandardError.shared.write(" * reloader: \(text)\n") }
}

/// Watches a folder tree for source changes with inotify; renews its watches when folders change.
final class SourceWatcher {
    private let fd: Int32
    private let root: String

    init(root: String) throws {
        fd = cwerk_inotify_init()
        guard fd >= 0 else { throw ReloaderError("inotify: \(String(cString: strerror(errno)))") }
        self.root = root
        watchTree(root)
    }

    deinit { close(fd) }

    /// True when a source file or folder changed within `timeoutMillis`.
    func waitForChange(timeoutMillis: Int32) -> Bool {
        var foldersChanged: Int32 = 0
        let relevant = cwerk_inotify_read(fd, timeoutMillis, &foldersChanged)
        if foldersChanged != 0 { watchTree(root) }
        return relevant > 0
    }

    /// Adds a watch for `folder` and every folder below it, skipping names that start with `.`
    /// (adding a watch twice is harmless: inotify returns the same one).
    private func watchTree(_ folder: String) {
        _ = cwerk_inotify_watch(fd, folder)
        for name in (try? FileInfo.entries(ofFolder: folder)) ?? [] where !name.hasPrefix(".") {
            let path = folder + "/" + name
            // Links are not followed: one pointing up the tree would never end.
            if (try? FileInfo(path: path, followingLinks: false))?.isDirectory == true { watchTree(path) }
        }
    }
}

/// The reloader could not start or run a process.
public struct ReloaderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    init(_ message: String) { self.message = message }
    /// `"reloader: ..."`.
    public var description: String { "reloader: \(message)" }
}
