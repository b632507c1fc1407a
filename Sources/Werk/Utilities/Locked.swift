#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value guarded by a pthread mutex: the lock every shared mutable state in Werk uses.
///
/// Not `Synchronization.Mutex`: on Linux its contended path locks a priority-inheritance
/// futex in the kernel, which ThreadSanitizer cannot see, so TSan reported races between two
/// sections both inside `withLock`. A pthread mutex is intercepted by TSan, so `swift test
/// --sanitize=thread` checks the code that uses this one. A waiter sleeps in the kernel at
/// once, which also suits a small box where the holder may be preempted mid-section.
///
///     let count = Locked(0)
///     count.withLock { $0 += 1 }
///
/// `@unchecked Sendable`: `value` is only read or written inside `withLock`, while holding
/// `mutex` (heap storage that never moves).
package final class Locked<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    /// Guarded by `mutex`.
    private var value: Value

    /// A lock around `value`.
    package init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    @inline(__always)
    package func withLock<Result, Failure: Error>(_ body: (inout Value) throws(Failure) -> Result) throws(Failure) -> Result {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
