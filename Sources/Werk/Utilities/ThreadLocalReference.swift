#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A per-thread slot for an object reference, not retained: the object must outlive the time
/// it is stored. For what one thread does start to end without passing it down: the probe a
/// server thread installs for async handlers (`ClientHangUp`), the namespaces a template render
/// made. One pthread key per slot, made when the slot is; slots are meant to be `static let`.
///
///     static let slot = ThreadLocalReference<Collector>()
///     slot.value = collector; defer { slot.value = nil }
package struct ThreadLocalReference<Object: AnyObject>: Sendable {
    private let key: pthread_key_t

    /// A slot empty on every thread.
    package init() {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        self.key = key
    }

    /// The calling thread's object, or nil; setting it does not retain it.
    package var value: Object? {
        get { pthread_getspecific(key).map { Unmanaged<Object>.fromOpaque($0).takeUnretainedValue() } }
        nonmutating set { pthread_setspecific(key, newValue.map { Unmanaged.passUnretained($0).toOpaque() }) }
    }

    /// Runs `body` with `object` in the slot on this thread, then puts back what was there.
    package func with<T>(_ object: Object, _ body: () throws -> T) rethrows -> T {
        let outer = pthread_getspecific(key)
        pthread_setspecific(key, Unmanaged.passUnretained(object).toOpaque())
        defer { pthread_setspecific(key, outer) }
        return try withExtendedLifetime(object) { try body() }
    }
}
