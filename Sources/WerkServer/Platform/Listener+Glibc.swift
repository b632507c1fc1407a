// Listening sockets: TCP over IPv4/IPv6, Unix domain sockets, inherited descriptors
// (`ListenAddress` says which).
import CWerkSockets
#if canImport(Glibc)
import Glibc
#endif

/// The address a listening socket got: its family, numeric host (or path) and port.
public struct BoundAddress: Sendable, Equatable, CustomStringConvertible {
    /// The address families the server listens on.
    public enum Family: Sendable, Equatable {
        /// IPv4.
        case ipv4
        /// IPv6 (dual-stack when bound to `::`).
        case ipv6
        /// A Unix domain socket.
        case unix
    }
    /// The family.
    public let family: Family
    /// The numeric address (`127.0.0.1`, `::`), or the socket's path for Unix sockets.
    public let host: String
    /// The port; 0 for Unix sockets.
    public let port: Int

    /// True for the wildcard addresses `0.0.0.0` and `::`.
    public var isWildcard: Bool { host == "0.0.0.0" || host == "::" }

    /// `http://127.0.0.1:8000`, `http://[::1]:8000`, `unix:/tmp/app.sock`.
    public var url: String {
        switch family {
        case .ipv4: return "http://\(host):\(port)"
        case .ipv6: return "http://[\(host)]:\(port)"
        case .unix: return "unix:\(host)"
        }
    }

    /// The same as `url`.
    public var description: String { url }
}

/// One listening socket the server owns.
struct Listener: Sendable {
    /// The listening fd (non-blocking, close-on-exec).
    let fd: Int32
    /// What it is bound to.
    let address: BoundAddress
    /// True for a Unix socket this process bound (its file is removed when the server stops);
    /// false for inherited sockets, whose file belongs to whoever made it.
    var ownsPath = false

    /// Opens and binds a listening socket for `address`; a Unix socket gets `unixMode` (when
    /// given) before it listens.
    static func open(_ address: ListenAddress, backlog: Int, unixMode: UInt32? = nil) throws(SocketError) -> Listener {
        switch address {
        case .tcp(let host, let port): return try openTCP(host: host, port: port, backlog: backlog)
        case .unix(let path): return try openUnix(path: path, backlog: backlog, mode: unixMode)
        case .fileDescriptor(let fd): return try adopt(fd)
        }
    }

    private static func openTCP(host: String, port: Int, backlog: Int) throws(SocketError) -> Listener {
        guard (0...65535).contains(port) else { throw .address("port \(port) is outside 0...65535") }
        if host.isEmpty {
            // "" means every address: IPv6 dual-stack when the kernel has IPv6, else IPv4.
            if let listener = try? openTCP(host: "::", port: port, backlog: backlog) { return listener }
            return try openTCP(host: "0.0.0.0", port: port, backlog: backlog)
        }
        let result = try lookUp(host: host, port: port)
        defer { freeaddrinfo(result) }
        var lastError = SocketError.address("no usable address for \(host)")
        var info: UnsafeMutablePointer<addrinfo>? = result
        while let current = info {
            info = current.pointee.ai_next
            let family = current.pointee.ai_family
            let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            if fd < 0 { lastError = .system("socket", errno, host); continue }
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            if family == AF_INET6 {
                // `::` listens on IPv4 too (dual stack); a specific IPv6 address stays IPv6.
                var off: Int32 = 0
                setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &off, socklen_t(MemoryLayout<Int32>.size))
            }
            let detail = "\(family == AF_INET6 ? "[\(host)]" : host):\(port)"
            if bind(fd, current.pointee.ai_addr, current.pointee.ai_addrlen) != 0 {
                lastError = .system("bind", errno, detail)
                Sys.close(fd)
                continue
            }
            if listen(fd, Int32(clamping: backlog)) != 0 {
                lastError = .system("listen", errno, detail)
                Sys.close(fd)
                continue
            }
            _ = cwerk_set_nonblocking(fd)
            return Listener(fd: fd, address: try boundAddress(of: fd))
        }
        throw lastError
    }

    /// The addresses a TCP listener for `host` would bind, found without binding; `""` is
    /// every address (`::`). Debug mode checks them before the port is taken.
    static func resolve(host: String, port: Int) throws(SocketError) -> [BoundAddress] {
        if host.isEmpty { return [BoundAddress(family: .ipv6, host: "::", port: port)] }
        let result = try lookUp(host: host, port: port)
        defer { freeaddrinfo(result) }
        var found: [BoundAddress] = []
        var info: UnsafeMutablePointer<addrinfo>? = result
        while let current = info {
            info = current.pointee.ai_next
            var storage = sockaddr_storage()
            withUnsafeMutableBytes(of: &storage) { raw in
                raw.copyMemory(from: UnsafeRawBufferPointer(start: current.pointee.ai_addr, count: Int(current.pointee.ai_addrlen)))
            }
            let (numeric, _) = format(&storage)
            found.append(BoundAddress(family: current.pointee.ai_family == AF_INET6 ? .ipv6 : .ipv4, host: numeric, port: port))
        }
        return found
    }

    /// `getaddrinfo` for a passive TCP socket on `host`; the caller frees the list.
    private static func lookUp(host: String, port: Int) throws(SocketError) -> UnsafeMutablePointer<addrinfo> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var result: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &result)
        guard status == 0, let first = result else {
            throw .address("cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        return first
    }

    private static func openUnix(path: String, backlog: Int, mode: UInt32?) throws(SocketError) -> Listener {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity, !path.isEmpty else {
            throw .address("Unix socket path must be 1...\(capacity - 1) bytes: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            buffer.copyBytes(from: path.utf8)
            buffer[path.utf8.count] = 0
        }
        // Replace a stale socket file (only a socket: never delete a regular file), but never
        // one a running server answers on: taking its path would leave it serving nobody.
        var info = stat()
        if lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFSOCK {
            if answers(&address) { throw .address("\(path) is in use: a running server listens there") }
            unlink(path)
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system("socket", errno, path) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { let code = errno; Sys.close(fd); throw .system("bind", code, path) }
        // The mode is set before listen(2): no client can connect while the umask's bits apply.
        if let mode, chmod(path, mode_t(mode & 0o7777)) != 0 {
            let code = errno; Sys.close(fd); unlink(path); throw .system("chmod", code, path)
        }
        guard listen(fd, Int32(clamping: backlog)) == 0 else { let code = errno; Sys.close(fd); throw .system("listen", code, path) }
        _ = cwerk_set_nonblocking(fd)
        return Listener(fd: fd, address: BoundAddress(family: .unix, host: path, port: 0), ownsPath: true)
    }

    /// True when something accepts connections at the Unix socket `address` (a connect to a
    /// listening Unix socket succeeds, or says EAGAIN when its backlog is full; a stale file
    /// refuses).
    private static func answers(_ address: inout sockaddr_un) -> Bool {
        let probe = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard probe >= 0 else { return false }
        defer { Sys.close(probe) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(probe, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return connected == 0 || errno == EAGAIN
    }

    private static func adopt(_ fd: Int32) throws(SocketError) -> Listener {
        var accepting: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        guard getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &accepting, &length) == 0 else {
            throw .system("getsockopt(SO_ACCEPTCONN)", errno, "fd \(fd)")
        }
        guard accepting != 0 else { throw .address("fd \(fd) is not a listening socket") }
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        _ = cwerk_set_nonblocking(fd)
        return Listener(fd: fd, address: try boundAddress(of: fd))
    }

    /// The local address of `fd` (getsockname).
    static func boundAddress(of fd: Int32) throws(SocketError) -> BoundAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard ok == 0 else { throw .system("getsockname", errno, "fd \(fd)") }
        if Int32(storage.ss_family) == AF_UNIX {
            let path = withUnsafeBytes(of: &storage) { raw -> String in
                let start = MemoryLayout<sa_family_t>.size
                let bytes = raw[start..<Int(max(socklen_t(start), length))].prefix { $0 != 0 }
                return String(decoding: bytes, as: UTF8.self)
            }
            return BoundAddress(family: .unix, host: path, port: 0)
        }
        let (host, port) = format(&storage)
        return BoundAddress(family: Int32(storage.ss_family) == AF_INET6 ? .ipv6 : .ipv4, host: host, port: port)
    }

    /// The numeric host and port of an IPv4 or IPv6 socket address; ("", 0) for others.
    static func format(_ storage: inout sockaddr_storage) -> (String, Int) {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        switch Int32(storage.ss_family) {
        case AF_INET:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    var raw = address.pointee.sin_addr
                    inet_ntop(AF_INET, &raw, &text, socklen_t(text.count))
                    return (cString(text), Int(UInt16(bigEndian: address.pointee.sin_port)))
                }
            }
        case AF_INET6:
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    var raw = address.pointee.sin6_addr
                    inet_ntop(AF_INET6, &raw, &text, socklen_t(text.count))
                    var host = cString(text)
                    // An IPv4 client on a dual-stack socket: show 127.0.0.1, not ::ffff:127.0.0.1.
                    if host.hasPrefix("::ffff:") && host.contains(".") { host = String(host.dropFirst(7)) }
                    return (host, Int(UInt16(bigEndian: address.pointee.sin6_port)))
                }
            }
        default:
            return ("", 0)
        }
    }
}

/// The text of a NUL-terminated C string held in an array.
private func cString(_ chars: [CChar]) -> String {
    String(decoding: chars.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
