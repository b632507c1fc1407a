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
        do {
            pthread_detach(try WorkerThread.start(stackSize: nil) {
                continuation.resume(with: Result { try body() })
            })
        } catch {
            continuation.resume(throwing: error)
        }
    }
}

/// Threads of Werk's own, outside Swift's cooperative pool: the server's loops and workers, and
/// `onWorkerThread`.
package enum WorkerThread {
    /// Starts a pthread running `body` (with a stack of `stackSize` bytes, at least 64 KiB, or
    /// the system's default) and returns it: the caller joins or detaches it.
    package static func start(stackSize: Int?, _ body: @escaping @Sendable () -> Void) throws(WorkerThreadError) -> pthread_t {
        final class Box: Sendable {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let stackSize { pthread_attr_setstacksize(&attributes, max(stackSize, 64 * 1024)) }
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, { context in
            let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
            box.body()
            return nil
        }, context)
        guard result == 0 else {
            Unmanaged<Box>.fromOpaque(context).release()
            throw WorkerThreadError(code: result)
        }
        return thread
    }
}

/// A thread could not be started (pthread_create failed).
public struct WorkerThreadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The error number pthread_create returned.
    public let code: Int32
    /// `"cannot start a thread: Resource temporarily unavailable"`.
    public var description: String { "cannot start a thread: \(String(cString: strerror(code)))" }
}
