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
    // A removal closes its gap at once: with no tombstones the pairs need no optional wrapper,
    // whose generic enum witness cost about 100 instructions a pair when a parsed form was freed.
    /// The pairs, in insertion order.
    @usableFromInline var pairs: [(key: Key, value: Value)]
    /// For every key, the positions of its pairs, ascending; nil while the pairs are few enough
    /// to search in order.
    @usableFromInline var index: [Key: [Int]]?
    /// Above this many pairs, the key index is made.
    @usableFromInline static var indexThreshold: Int { 16 }

    /// Creates an empty multi-dictionary.
    public init() {
        pairs = []
        index = nil
    }

    /// The positions of the pairs of `key`, ascending.
    private func positions(of key: Key) -> [Int] {
        if let index { return index[key] ?? [] }
        var result: [Int] = []
        for (position, pair) in pairs.enumerated() where pair.key == key { result.append(position) }
        return result
    }

    /// Makes the key index from the pairs, or drops it when they are few.
    @usableFromInline mutating func buildIndex() {
        guard pairs.count > Self.indexThreshold else {
            index = nil
            return
        }
        var built: [Key: [Int]] = [:]
        for (position, pair) in pairs.enumerated() { built[pair.key, default: []].append(position) }
        index = built
    }

    /// A multi-dictionary over `pairs`, in their order; the key index is made when they are many.
    init(pairs: [(key: Key, value: Value)]) {
        self.pairs = pairs
        index = nil
        buildIndex()
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
        positions(of: key).map { pairs[$0].value }
    }

    /// The first value for `key`, or `nil` when the key is absent.
    @inlinable
    public func first(_ key: Key) -> Value? {
        if let index {
            guard let position = index[key]?.first else { return nil }
            return pairs[position].value
        }
        for pair in pairs where pair.key == key { return pair.value }
        return nil
    }

    /// Adds a value for `key` after all existing pairs.
    @inlinable
    public mutating func append(_ value: Value, for key: Key) {
        if index != nil { index![key, default: []].append(pairs.count) }
        if pairs.capacity == 0 { pairs.reserveCapacity(4) }
        pairs.append((key: key, value: value))
        if index == nil && pairs.count > Self.indexThreshold { buildIndex() }
    }

    /// Replaces the values of `key`: the new values take the old positions in order,
    /// surplus old pairs are removed and surplus new values are appended at the end.
    /// An empty array removes the key.
    public mutating func set(_ values: [Value], for key: Key) {
        let old = positions(of: key)
        for (offset, position) in old.prefix(values.count).enumerated() {
            pairs[position].value = values[offset]
        }
        if old.count > values.count {
            remove(at: old[values.count...])
        } else {
            for value in values[old.count...] {
                append(value, for: key)
            }
        }
    }

    /// Removes every pair for `key`, returning the removed values in order.
    @discardableResult
    public mutating func removeAll(_ key: Key) -> [Value] {
        let positions = positions(of: key)
        guard !positions.isEmpty else { return [] }
        let removed = positions.map { pairs[$0].value }
        remove(at: positions[...])
        return removed
    }

    /// Removes the pairs at `positions`, keeping the order of the others (the standard
    /// library's `removeSubranges`: one linear pass however many go).
    private mutating func remove(at positions: ArraySlice<Int>) {
        pairs.removeSubranges(RangeSet(positions, within: pairs))
        if index != nil { buildIndex() }
    }

    /// Whether at least one value is stored for `key`.
    public func contains(_ key: Key) -> Bool {
        if let index { return index[key] != nil }
        return pairs.contains { $0.key == key }
    }

    /// The distinct keys in first-seen order.
    public var keys: [Key] {
        var seen = Set<Key>()
        var result: [Key] = []
        result.reserveCapacity(index?.count ?? pairs.count)
        for pair in pairs where seen.insert(pair.key).inserted {
            result.append(pair.key)
        }
        return result
    }

    /// All pairs in insertion order.
    public var items: [(key: Key, value: Value)] { pairs }

    /// The number of pairs (not of distinct keys).
    public var count: Int { pairs.count }

    /// Whether there are no pairs.
    public var isEmpty: Bool { pairs.isEmpty }

    /// Returns a multi-dictionary with the same keys and order and transformed values.
    ///
    /// ```swift
    /// let lengths = args.mapValues { $0.count }
    /// ```
    public func mapValues<T, E: Error>(_ transform: (Value) throws(E) -> T) throws(E) -> MultiDict<Key, T> {
        var mapped: [(key: Key, value: T)] = []
        mapped.reserveCapacity(pairs.count)
        for pair in pairs {
            mapped.append((key: pair.key, value: try transform(pair.value)))
        }
        var result = MultiDict<Key, T>(pairs: mapped)
        result.index = index
        return result
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
    /// Iterates the pairs of a ``MultiDict`` in insertion order.
    public struct Iterator: IteratorProtocol {
        private var base: IndexingIterator<[(key: Key, value: Value)]>

        fileprivate init(_ pairs: [(key: Key, value: Value)]) {
            base = pairs.makeIterator()
        }

        /// The next pair, or `nil` at the end.
        public mutating func next() -> (key: Key, value: Value)? { base.next() }
    }

    /// Returns an iterator over all pairs in insertion order.
    public func makeIterator() -> Iterator {
        Iterator(pairs)
    }

    /// The number of pairs, so `Array(dict)` allocates once.
    public var underestimatedCount: Int { pairs.count }
}

extension MultiDict: Equatable where Value: Equatable {
    /// Two multi-dictionaries are equal when they hold the same pairs in the same order.
    public static func == (lhs: MultiDict, rhs: MultiDict) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.elementsEqual(rhs) { $0.key == $1.key && $0.value == $1.value }
    }
}

extension MultiDict: Hashable where Value: Hashable {
    /// Hashes the pairs in order.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
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
