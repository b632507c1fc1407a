// The only file (with Listener+Glibc.swift and Threads.swift) that calls libc for sockets:
// one thin wrapper per call, errno captured at the throw site, EINTR retried here and only here.
import CWerkSockets
#if canImport(Glibc)
import Glibc
#endif

/// A failed system call in the server: which call, on what, and the errno text.
public struct SocketError: Error, Sendable, CustomStringConvertible {
    private enum Kind: Sendable {
        case system(call: String, errno: Int32, detail: String)
        case timeout(operation: String)
        case peerClosed
        case address(String)
    }
    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// A failed `call` with `errno`, with `detail` naming what it was done on.
    static func system(_ call: String, _ code: Int32 = errno, _ detail: String = "") -> SocketError {
        SocketError(.system(call: call, errno: code, detail: detail))
    }
    /// An operation that made no progress within its timeout.
    static func timeout(_ operation: String) -> SocketError { SocketError(.timeout(operation: operation)) }
    /// The peer closed or reset the connection.
    static var peerClosed: SocketError { SocketError(.peerClosed) }
    /// An address that cannot be used.
    static func address(_ message: String) -> SocketError { SocketError(.address(message)) }

    /// The errno of a failed call, or nil for other errors.
    public var errnoCode: Int32? {
        if case .system(_, let code, _) = kind { return code }
        return nil
    }
    /// True when the error is a timeout.
    public var isTimeout: Bool {
        if case .timeout = kind { return true }
        return false
    }
    /// True when the peer went away (closed, reset or broken pipe).
    public var isPeerGone: Bool {
        switch kind {
        case .peerClosed: return true
        case .system(_, let code, _): return code == ECONNRESET || code == EPIPE || code == ENOTCONN
        default: return false
        }
    }

    /// `"bind(0.0.0.0:80) failed: Permission denied (errno 13)"`.
    public var description: String {
        switch kind {
        case .system(let call, let code, let detail):
            let what = detail.isEmpty ? call : "\(call)(\(detail))"
            return "\(what) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .timeout(let operation): return "\(operation) timed out"
        case .peerClosed: return "the peer closed the connection"
        case .address(let message): return message
        }
    }
}

/// The outcome of one non-blocking read.
enum ReadResult: Equatable {
    /// `n > 0` bytes arrived.
    case bytes(Int)
    /// Nothing to read now (EAGAIN).
    case wouldBlock
    /// The peer closed its side (or reset the connection).
    case eof
}

/// Thin wrappers over the socket calls, each retrying EINTR.
enum Sys {
    /// Monotonic time in nanoseconds.
    static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// The monotonic clock `nanoseconds` from now, as the absolute time a timed wait takes.
    static func monotonicTimespec(after nanoseconds: UInt64) -> timespec {
        let at = now() &+ nanoseconds
        return timespec(tv_sec: Int(at / 1_000_000_000), tv_nsec: Int(at % 1_000_000_000))
    }

    /// recv(2) without blocking; resets and errors read as `.eof`.
    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> ReadResult {
        while true {
            let n = Glibc.recv(fd, buffer, count, Int32(MSG_DONTWAIT))
            if n > 0 { return .bytes(n) }
            if n == 0 { return .eof }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return .wouldBlock }
            return .eof
        }
    }

    /// Sends up to three buffers with one sendmsg(2); returns bytes sent, or 0 on EAGAIN.
    static func send(_ fd: Int32, _ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
                     _ c: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0), more: Bool = false) throws(SocketError) -> Int {
        while true {
            let n = cwerk_send3(fd, a.baseAddress, a.count, b.baseAddress, b.count, c.baseAddress, c.count, more ? 1 : 0)
            if n >= 0 { return n }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return 0 }
            throw .system("sendmsg", code)
        }
    }

    /// sendfile(2) of up to `count` bytes from `offset`; returns bytes sent (0 at the end of
    /// the file), nil on EAGAIN.
    static func sendfile(_ out: Int32, _ file: Int32, _ offset: inout Int64, _ count: Int) throws(SocketError) -> Int? {
        while true {
            let n = cwerk_sendfile(out, file, &offset, count)
            if n >= 0 { return n }
            let code = errno
            if code == EINTR { continue }
            if code == EAGAIN || code == EWOULDBLOCK { return nil }
            throw .system("sendfile", code)
        }
    }

    /// poll(2) one fd for `events` until the monotonic `deadline`; true when ready, false on timeout.
    static func wait(_ fd: Int32, events: Int16, until deadline: UInt64) -> Bool {
        while true {
            let current = now()
            if current >= deadline { return false }
            let ms = Int32(min((deadline - current + 999_999) / 1_000_000, UInt64(Int32.max)))
            var pfd = pollfd(fd: fd, events: events, revents: 0)
            let n = Glibc.poll(&pfd, 1, ms)
            if n > 0 { return true }
            if n < 0 && errno != EINTR { return true }  // let the following call report the error
        }
    }

    /// The bytes written to the TCP socket `fd` that its peer has not acknowledged yet
    /// (SIOCOUTQ); nil when unknown (a Unix socket, or the call failed).
    static func unacknowledged(_ fd: Int32) -> Int? {
        let queued = cwerk_unacknowledged(fd)
        return queued >= 0 ? Int(queued) : nil
    }

    /// Whether bytes wait to be read on `fd`, without taking them (recv with MSG_PEEK):
    /// `.bytes` when some do, `.eof` when the peer closed (or reset), `.wouldBlock` when none.
    static func peek(_ fd: Int32) -> ReadResult {
        var byte: UInt8 = 0
        while true {
            let n = Glibc.recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
            if n > 0 { return .bytes(n) }
            if n == 0 { return .eof }
            let code = errno
            if code == EINTR { continue }
            return code == EAGAIN || code == EWOULDBLOCK ? .wouldBlock : .eof
        }
    }

    /// shutdown(SHUT_WR): sends FIN after queued data; errors ignored (the peer may be gone).
    static func shutdownWrite(_ fd: Int32) { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }

    /// close(2); EINTR is not retried (Linux closes the fd anyway).
    static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    /// Makes the next close(2) of `fd` a reset (SO_LINGER on with 0 s): the client sees an
    /// error, not the end of a close-delimited body that would read as complete.
    static func resetOnClose(_ fd: Int32) {
        var option = linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fd, SOL_SOCKET, SO_LINGER, &option, socklen_t(MemoryLayout<linger>.size))
    }

}
