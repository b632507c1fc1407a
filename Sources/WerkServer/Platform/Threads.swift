// Threads over pthreads (the server uses no Foundation).
#if canImport(Glibc)
import Glibc
#endif
import Werk

/// Starts a pthread running `body` (`WorkerThread.start`); returns its handle for `joinThread`.
func startThread(stackSize: Int?, _ body: @escaping @Sendable () -> Void) throws(SocketError) -> pthread_t {
    do {
        return try WorkerThread.start(stackSize: stackSize, body)
    } catch {
        throw .system("pthread_create", error.code)
    }
}

/// Starts a pthread running `body` that nobody joins: it is detached at once, so its
/// resources go back to the system when it ends (an unjoined, undetached thread leaks them,
/// and ThreadSanitizer reports it).
func startDetachedThread(stackSize: Int?, _ body: @escaping @Sendable () -> Void) throws(SocketError) {
    pthread_detach(try startThread(stackSize: stackSize, body))
}

/// Waits for a thread started by `startThread` to end.
func joinThread(_ thread: pthread_t) {
    _ = pthread_join(thread, nil)
}

extension Duration {
    /// The duration in whole nanoseconds, clamped to `0...UInt64.max`.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        if seconds < 0 { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return .max }
        return whole &+ UInt64(attoseconds / 1_000_000_000)
    }
}
