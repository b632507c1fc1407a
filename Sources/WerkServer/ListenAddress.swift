#if canImport(Glibc)
import Glibc
#endif

/// Where a server listens.
///
///     try runSimple(listeningOn: [.unix(path: "/run/app/web.sock")], app: app)
///     try runSimple(listeningOn: [.tcp(host: "127.0.0.1", port: 8000), .unix(path: "/tmp/app.sock")], app: app)
public enum ListenAddress: Sendable, Equatable, CustomStringConvertible {
    /// A TCP address: `""` (every address, IPv6 and IPv4 when available), `0.0.0.0`, `::`,
    /// `127.0.0.1`, `::1` or a host name; port 0 picks a free port.
    case tcp(host: String, port: Int)
    /// A Unix domain socket at `path` (a stale socket file there is replaced; its mode is
    /// `ServerOptions.unixSocketMode`).
    case unix(path: String)
    /// An already listening socket inherited from a parent (systemd, a prefork master, the
    /// reloader, a shell's `3<>`).
    case fileDescriptor(Int32)

    /// The first descriptor systemd passes (`SD_LISTEN_FDS_START`).
    public static let systemdFirstDescriptor: Int32 = 3

    /// The sockets passed by systemd socket activation to this process, or an empty array when
    /// there are none: `LISTEN_PID` must be this process's id, `LISTEN_FDS` says how many, from
    /// descriptor 3 on. With `name`, only those `LISTEN_FDNAMES` (colon-separated, one per
    /// descriptor; a `FileDescriptorName=` in the socket unit) gives that name.
    ///
    ///     let sockets = ListenAddress.systemdSockets()              // every socket of the unit
    ///     let admin = ListenAddress.systemdSockets(named: "admin")
    public static func systemdSockets(named name: String? = nil) -> [ListenAddress] {
        var environment: [String: String] = [:]
        for key in ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"] {
            if let value = getenv(key) { environment[key] = String(cString: value) }
        }
        return systemdSockets(environment: environment, pid: getpid(), named: name)
    }

    /// `systemdSockets(named:)` for a given environment and process id (no global state).
    public static func systemdSockets(environment: [String: String], pid: Int32, named name: String? = nil) -> [ListenAddress] {
        guard let owner = environment["LISTEN_PID"].flatMap({ Int32($0) }), owner == pid,
              let count = environment["LISTEN_FDS"].flatMap({ Int32($0) }), count > 0, count < 4096 else { return [] }
        let descriptors = (0..<count).map { systemdFirstDescriptor + $0 }
        guard let name else { return descriptors.map { .fileDescriptor($0) } }
        let names = (environment["LISTEN_FDNAMES"] ?? "").split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        return descriptors.enumerated().compactMap { index, fd in
            index < names.count && names[index] == name ? .fileDescriptor(fd) : nil
        }
    }

    /// `tcp 127.0.0.1:8000`, `unix /tmp/app.sock`, `fd 3`.
    public var description: String {
        switch self {
        case .tcp(let host, let port): return "tcp \(host.contains(":") ? "[\(host)]" : host):\(port)"
        case .unix(let path): return "unix \(path)"
        case .fileDescriptor(let fd): return "fd \(fd)"
        }
    }
}

/// Listening sockets a parent made for this process, found in the environment: a prefork
/// master's (`WERK_SERVER_FDS`, a comma-separated list), a reloader's (`WERK_SERVER_FD`) or
/// systemd's (`LISTEN_*`). `runSimple` serves on them instead of binding.
enum InheritedSockets {
    /// Where to serve, given the addresses the program asked for: a master's or a reloader's
    /// sockets always (they were made from those addresses); systemd's unless the program
    /// already chose inherited descriptors itself (`ListenAddress.systemdSockets(named:)`, `--fd`);
    /// otherwise `given`.
    static func resolve(environment: [String: String], pid: Int32, given: [ListenAddress]) -> [ListenAddress] {
        if let list = environment["WERK_SERVER_FDS"] {
            let fds = list.split(separator: ",").compactMap { Int32($0) }
            if !fds.isEmpty { return fds.map { .fileDescriptor($0) } }
        }
        if let fd = environment["WERK_SERVER_FD"].flatMap({ Int32($0) }) { return [.fileDescriptor(fd)] }
        let choseDescriptors = given.contains { if case .fileDescriptor = $0 { return true } else { return false } }
        let systemd = ListenAddress.systemdSockets(environment: environment, pid: pid)
        return systemd.isEmpty || choseDescriptors ? given : systemd
    }

    /// `resolve` for this process. systemd's variables are removed once read (as
    /// `sd_listen_fds` does), so a process this one starts never takes them for its own.
    static func take(given: [ListenAddress]) -> [ListenAddress] {
        var environment: [String: String] = [:]
        for key in ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES", "WERK_SERVER_FDS", "WERK_SERVER_FD"] {
            if let value = getenv(key) { environment[key] = String(cString: value) }
        }
        let found = resolve(environment: environment, pid: getpid(), given: given)
        for key in ["LISTEN_PID", "LISTEN_FDS", "LISTEN_FDNAMES"] { unsetenv(key) }
        return found
    }
}
