// The only file of WerkRedis that calls libc: a blocking-style client socket built on a
// non-blocking descriptor and poll(2), so every connect, write and read has a deadline.
// EINTR is retried here and only here.
#if canImport(Glibc)
import Glibc
#endif

/// A connected client socket to a Redis server. Owned by one thread at a time.
struct RedisSocket: Sendable {
    /// The descriptor.
    let fd: Int32

    /// Connects to `endpoint` within `timeout` seconds.
    static func connect(to endpoint: RedisConfiguration.Endpoint, timeout: Double) throws(RedisError) -> RedisSocket {
        let deadline = monotonicSeconds() + timeout
        switch endpoint {
        case .unix(let path):
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
                throw RedisError(.unavailable, "the Unix socket path \(path) is too long")
            }
            withUnsafeMutableBytes(of: &address.sun_path) { raw in raw.copyBytes(from: bytes) }
            return try withUnsafePointer(to: &address) { pointer throws(RedisError) in
                try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress throws(RedisError) in
                    try connect(family: AF_UNIX, socketAddress, socklen_t(MemoryLayout<sockaddr_un>.size), endpoint, deadline)
                }
            }
        case .tcp(let host, let port):
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            hints.ai_flags = AI_NUMERICSERV
            var found: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, String(port), &hints, &found)
            guard status == 0, found != nil else {
                throw RedisError(.unavailable, "Redis at \(endpoint): cannot resolve \(host): \(String(cString: gai_strerror(status)))")
            }
            defer { freeaddrinfo(found) }
            var lastError = RedisError(.unavailable, "Redis at \(endpoint): no address")
            var candidate = found
            while let address = candidate {
                do {
                    return try connect(family: address.pointee.ai_family, address.pointee.ai_addr, address.pointee.ai_addrlen,
                                       endpoint, deadline)
                } catch {
                    lastError = error
                }
                candidate = address.pointee.ai_next
            }
            throw lastError
        }
    }

    /// One connect(2) attempt on a new non-blocking socket, waiting until `deadline`.
    private static func connect(family: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t,
                                _ endpoint: RedisConfiguration.Endpoint, _ deadline: Double) throws(RedisError) -> RedisSocket {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw RedisError(.unavailable, "Redis at \(endpoint): socket() failed: \(errorText(errno))") }
        let connection = RedisSocket(fd: fd)
        var result = Glibc.connect(fd, address, length)
        while result < 0 && errno == EINTR { result = Glibc.connect(fd, address, length) }
        if result < 0 {
            let code = errno
            guard code == EINPROGRESS || code == EAGAIN else {
                connection.close()
                throw RedisError(.unavailable, "Redis at \(endpoint): connect failed: \(errorText(code))")
            }
            guard connection.wait(for: Int16(POLLOUT), until: deadline) else {
                connection.close()
                throw RedisError(.unavailable, "Redis at \(endpoint): connect timed out")
            }
            var pending: Int32 = 0
            var size = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &pending, &size)
            guard pending == 0 else {
                connection.close()
                throw RedisError(.unavailable, "Redis at \(endpoint): connect failed: \(errorText(pending))")
            }
        }
        if family != AF_UNIX {
            // Commands are small request/reply exchanges: never wait for Nagle's algorithm.
            var on: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        return connection
    }

    /// Writes all of `bytes` before `deadline`.
    func write(_ bytes: [UInt8], until deadline: Double) throws(RedisError) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, bytes.count - sent, Int32(MSG_NOSIGNAL)) }
            if n > 0 { sent += n; continue }
            let code = errno
            if n < 0 && code == EINTR { continue }
            if n < 0 && (code == EAGAIN || code == EWOULDBLOCK) {
                guard wait(for: Int16(POLLOUT), until: deadline) else { throw RedisError(.connection, "writing to Redis timed out") }
                continue
            }
            throw RedisError(.connection, "writing to Redis failed: \(errorText(code))")
        }
    }

    /// Reads what is available (at least one byte) before `deadline`.
    func read(into buffer: inout [UInt8], until deadline: Double) throws(RedisError) -> Int {
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 { return n }
            if n == 0 { throw RedisError(.connection, "Redis closed the connection") }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK {
                guard wait(for: Int16(POLLIN), until: deadline) else { throw RedisError(.connection, "reading from Redis timed out") }
                continue
            }
            throw RedisError(.connection, "reading from Redis failed: \(errorText(code))")
        }
    }

    /// True when the server has closed or reset this (idle) connection, or sent something
    /// unasked: either way it must not be used again.
    var isStale: Bool {
        var byte: UInt8 = 0
        let n = Glibc.recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
        if n == 0 || n > 0 { return true }
        return !(errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
    }

    /// Closes the descriptor.
    func close() { _ = Glibc.close(fd) }

    /// poll(2) for `events` until `deadline`; false on timeout.
    private func wait(for events: Int16, until deadline: Double) -> Bool {
        while true {
            let remaining = deadline - monotonicSeconds()
            guard remaining > 0 else { return false }
            var descriptor = pollfd(fd: fd, events: events, revents: 0)
            let n = poll(&descriptor, 1, Int32(min(remaining * 1000 + 1, Double(Int32.max))))
            if n > 0 { return true }
            if n < 0 && errno != EINTR { return true }  // the next call reports the error
        }
    }
}

/// Seconds on the monotonic clock.
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
}

/// The text of an errno value.
private func errorText(_ code: Int32) -> String { "\(String(cString: strerror(code))) (errno \(code))" }
