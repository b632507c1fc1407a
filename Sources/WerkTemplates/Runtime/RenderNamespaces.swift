import Werk

/// The namespaces one render made, cleared when it ends: a namespace that holds itself, or
/// two that hold each other, form a cycle reference counting never frees, so every such
/// render would leak. Nothing a render made outlives it (its output is bytes), so clearing
/// them is safe. Found through a thread-local: a render runs on one thread, start to end.
final class RenderNamespaces {
    private var made: [Namespace] = []

    func add(_ namespace: Namespace) { made.append(namespace) }

    private static let slot = ThreadLocalReference<RenderNamespaces>()

    /// The collector of the render running on this thread, if any.
    static var current: RenderNamespaces? { slot.value }

    /// Runs `render` with a collector on this thread, then clears what it made (a render
    /// inside a render keeps its own collector and restores the outer one).
    static func collecting<T>(_ render: () throws -> T) rethrows -> T {
        let collector = RenderNamespaces()
        defer { for namespace in collector.made { namespace.clear() } }
        return try slot.with(collector, render)
    }
}
