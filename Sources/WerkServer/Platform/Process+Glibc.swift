#if canImport(Glibc)
import Glibc
#endif

/// Child processes for the reloader and the prefork master: spawn, wait, stop. Thin wrappers over posix_spawn(3) and
/// waitpid(2); a child starts with no signals blocked, whatever this process blocks.
enum ChildProcess {
    /// Starts `executable` (default: `arguments[0]`, looked up in PATH) with `arguments`, this
    /// process's environment plus `extraEnvironment`; returns its pid. `output` and `errors`,
    /// when given, become the child's stdout and stderr (the write ends of pipes, say).
    static func spawn(_ arguments: [String], executable: String? = nil, extraEnvironment: [String: String] = [:],
                      output: Int32? = nil, errors: Int32? = nil) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let output { posix_spawn_file_actions_adddup2(&actions, output, 1) }
        if let errors { posix_spawn_file_actions_adddup2(&actions, errors, 2) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        posix_spawnattr_setsigmask(&attributes, &none)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGPIPE)
        sigaddset(&defaults, SIGHUP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var environment: [String] = []
        var entry = Glibc.environ
        while let pointer = entry.pointee {
            let line = String(cString: pointer)
            let name = line.split(separator: "=", maxSplits: 1).first.map(String.init) ?? line
            if extraEnvironment[name] == nil { environment.append(line) }
            entry += 1
        }
        environment += extraEnvironment.map { "\($0.key)=\($0.value)" }

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid = pid_t()
        let result = executable.map { posix_spawn(&pid, $0, &actions, &attributes, argv, envp) }
            ?? posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw ReloaderError("cannot start \(executable ?? arguments[0]): \(String(cString: strerror(result)))")
        }
        return pid
    }

    /// Waits for `pid` to end; returns its exit status (128 + signal when killed).
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return exitCode(status)
    }

    /// The exit status if `pid` has ended, else nil (does not block).
    static func poll(_ pid: pid_t) -> Int32? {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == pid ? exitCode(status) : nil
    }

    /// Asks `pid` to stop (SIGTERM), waits up to `grace`, then kills it; returns its status.
    @discardableResult
    static func stop(_ pid: pid_t, grace: Duration) -> Int32 {
        kill(pid, SIGTERM)
        let deadline = Sys.now() &+ grace.nanoseconds
        while Sys.now() < deadline {
            if let status = poll(pid) { return status }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        return wait(pid)
    }

    /// A pipe whose both ends close on exec (a child gets one only through `spawn`'s
    /// `output`/`errors`, as its fd 1 or 2).
    static func makePipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw ReloaderError("pipe: \(String(cString: strerror(errno)))") }
        for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        return (fds[0], fds[1])
    }

    /// A readable account of an exit status from `wait`/`poll`: "exited with status 1",
    /// "was killed by signal 4 (SIGILL)".
    static func describe(_ status: Int32) -> String {
        guard status > 128 else { return "exited with status \(status)" }
        let signal = status - 128
        let names: [Int32: String] = [SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT", SIGBUS: "SIGBUS",
                                      SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGTERM: "SIGTERM"]
        return "was killed by signal \(signal)" + (names[signal].map { " (\($0))" } ?? "")
    }

    /// The exit status of a waitpid(2) status word (128 + signal when killed).
    static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
