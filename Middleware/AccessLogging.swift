#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Werk

/// Middleware that writes one access-log line per request (Common Log Format plus the
/// duration) when the response body is closed, for apps served by a server without its own
/// log, or to send the log somewhere else. The byte count is what the body produced; a request
/// whose app throws is logged as 500 and the error goes on to the server.
///
///     let app = stack(accessLog { line in logFile.write(line) }, app: router)
public func accessLog(write: @escaping @Sendable (String) -> Void = { StandardError.shared.write($0) }) -> Middleware {
    { app in
        AppFunction { environ, startResponse in
            let started = monotonicNanos()
            let remote = environ.remoteAddr
            let requestLine = "\(environ.method) \(environ.requestURI) \(environ.serverProtocol)"
            let isHead = environ.method == "HEAD"
            var status = 0
            let recording = StartResponse { newStatus, headers, error in
                status = newStatus.code
                try startResponse(newStatus, headers, error: error)
            }
            func entry(_ status: Int, _ bytes: Int) -> AccessLogEntry {
                AccessLogEntry(remoteHost: remote, time: Int(time(nil)), requestLine: requestLine, status: status,
                               bytes: bytes, durationNanos: monotonicNanos() &- started)
            }
            var body: Body
            do {
                body = try app(&environ, recording)
            } catch {
                write(entry(500, 0).formatted())
                throw error
            }
            let counter = ByteCounter(known: isHead ? 0 : body.knownLength)
            if counter.needsCounting && !isHead {
                body = body.rewritten { inner, writer in
                    try inner.forEachChunk { chunk in
                        counter.add(chunk.count)
                        try writer.write(chunk)
                    }
                }
            }
            let finalStatus = status
            body.onClose {
                write(AccessLogEntry(remoteHost: remote, time: Int(time(nil)), requestLine: requestLine,
                                     status: finalStatus, bytes: counter.total,
                                     durationNanos: monotonicNanos() &- started).formatted())
            }
            return body
        }
    }
}

/// The body bytes of one response: known up front, or counted as it is produced (a Mutex
/// guards the count, since a server may produce and close the body on different threads).
private final class ByteCounter: Sendable {
    private let count: Mutex<Int>
    let needsCounting: Bool

    init(known: Int?) {
        count = Mutex(known ?? 0)
        needsCounting = known == nil
    }

    func add(_ bytes: Int) { count.withLock { $0 += bytes } }
    var total: Int { count.withLock { $0 } }
}

/// CLOCK_MONOTONIC in nanoseconds.
private func monotonicNanos() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return UInt64(now.tv_sec) &* 1_000_000_000 &+ UInt64(now.tv_nsec)
}
