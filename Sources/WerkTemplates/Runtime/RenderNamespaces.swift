#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The namespaces one render made, cleared when it ends: a namespace that holds itself, or
/// two that hold each other, form a cycle reference counting never frees, so every such
/// render would leak. Nothing a render made outlives it (its output is bytes), so clearing
/// them is safe. Found through a thread-local: a render runs on one thread, start to end.
final class RenderNamespaces {
    private var made: [Namespace] = []

    func add(_ namespace: Namespace) { made.append(namespace) }

    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    /// The collector of the render running on this thread, if any.
    static var current: RenderNamespaces? {
        pthread_getspecific(key).map { Unmanaged<RenderNamespaces>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Runs `render` with a collector on this thread, then clears what it made (a render
    /// inside a render keeps its own collector and restores the outer one).
    static func collecting<T>(_ render: () throws -> T) rethrows -> T {
        let collector = RenderNamespaces()
        let outer = pthread_getspecific(key)
        pthread_setspecific(key, Unmanaged.passUnretained(collector).toOpaque())
        defer {
            pthread_setspecific(key, outer)
            for namespace in collector.made { namespace.clear() }
            withExtendedLifetime(collector) {}
        }
        return try render()
    }
}
