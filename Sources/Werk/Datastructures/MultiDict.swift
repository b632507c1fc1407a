/// An ordered dictionary that can hold several values per key, like Werkzeug's `MultiDict`.
///
/// All `(key, value)` pairs keep their insertion order across keys, so
/// `[("a", "1"), ("b", "2"), ("a", "3")]` iterates in exactly that order.
/// Lookups by key are O(1) on average through a key index, made once it holds more than a
/// few pairs (a small one, like most query strings and forms, is searched in order: cheaper
/// than hashing).
///
/// ```swift
/// var args: MultiDict = ["tag": "a", "page": "2", "tag": "b"]
/// args["page"]            // "2"
/// args.getAll("tag")      // ["a", "b"]
/// ```
public struct MultiDict<Key: Hashable, Value> {
    /// One stored pair; `nil` slots are tombstones left by removals.
    @usableFromInline var storage: [(key: Key, value: Value)?]
    /// For every key, the positions of its live pairs in `storage`, ascending; nil while
    /// `storage` is small enough to search in order.
    @usableFromInline var index: [Key: [Int]]?
    /// Number of live pairs.
    @usableFromInline var liveCount: Int
    /// Above this many stored pairs, the key index is made.
    @usableFromInline static var indexThreshold: Int { 16 }

    /// Creates an empty multi-dictionary.
    public init() {
        storage = []
        index = nil
        liveCount = 0
    }

    /// The positions of the live pairs of `key`, ascending.
    private func positions(of key: Key) -> [Int] {
        if let index { return index[key] ?? [] }
        var result: [Int] = []
        for (position, slot) in storage.enumerated() where slot?.key == key { result.append(position) }
        return result
    }

    /// Makes the key index from `storage`.
    @usableFromInline mutating func buildIndex() {
        var built: [Key: [Int]] = [:]
        for (position, slot) in storage.enumerated() {
            if let pair = slot { built[pair.key, default: []].append(position) }
        }
        index = built
    }

    /// A multi-dictionary over `pairs` (no tombstones), in their order; the key index is made
    /// when they are many.
    init(pairs: [(key: Key, value: Value)?]) {
        storage = pairs
        index = nil
        liveCount = pairs.count
        if pairs.count > Self.indexThreshold { buildIndex() }
    }

    /// Creates a multi-dictionary from pairs, keeping duplicates and their order.
    ///
    /// ```swift
    /// let d = MultiDict([("a", 1), ("a", 2)])   // d.getAll("a") == [1, 2]
    /// ```
    public init(_ pairs: some Sequence<(Key, Value)>) {
        self.init()
        for (key, value) in pairs {
            append(value, for: key)
        }
    }

    /// The first value stored for `key`; assigning replaces all values for `key`
    /// with one value (kept at the position of the first old value), and assigning
    /// `nil` removes the key.
    public subscript(key: Key) -> Value? {
        @inlinable get { first(key) }
        set {
            if let newValue {
                set([newValue], for: key)
            } else {
                removeAll(key)
            }
        }
    }

    /// All values for `key` in insertion order (empty when the key is absent).
    public func getAll(_ key: Key) -> [Value] {
        positions(of: key).compactMap { storage[$0]?.value }
    }

    /// The first value for `key`, or `nil` when the key is absent.
    @inlinable
    public func first(_ key: Key) -> Value? {
        if let index {
            guard let position = index[key]?.first else { return nil }
            return storage[position]?.value
        }
        for case let pair? in storage where pair.key == key { return pair.value }
        return nil
    }

    /// Adds a value for `key` after all existing pairs.
    @inlinable
    public mutating func append(_ value: Value, for key: Key) {
        if index != nil { index![key, default: []].append(storage.count) }
        if storage.capacity == 0 { storage.reserveCapacity(4) }
        storage.append((key: key, value: value))
        liveCount += 1
        if index == nil && storage.count > Self.indexThreshold { buildIndex() }
    }

    /// Replaces the values of `key`: the new values take the old positions in order,
    /// surplus old pairs are removed and surplus new values are appended at the end.
    /// An empty array removes the key.
    public mutating func set(_ values: [Value], for key: Key) {
        let old = positions(of: key)
        if values.isEmpty {
            removeAll(key)
            return
        }
        var kept: [Int] = []
        kept.reserveCapacity(values.count)
        for (offset, position) in old.enumerated() {
            if offset < values.count {
                storage[position] = (key: key, value: values[offset])
                kept.append(position)
            } else {
                storage[position] = nil
                liveCount -= 1
            }
        }
        if values.count > old.count {
            for value in values[old.count...] {
                kept.append(storage.count)
                storage.append((key: key, value: value))
                liveCount += 1
            }
        }
        if index != nil { index![key] = kept }
        compactIfNeeded()
    }

    /// Removes every pair for `key`, returning the removed values in order.
    @discardableResult
    public mutating func removeAll(_ key: Key) -> [Value] {
        let positions = positions(of: key)
        guard !positions.isEmpty else { return [] }
        if index != nil { index!.removeValue(forKey: key) }
        var removed: [Value] = []
        removed.reserveCapacity(positions.count)
        for position in positions {
            if let pair = storage[position] {
                removed.append(pair.value)
                storage[position] = nil
                liveCount -= 1
            }
        }
        compactIfNeeded()
        return removed
    }

    /// Whether at least one value is stored for `key`.
    public func contains(_ key: Key) -> Bool {
        if let index { return index[key] != nil }
        return storage.contains { $0?.key == key }
    }

    /// The distinct keys in first-seen order.
    public var keys: [Key] {
        var seen = Set<Key>()
        var result: [Key] = []
        result.reserveCapacity(index?.count ?? liveCount)
        for case let pair? in storage where seen.insert(pair.key).inserted {
            result.append(pair.key)
        }
        return result
    }

    /// All pairs in insertion order.
    public var items: [(key: Key, value: Value)] {
        storage.compactMap { $0 }
    }

    /// The number of pairs (not of distinct keys).
    public var count: Int { liveCount }

    /// Whether there are no pairs.
    public var isEmpty: Bool { liveCount == 0 }

    /// Returns a multi-dictionary with the same keys and order and transformed values.
    ///
    /// ```swift
    /// let lengths = args.mapValues { $0.count }
    /// ```
    public func mapValues<T, E: Error>(_ transform: (Value) throws(E) -> T) throws(E) -> MultiDict<Key, T> {
        var result = MultiDict<Key, T>()
        result.storage.reserveCapacity(liveCount)
        for case let pair? in storage {
            result.append(try transform(pair.value), for: pair.key)
        }
        return result
    }

    /// Drops tombstones once they outnumber the live pairs, keeping the order.
    private mutating func compactIfNeeded() {
        let tombstones = storage.count - liveCount
        guard tombstones > 8, tombstones > liveCount else { return }
        let live = storage.compactMap { $0 }
        storage = []
        storage.reserveCapacity(live.count)
        index = nil
        liveCount = 0
        for pair in live {
            append(pair.value, for: pair.key)
        }
    }
}

extension MultiDict: ExpressibleByDictionaryLiteral {
    /// Creates a multi-dictionary from a literal; duplicate keys are allowed and kept.
    ///
    /// ```swift
    /// let d: MultiDict = ["a": 1, "a": 2]
    /// ```
    public init(dictionaryLiteral elements: (Key, Value)...) {
        self.init(elements)
    }
}

extension MultiDict: Sequence {
    /// Iterates the live pairs of a ``MultiDict`` in insertion order.
    public struct Iterator: IteratorProtocol {
        private var base: IndexingIterator<[(key: Key, value: Value)?]>

        fileprivate init(_ storage: [(key: Key, value: Value)?]) {
            base = storage.makeIterator()
        }

        /// The next pair, or `nil` at the end.
        public mutating func next() -> (key: Key, value: Value)? {
            while let slot = base.next() {
                if let pair = slot { return pair }
            }
            return nil
        }
    }

    /// Returns an iterator over all pairs in insertion order.
    public func makeIterator() -> Iterator {
        Iterator(storage)
    }

    /// The number of pairs, so `Array(dict)` allocates once.
    public var underestimatedCount: Int { liveCount }
}

extension MultiDict: Equatable where Value: Equatable {
    /// Two multi-dictionaries are equal when they hold the same pairs in the same order.
    public static func == (lhs: MultiDict, rhs: MultiDict) -> Bool {
        guard lhs.liveCount == rhs.liveCount else { return false }
        return lhs.elementsEqual(rhs) { $0.key == $1.key && $0.value == $1.value }
    }
}

extension MultiDict: Hashable where Value: Hashable {
    /// Hashes the pairs in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(liveCount)
        for pair in self {
            hasher.combine(pair.key)
            hasher.combine(pair.value)
        }
    }
}

extension MultiDict: Sendable where Key: Sendable, Value: Sendable {}

extension MultiDict.Iterator: Sendable where Key: Sendable, Value: Sendable {}

extension MultiDict: CustomStringConvertible {
    /// A debugging form such as `MultiDict([("a", "1"), ("a", "2")])`.
    public var description: String {
        let body = map { "(\(String(reflecting: $0.key)), \(String(reflecting: $0.value)))" }
            .joined(separator: ", ")
        return "MultiDict([\(body)])"
    }
}

extension MultiDict where Key == String, Value == String {
    /// The first value for `key` converted to `T`, or `nil` when absent or not convertible.
    ///
    /// ```swift
    /// let page = args.get("page", as: Int.self) ?? 1
    /// ```
    public func get<T: LosslessStringConvertible>(_ key: String, as type: T.Type) -> T? {
        guard let raw = first(key) else { return nil }
        return T(raw)
    }
}
