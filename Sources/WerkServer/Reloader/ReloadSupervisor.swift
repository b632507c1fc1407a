import CWerkSockets
import Werk
#if canImport(Glibc)
import Glibc
#endif

/// The loop behind `werk run`: builds, starts the app on the shared socket, watches files,
/// and decides who answers. One thread makes every decision, ticking at least every 25 ms:
///
/// - a code change stops the app and builds; requests wait in the socket's backlog until the
///   new build serves or `rebuildWait` passes, then the front answers "rebuilding";
/// - a failed build: the front answers every request with the compiler's errors until the
///   next good build (the old build does not serve stale code meanwhile);
/// - a good build that left a changed source uncompiled (SwiftPM's incremental build, now and
///   then): that source's object is removed and the build runs once more (`SkippedCompiles`);
/// - the app ends by itself (a trap): the front shows the crash on the next request, then the
///   last good build starts again.
final class ReloadSupervisor {
    private struct RunningApp {
        let pid: pid_t
        let output: OutputCapture
    }

    private let config: Reloader
    private let listenFD: Int32
    private let rules: WatchRules
    private let watcher: any ChangeWatcher
    private let front: SupervisorFront
    private var app: RunningApp?
    /// Apps asked to stop, with the time by which they are killed.
    private var stopping: [(pid: pid_t, deadline: UInt64)] = []
    private var build: BuildRun?
    private var buildAgain = false
    /// Swift sources changed since the last good build, and the target folders as they were
    /// when the build for them started (`SkippedCompiles`).
    private var changedSources: Set<String> = []
    private var targetsBefore: SkippedCompiles.Snapshot?
    private var builds = 0
    private var hasGoodBuild = false
    /// The token the next app run serves live-reload polls with.
    private var nextToken = ""
    private var crashed = false
    private let session = Sys.now() % 1_000_000
    /// The files this process's stdout and stderr go to, when they are files.
    private let ownOutput = Set([1, 2].compactMap { FileIdentity(fd: Int32($0)) })

    init(config: Reloader, listenFD: Int32, rules: WatchRules, watcher: any ChangeWatcher) {
        self.config = config
        self.listenFD = listenFD
        self.rules = rules
        self.watcher = watcher
        front = SupervisorFront(listenFD: listenFD, detailed: config.debug, liveReload: config.debug && config.liveReload)
    }

    /// Runs until SIGINT, SIGTERM or SIGHUP (a closed terminal).
    func run() {
        startBuild()
        while cwerk_wait_stop_signal_timeout(0) == 0 {
            reapStopping()
            checkApp()
            checkBuild()
            if crashed && front.crashPagesServed > 0 {
                crashed = false
                startApp()
            }
            var changed = changes(timeoutMillis: 25)
            guard !changed.isEmpty else { continue }
            // Debounce: an editor's save burst settles into one rebuild.
            let until = Sys.now() &+ 2_000_000_000
            while Sys.now() < until {
                let more = changes(timeoutMillis: Int32(config.debounce.nanoseconds / 1_000_000))
                if more.isEmpty { break }
                changed += more
            }
            handle(changed)
        }
        config.say("stopping")
        build?.cancel()
        front.stop()
        if let app { ChildProcess.stop(app.pid, grace: config.gracePeriod) }
        for child in stopping { ChildProcess.stop(child.pid, grace: .seconds(1)) }
    }

    /// The watcher's changes, without this process's own log: stderr or stdout redirected to
    /// a file in the package changes with every line written (a loop, and an endless debounce).
    private func changes(timeoutMillis: Int32) -> [String] {
        let paths = watcher.changes(timeoutMillis: timeoutMillis)
        guard !ownOutput.isEmpty else { return paths }
        return paths.filter { path in FileIdentity(path: path).map { !ownOutput.contains($0) } ?? true }
    }

    private func handle(_ paths: [String]) {
        let kinds = Dictionary(grouping: Set(paths)) { rules.classify($0) ?? .content }
        let names = { (kind: WatchRules.Change) in (kinds[kind] ?? []).sorted().prefix(5).map(self.shown).joined(separator: ", ") }
        if let code = kinds[.code] {
            changedSources.formUnion(code.filter { $0.hasSuffix(".swift") })
            config.say("changed: \(names(.code)); rebuilding")
            if build != nil { buildAgain = true } else { startBuild() }
        } else if kinds[.restart] != nil {
            config.say("changed: \(names(.restart)); restarting \(config.product)")
            if build == nil && hasGoodBuild {
                crashed = false
                if let app { stopApp(app) }
                startApp()
            }
        } else {
            config.say("changed: \(names(.content)) (not code: no rebuild, the app reads it as it is)")
        }
    }

    // MARK: Building

    private func startBuild() {
        crashed = false
        nextToken = ""
        if let app { stopApp(app) }
        front.stop()
        config.say("building \(config.product)...")
        targetsBefore = changedSources.isEmpty ? nil : SkippedCompiles.Snapshot(buildFolder: config.buildFolder)
        do {
            build = try BuildRun(packagePath: config.packagePath, product: config.product, arguments: config.buildArguments)
        } catch {
            config.say("\(error)")
        }
    }

    private func checkBuild() {
        guard let running = build else { return }
        guard let status = running.poll() else {
            if !front.isServing && Sys.now() &- running.startedAt > config.rebuildWait.nanoseconds {
                config.say("the build takes over \(config.rebuildWait): waiting requests get a \"rebuilding\" page")
                showFront(.rebuilding(product: config.product), token: "w\(session)-\(builds)")
            }
            return
        }
        build = nil
        builds += 1
        if buildAgain {
            buildAgain = false
            config.say("more changes arrived during the build; building again")
            startBuild()
            return
        }
        if status == 0 {
            if rebuildSkippedCompiles() { return }
            hasGoodBuild = true
            config.say("built in \(running.elapsed)")
            startApp()
            return
        }
        let output = running.output.text
        let diagnostics = CompilerDiagnostic.parse(output)
        let errors = diagnostics.filter { $0.severity == "error" }
        config.say("the build failed after \(running.elapsed) with \(errors.count) error\(errors.count == 1 ? "" : "s"); "
                   + "every request gets them as a page until the next good build:\n" + errors.map(\.text).joined())
        showFront(.compileErrors(product: config.product, diagnostics: diagnostics, output: output), token: "e\(session)-\(builds)")
    }

    /// `path` as the reloader's lines show it: relative to the package when inside it.
    private func shown(_ path: String) -> String {
        path.hasPrefix(rules.root + "/") ? String(path.dropFirst(rules.root.count + 1)) : path
    }

    /// After a good build: when it did not compile a changed source, removes that source's
    /// object and builds once more (true). The changed sources are settled either way, so the
    /// build once more is not checked again (unless new changes come meanwhile).
    private func rebuildSkippedCompiles() -> Bool {
        let changed = changedSources, before = targetsBefore
        changedSources = []
        targetsBefore = nil
        guard let before else { return false }
        let check = SkippedCompiles(buildFolder: config.buildFolder, since: before)
        let skipped = check.skipped(changed)
        guard !skipped.isEmpty else { return false }
        check.forget(skipped)
        config.say("swift build did not compile \(skipped.map(shown).joined(separator: ", ")) although it changed; building again")
        startBuild()
        return true
    }

    // MARK: The app

    private func startApp() {
        guard hasGoodBuild else { return }
        for child in stopping { ChildProcess.stop(child.pid, grace: .nanoseconds(Int64(child.deadline &- min(child.deadline, Sys.now())))) }
        stopping = []
        let token = nextToken.isEmpty ? "b\(session)-\(builds)-\(Sys.now() % 1000)" : nextToken
        nextToken = ""
        var environment = [
            "WERK_SERVER_FD": String(listenFD), "WERK_RELOADER": "1", "WERK_RUN_TOKEN": token,
            "WERK_DEBUG": config.debug ? "1" : "0", "WERK_LIVE_RELOAD": config.liveReload ? "1" : "0",
            "WERK_DEBUG_ALLOW_REMOTE": config.debugAllowRemote ? "1" : "0",
        ]
        // The runtime's crash report on stderr, where the crash page finds it.
        if getenv("SWIFT_BACKTRACE") == nil { environment["SWIFT_BACKTRACE"] = "enable=yes,interactive=no,color=no" }
        do {
            let pipe = try ChildProcess.makePipe()
            let pid: pid_t
            do {
                pid = try ChildProcess.spawn([config.executablePath] + config.arguments, extraEnvironment: environment, errors: pipe.write)
            } catch {
                close(pipe.read)
                close(pipe.write)
                throw error
            }
            close(pipe.write)
            app = RunningApp(pid: pid, output: try OutputCapture(reading: pipe.read, limit: 256 * 1024))
            config.say("started \(config.product) (pid \(pid))")
        } catch {
            config.say("\(error)")
        }
        front.stop()
    }

    /// Asks `app` to stop (SIGTERM: it finishes in-flight requests); it is reaped later.
    private func stopApp(_ running: RunningApp) {
        kill(running.pid, SIGTERM)
        stopping.append((running.pid, Sys.now() &+ config.gracePeriod.nanoseconds))
        app = nil
    }

    private func reapStopping() {
        stopping.removeAll { child in
            if ChildProcess.poll(child.pid) != nil { return true }
            if Sys.now() > child.deadline { ChildProcess.stop(child.pid, grace: .zero); return true }
            return false
        }
    }

    /// An app that ended by itself: show how on the next request, then start it again.
    private func checkApp() {
        guard let running = app, let status = ChildProcess.poll(running.pid) else { return }
        app = nil
        running.output.waitUntilClosed(timeout: .seconds(2))
        let report = CrashReport(output: running.output.text, status: status)
        config.say("\(config.product) \(report.summary); the next request shows the crash, then the last good build starts again")
        crashed = true
        // The restarted app serves with the crash page's token: the page stays until a new build.
        nextToken = "c\(session)-\(builds)-\(Sys.now() % 1000)"
        showFront(.crash(product: config.product, report), token: nextToken)
    }

    private func showFront(_ page: SupervisorPage, token: String) {
        do { try front.show(page, token: token) } catch { config.say("cannot answer requests itself: \(error)") }
    }
}

/// A file's device and inode: the same file under any name.
struct FileIdentity: Hashable {
    let device: UInt64
    let inode: UInt64

    init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }

    /// The regular file at `path`, if it is one.
    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// The regular file open as `fd`, if it is one.
    init?(fd: Int32) {
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
