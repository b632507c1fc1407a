#if canImport(FoundationEssentials)
import FoundationEssentials
#endif
import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import WerkRedis

/// A `redis-server` of the test's own, on loopback (a free port) or a Unix socket in a
/// temporary folder, with persistence off. Stopped by PID when the test ends.
final class RedisServerProcess {
    private(set) var port: Int
    let unixSocket: String?
    let folder: String
    private let extraArguments: [String]
    private var pid: pid_t?

    /// Starts a server; `password` sets `requirepass`; `unixSocket` listens there too.
    init(password: String? = nil, unixSocket: Bool = false, port: Int? = nil) throws {
        self.port = port ?? freeLoopbackPort()
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("werk-redis-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        self.unixSocket = unixSocket ? folder + "/redis.sock" : nil
        var arguments = ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                         "--dir", folder, "--daemonize", "no", "--loglevel", "warning"]
        if let password { arguments += ["--requirepass", password] }
        if let socket = self.unixSocket { arguments += ["--unixsocket", socket, "--unixsocketperm", "700"] }
        extraArguments = arguments
        // A port found free can be taken before the server binds it (tests run in parallel, and
        // any outgoing connection may get it as its local port): the server then exits at once,
        // and a port of our own choosing is picked again.
        var attempt = 1
        while true {
            do {
                try start()
                return
            } catch let error as TestSetupError where error.serverExited && port == nil && attempt < 5 {
                attempt += 1
                self.port = freeLoopbackPort()
            }
        }
    }

    /// The TCP endpoint.
    var endpoint: RedisConfiguration.Endpoint { .tcp(host: "127.0.0.1", port: port) }

    /// Starts (again) and waits until the server answers.
    func start() throws {
        let candidates = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]
        guard let binary = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw TestSetupError("redis-server is not installed (apt-get install redis-server; .ci/run installs it)")
        }
        let started = try spawn(binary, ["--port", String(port)] + extraArguments)
        pid = started
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            // Ready once every endpoint a test may use answers: redis-server listens on its
            // Unix socket after its TCP port.
            if ready(endpoint), unixSocket.map({ ready(.unix(path: $0)) }) ?? true {
                return
            }
            var status: Int32 = 0
            if waitpid(started, &status, WNOHANG) == started {
                pid = nil
                throw TestSetupError("redis-server exited at start on port \(port) (status \(status)): the port was taken", serverExited: true)
            }
            usleep(20_000)
        }
        stop()
        throw TestSetupError("redis-server did not listen on port \(port) within 10 s")
    }

    /// Whether `endpoint` takes a connection now.
    private func ready(_ endpoint: RedisConfiguration.Endpoint) -> Bool {
        guard let connection = try? RedisSocket.connect(to: endpoint, timeout: 0.5) else { return false }
        connection.close()
        return true
    }

    /// Stops the server (SIGKILL when `kill`, else SIGTERM) and waits for it to exit.
    func stop(kill: Bool = false) {
        guard let pid else { return }
        Glibc.kill(pid, kill ? SIGKILL : SIGTERM)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        self.pid = nil
    }

    deinit {
        stop(kill: true)
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// Starts `binary` with `arguments`, its output discarded; returns its process id.
func spawn(_ binary: String, _ arguments: [String]) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    // The test runner's threads block or ignore signals; the child must start with none
    // blocked and the default actions, or SIGTERM would not stop it.
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for signal in [SIGTERM, SIGINT, SIGPIPE, SIGHUP] { sigaddset(&defaults, signal) }
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let argv = ([binary] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, binary, &actions, &attributes, argv, environ)
    guard result == 0 else { throw TestSetupError("cannot start \(binary): \(String(cString: strerror(result)))") }
    return pid
}

/// The test environment lacks something it needs.
struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    /// True when the server process ended before it listened.
    let serverExited: Bool
    init(_ description: String, serverExited: Bool = false) {
        self.description = description
        self.serverExited = serverExited
    }
}

/// A TCP port on 127.0.0.1 that nothing listens on right now.
func freeLoopbackPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
    return Int(UInt16(bigEndian: address.sin_port))
}
