#if canImport(Glibc)
import Glibc
#endif
import Synchronization
import Werk

/// Middleware that writes one access-log line per request when the response body is closed,
/// in a `format` (`.standard`: Common Log Format plus the duration and request id; `.common`;
/// `.combined`; or `.custom`), for apps served by a server without its own log, or to send the
/// log somewhere else. The status is the one the app sent (after an error restart, the last);
/// the byte count is what the body produced, counted as it streams, 0 for HEAD; a request whose
/// app throws is logged as 500 and the error goes on to the server. The request id of
/// `requestID` (in front of or behind this middleware) is in the entry.
///
///     let app = stack(accessLog(format: .combined) { line in logFile.write(line) }, requestID(), app: router)
public func accessLog(format: AccessLogFormat = .standard,
                      write: @escaping @Sendable (String) -> Void = { StandardError.shared.write($0) }) -> Middleware {
    { app in
        AppFunction { environ, startResponse in
            let started = monotonicNanos()
            let arrived = Int(time(nil))
            let isHead = environ.method == "HEAD"
            var status = 0
            let recording = StartResponse { newStatus, headers, error in
                status = newStatus.code
                try startResponse(newStatus, headers, error: error)
            }
            var entry = AccessLogEntry(remoteHost: environ.remoteAddr, time: arrived,
                                       requestLine: "\(environ.method) \(environ.requestURI) \(environ.serverProtocol)",
                                       status: 0, bytes: 0, durationNanos: 0)
            entry.referrer = environ.headers["Referer"]
            entry.userAgent = environ.headers["User-Agent"]
            var body: Body
            do {
                body = try app(&environ, recording)
            } catch {
                entry.remoteUser = environ.variables["REMOTE_USER"]
                entry.requestID = environ[RequestIDKey.self]
                entry.status = 500
                entry.durationNanos = monotonicNanos() &- started
                write(format.format(entry))
                throw error
            }
            // Read after the app: middleware inside this one may have set them.
            entry.remoteUser = environ.variables["REMOTE_USER"]
            entry.requestID = environ[RequestIDKey.self]
            entry.status = status
            let counter = ByteCounter(known: isHead ? 0 : body.knownLength)
            if counter.needsCounting && !isHead {
                body = body.rewritten { inner, writer in
                    try inner.forEachChunk { chunk in
                        counter.add(chunk.count)
                        try writer.write(chunk)
                    }
                }
            }
            let finished = entry
            body.onClose {
                var entry = finished
                entry.bytes = counter.total
                entry.durationNanos = monotonicNanos() &- started
                write(format.format(entry))
            }
            return body
        }
    }
}

/// The body bytes of one response: known up front, or counted as it is produced (a lock
/// guards the count, since a server may produce and close the body on different threads).
private final class ByteCounter: Sendable {
    private let count: Locked<Int>
    let needsCounting: Bool

    init(known: Int?) {
        count = Locked(known ?? 0)
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
