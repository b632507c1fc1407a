#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `body` on a new thread that is not part of Swift's cooperative pool and returns its
/// result, without blocking the caller's thread: how async code (a Swift Testing test, say)
/// calls a synchronous application that waits for async handlers.
///
///     let response = try await onWorkerThread { try Client(app).get("/") }
public func onWorkerThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let start = WorkerThreadStart {
            continuation.resume(with: Result { try body() })
        }
        let context = Unmanaged.passRetained(start).toOpaque()
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { context in
            let start = Unmanaged<WorkerThreadStart>.fromOpaque(context!).takeRetainedValue()
            start.run()
            return nil
        }, context)
        if created == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<WorkerThreadStart>.fromOpaque(context).release()
            continuation.resume(throwing: WorkerThreadError(code: created))
        }
    }
}

/// The closure a new worker thread runs, boxed to pass through pthread_create's context pointer.
private final class WorkerThreadStart: Sendable {
    let run: @Sendable () -> Void
    init(_ run: @escaping @Sendable () -> Void) { self.run = run }
}

/// A thread could not be started (pthread_create failed).
public struct WorkerThreadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The error number pthread_create returned.
    public let code: Int32
    /// `"cannot start a thread: Resource temporarily unavailable"`.
    public var description: String { "cannot start a thread: \(String(cString: strerror(code)))" }
}
