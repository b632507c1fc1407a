import CWerkSockets
import Werk
#if canImport(Glibc)
import Glibc
#endif

/// A prefork master: it binds the listening sockets, starts `processes` workers (each a new
/// run of this executable, with the same arguments, serving the sockets it inherits) and
/// supervises them, ticking every 25 ms on one thread:
///
/// - a worker that dies is replaced (after a second's pause when it died within a second);
/// - SIGHUP replaces the workers one at a time: a new start of the binary now on disk, and
///   only once it serves is an old one told to drain (SIGTERM). The sockets never close, so no
///   connection is refused meanwhile. A new worker that fails to serve stops the restart and
///   the old ones go on;
/// - SIGTERM or SIGINT: every worker drains, within `shutdownGracePeriod` (then SIGKILL).
struct Prefork {
    /// The server whose listeners the workers inherit (it does not serve itself).
    let server: HTTPServer
    /// How many workers serve at once.
    let processes: Int

    /// How long a new worker may take to serve before it counts as failed.
    static let startTimeout: UInt64 = 60_000_000_000

    /// Supervises the workers until a stop signal, then stops them and returns.
    func run() throws {
        if server.options.banner { server.printBanner(suffix: " (\(processes) worker processes)") }
        var master = PreforkState(server: server, executable: try Prefork.runningExecutable())
        for fd in server.listeningFileDescriptors where cwerk_inheritable(fd) != 0 {
            throw SocketError.system("fcntl(F_SETFD)", errno, "fd \(fd)")
        }
        for _ in 0..<processes { master.spawn(replacing: nil) }
        while true {
            let signal = cwerk_wait_server_signal(25)
            if signal == SIGINT || signal == SIGTERM { break }
            if signal == SIGHUP { master.beginRollingRestart() }
            master.tick()
        }
        master.stopAll(grace: server.options.shutdownGracePeriod.nanoseconds &+ server.options.lingerTimeout.nanoseconds &+ 2_000_000_000)
        server.closeListeners()
    }

    /// The path of the running executable: re-executing it starts the binary now on disk (a
    /// rebuilt one included).
    static func runningExecutable() throws -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { throw SocketError.system("readlink(/proc/self/exe)") }
        var path = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // Replaced on disk since it started: the path names the new binary.
        if path.hasSuffix(" (deleted)") { path.removeLast(" (deleted)".count) }
        return path
    }
}

/// The master's bookkeeping: workers serving, starting and draining, and a rolling restart's
/// queue. Only the master's thread touches it.
struct PreforkState {
    /// A worker that has not said it serves yet.
    struct Starting {
        /// The read end of its ready pipe (non-blocking).
        let readyFD: Int32
        /// When it was started (monotonic ns).
        let since: UInt64
        /// The old worker it replaces (a rolling restart), if any.
        let replaces: pid_t?
    }

    let server: HTTPServer
    let executable: String
    /// Serving workers, with when they started.
    private(set) var serving: [pid_t: UInt64] = [:]
    private(set) var starting: [pid_t: Starting] = [:]
    /// Workers told to drain, with when they are killed.
    private(set) var draining: [pid_t: UInt64] = [:]
    /// Old workers still to replace in the rolling restart under way.
    private var toReplace: [pid_t] = []
    /// Workers to start again (they died), and not before when.
    private var missing = 0
    private var respawnAt: UInt64 = 0

    init(server: HTTPServer, executable: String) {
        self.server = server
        self.executable = executable
    }

    private var drainNanos: UInt64 {
        server.options.shutdownGracePeriod.nanoseconds &+ server.options.lingerTimeout.nanoseconds &+ 2_000_000_000
    }

    // MARK: Starting workers

    /// Starts a worker: this executable, with a ready pipe and the listeners.
    mutating func spawn(replacing old: pid_t?) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return fail("pipe: \(String(cString: strerror(errno)))", replacing: old) }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = cwerk_set_nonblocking(fds[0])
        // The write end is inheritable only during this spawn (the master starts one at a time).
        let environment = [PreforkWorker.Variable.readyFD: String(fds[1]), PreforkWorker.Variable.master: String(getpid()),
                           PreforkWorker.Variable.listeners: server.listeningFileDescriptors.map(String.init).joined(separator: ",")]
        let pid: pid_t
        do {
            pid = try ChildProcess.spawn(CommandLine.arguments, executable: executable, extraEnvironment: environment)
        } catch {
            close(fds[0])
            close(fds[1])
            return fail("cannot start a worker: \(error)", replacing: old)
        }
        close(fds[1])
        starting[pid] = Starting(readyFD: fds[0], since: Sys.now(), replaces: old)
    }

    private mutating func fail(_ message: String, replacing old: pid_t?) {
        StandardError.shared.write("werk: \(message)\n")
        startFailed(replacing: old)
    }

    /// A new worker did not come to serve: a rolling restart stops (the old workers go on);
    /// a replacement is tried again later.
    private mutating func startFailed(replacing old: pid_t?) {
        if old != nil {
            StandardError.shared.write("werk: the new worker did not start serving; the rolling restart stops and the old workers go on\n")
            toReplace = []
        } else {
            missing += 1
            respawnAt = Sys.now() &+ 1_000_000_000
        }
    }

    // MARK: Rolling restart

    /// SIGHUP: every worker now serving or starting is to be replaced, one at a time.
    mutating func beginRollingRestart() {
        toReplace = serving.keys.sorted() + starting.keys.sorted()
        StandardError.shared.write("werk: SIGHUP: replacing \(toReplace.count) workers one at a time with new starts of \(executable)\n")
    }

    /// Starts the next replacement once the previous one serves.
    private mutating func continueRollingRestart() {
        guard !starting.values.contains(where: { $0.replaces != nil }) else { return }
        while let old = toReplace.first {
            if serving[old] == nil && starting[old] == nil { toReplace.removeFirst(); continue }
            guard serving[old] != nil else { return }  // still starting: replaced once it serves
            toReplace.removeFirst()
            spawn(replacing: old)
            return
        }
    }

    // MARK: The tick

    /// Reaps, promotes workers that serve, continues a rolling restart, replaces dead workers
    /// and kills drains that overran.
    mutating func tick() {
        reap()
        let now = Sys.now()
        for (pid, start) in starting {
            var byte: UInt8 = 0
            let n = read(start.readyFD, &byte, 1)
            if n == 1 {
                close(start.readyFD)
                starting[pid] = nil
                serving[pid] = now
                if let old = start.replaces, serving.removeValue(forKey: old) != nil {
                    kill(old, SIGTERM)
                    draining[old] = now &+ drainNanos
                }
            } else if (n == 0 || (n < 0 && errno != EAGAIN)) || now &- start.since > Prefork.startTimeout {
                // The pipe closed without a byte (it exited, or exec failed), or it took too long.
                close(start.readyFD)
                starting[pid] = nil
                kill(pid, SIGKILL)
                draining[pid] = now
                StandardError.shared.write("werk: worker \(pid) did not start serving\n")
                startFailed(replacing: start.replaces)
            }
        }
        continueRollingRestart()
        while missing > 0 && now >= respawnAt {
            missing -= 1
            spawn(replacing: nil)
        }
        for (pid, deadline) in draining where now > deadline {
            kill(pid, SIGKILL)
            draining[pid] = .max
        }
    }

    /// Collects every worker that ended; a serving worker that died is to be replaced.
    private mutating func reap() {
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            guard pid > 0 else { return }
            if draining.removeValue(forKey: pid) != nil { continue }
            if let start = starting.removeValue(forKey: pid) {
                close(start.readyFD)
                StandardError.shared.write("werk: worker \(pid) \(ChildProcess.describe(ChildProcess.exitCode(status))) before it served\n")
                startFailed(replacing: start.replaces)
                continue
            }
            guard let bornAt = serving.removeValue(forKey: pid) else { continue }
            StandardError.shared.write("werk: worker \(pid) \(ChildProcess.describe(ChildProcess.exitCode(status))); starting a new one\n")
            missing += 1
            // One that dies right after it started waits a second, so a crash loop cannot spin.
            respawnAt = Sys.now() &- bornAt < 1_000_000_000 ? Sys.now() &+ 1_000_000_000 : 0
        }
    }

    // MARK: Stopping

    /// Tells every worker to drain and waits up to `grace` ns for all, then kills the rest.
    mutating func stopAll(grace: UInt64) {
        for (pid, start) in starting {
            close(start.readyFD)
            draining[pid] = 0
        }
        starting = [:]
        for pid in serving.keys { draining[pid] = 0 }
        serving = [:]
        for pid in draining.keys { kill(pid, SIGTERM) }
        let deadline = Sys.now() &+ grace
        while !draining.isEmpty && Sys.now() < deadline {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            if pid > 0 { draining[pid] = nil } else { usleep(20_000) }
        }
        for pid in draining.keys {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        draining = [:]
    }
}
