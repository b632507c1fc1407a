// A teaching example, not an API: an HTTP answer written by hand on a bare socket.
//
// Everything here is what Werk's server does for you, done in the smallest honest way, so
// you can see the moving parts: open a listening socket, accept one connection at a time,
// read the request head up to the blank line, check the request line, write a status line,
// headers and a body, and close. What it leaves out is the rest of the job, and the reason
// to use `WerkServer` instead: keep-alive and pipelining, request bodies (Content-Length and
// chunked), more than one client at a time, limits per client, 100-continue, HEAD, a
// graceful shutdown, an access log, and an application interface to plug apps into.
#if canImport(Glibc)
import Glibc
#endif

/// The largest request head this server reads; a longer one gets 431 (RFC 6585 s5).
let maxHeadBytes = 8192
/// How long a client may take to send its head, in seconds; a slower one is dropped.
let headTimeoutSeconds = 5

/// A failed system call, with the errno text.
struct SystemCallError: Error, CustomStringConvertible {
    let call: String
    let code: Int32
    var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
}

/// Opens a TCP socket listening on `host`:`port` (IPv4 or IPv6; "" for every interface).
func listenOn(host: String, port: Int) throws -> Int32 {
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
    var found: UnsafeMutablePointer<addrinfo>?
    let status = getaddrinfo(host.isEmpty ? nil : host, String(port), &hints, &found)
    guard status == 0, let address = found else {
        throw SystemCallError(call: "getaddrinfo(\(host))", code: status == EAI_SYSTEM ? errno : EINVAL)
    }
    defer { freeaddrinfo(found) }
    let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
    guard fd >= 0 else { throw SystemCallError(call: "socket", code: errno) }
    var on: Int32 = 1
    // Without SO_REUSEADDR a restarted server cannot bind while old connections sit in TIME_WAIT.
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
    guard bind(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else {
        let code = errno
        close(fd)
        throw SystemCallError(call: "bind(\(host):\(port))", code: code)
    }
    guard listen(fd, 128) == 0 else {
        let code = errno
        close(fd)
        throw SystemCallError(call: "listen", code: code)
    }
    return fd
}

/// Reads from `fd` until the blank line that ends a request head (CRLF CRLF), the size limit,
/// the timeout or the end of the stream. Returns the bytes read.
func readHead(_ fd: Int32) -> (head: [UInt8], complete: Bool) {
    // A per-read timeout: without one, a client that sends nothing would hold this
    // one-connection-at-a-time server forever.
    var timeout = timeval(tv_sec: headTimeoutSeconds, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var head: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 2048)
    while head.count < maxHeadBytes {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return (head, false) }  // closed, reset or timed out
        head += buffer[0..<n]
        if let end = endOfHead(head) { return (Array(head[..<end]), true) }
    }
    return (head, false)
}

/// The index just past the first CRLF CRLF in `bytes`, or nil.
func endOfHead(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 4 else { return nil }
    for i in 0...(bytes.count - 4) where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
        return i + 4
    }
    return nil
}

/// Writes all of `bytes` to `fd` (a socket, or 1 and 2 for the terminal), retrying short
/// writes; gives up quietly when the client left.
func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
    var sent = 0
    while sent < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + sent, bytes.count - sent) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { return }
        sent += n
    }
}

/// Closes a connection without losing the answer: stop sending (the client sees the end of
/// the response), read and drop whatever the client still sends for a moment, then close.
/// Closing with unread bytes in the socket makes the kernel send a reset, which can destroy
/// the answer before the client has read it.
func closeGracefully(_ fd: Int32) {
    shutdown(fd, Int32(SHUT_WR))
    var timeout = timeval(tv_sec: 1, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var buffer = [UInt8](repeating: 0, count: 4096)
    var drained = 0
    while drained < 65536 {
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n < 0 && errno == EINTR { continue }
        guard n > 0 else { break }
        drained += n
    }
    close(fd)
}
