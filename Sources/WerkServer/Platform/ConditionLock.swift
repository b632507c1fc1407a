// Waiting between threads over pthreads: one mutex-and-condition type, and the two waits the
// server builds on it (`Latch`, `Signal`).
#if canImport(Glibc)
import Glibc
#endif

/// A pthread mutex with a condition variable whose timed waits count on the monotonic clock
/// (a change of the wall clock neither ends them early nor makes them endless).
///
/// `@unchecked Sendable`: the mutex and condition live in heap storage that never moves and
/// are only used through the pthread calls, which synchronise themselves; what a user guards
/// with it is the user's to document.
final class ConditionLock: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        condition.initialize(to: pthread_cond_t())
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Takes the mutex.
    func lock() { pthread_mutex_lock(mutex) }
    /// Releases the mutex.
    func unlock() { pthread_mutex_unlock(mutex) }

    /// Runs `body` holding the mutex.
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Wakes one waiter (call holding the mutex).
    func signal() { pthread_cond_signal(condition) }
    /// Wakes every waiter (call holding the mutex).
    func broadcast() { pthread_cond_broadcast(condition) }

    /// Waits for a wake-up (call holding the mutex; it is released while waiting).
    func wait() { pthread_cond_wait(condition, mutex) }

    /// Waits for a wake-up until `deadline` on the monotonic clock (`Sys.monotonicTimespec`);
    /// false when the deadline passed. Call holding the mutex.
    func wait(until deadline: timespec) -> Bool {
        var deadline = deadline
        return pthread_cond_timedwait(condition, mutex, &deadline) != ETIMEDOUT
    }
}

/// A flag that threads can wait on with a timeout: set once, seen by every waiter.
///
/// `@unchecked Sendable`: `isSet` is only read and written while holding `lock`.
final class Latch: @unchecked Sendable {
    private let lock = ConditionLock()
    /// Guarded by `lock`.
    private var isSet = false

    /// An unset latch.
    init() {}

    /// Sets the latch and wakes every waiter.
    func set() {
        lock.withLock {
            isSet = true
            lock.broadcast()
        }
    }

    /// True once set.
    var value: Bool { lock.withLock { isSet } }

    /// Waits until set, or until `timeoutNanos` passed (nil: no limit). Returns whether it is set.
    @discardableResult
    func wait(timeoutNanos: UInt64? = nil) -> Bool {
        lock.withLock {
            guard let timeoutNanos else {
                while !isSet { lock.wait() }
                return true
            }
            let deadline = Sys.monotonicTimespec(after: timeoutNanos)
            while !isSet {
                if !lock.wait(until: deadline) { break }
            }
            return isSet
        }
    }
}

/// A wake-up one thread waits for with a timeout and others give: each `signal` ends one
/// wait (or the next one, if none is waiting).
///
/// `@unchecked Sendable`: `pending` is only read and written while holding `lock`.
final class Signal: @unchecked Sendable {
    private let lock = ConditionLock()
    /// Guarded by `lock`.
    private var pending = false

    init() {}

    /// Ends the current (or next) wait.
    func signal() {
        lock.withLock {
            pending = true
            lock.signal()
        }
    }

    /// Waits until signalled or `timeoutNanos` passed; true when signalled.
    @discardableResult
    func wait(timeoutNanos: UInt64) -> Bool {
        lock.withLock {
            let deadline = Sys.monotonicTimespec(after: timeoutNanos)
            while !pending {
                if !lock.wait(until: deadline) { break }
            }
            let signalled = pending
            pending = false
            return signalled
        }
    }
}
