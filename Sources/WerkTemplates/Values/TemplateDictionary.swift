// An ordered dictionary of string keys, as Python's dict keeps insertion order.
import Synchronization

/// Where one `value.name` in a template last found its key (shared by the threads rendering
/// the template; a stale guess only costs a full lookup).
final class PositionHint: Sendable {
    let position = Atomic<Int>(0)
}

/// A dictionary with string keys that keeps its insertion order (as Python's `dict` does, so
/// `items()`, loops and `tojson` see the order Jinja would).
///
///     var user: TemplateDictionary = ["name": "admin"]
///     user["admin"] = true
public struct TemplateDictionary: Sendable {
    /// Immutable storage shared between copies; a change makes new storage.
    final class Storage: Sendable {
        let keys: [String]
        let values: [TemplateValue]
        /// A hash index for the larger dictionaries; small ones are searched in order.
        let index: [String: Int]?

        init(keys: [String], values: [TemplateValue]) {
            self.keys = keys
            self.values = values
            if keys.count > Storage.linearLimit {
                var index: [String: Int] = [:]
                index.reserveCapacity(keys.count)
                for (i, key) in keys.enumerated() { index[key] = i }
                self.index = index
            } else {
                self.index = nil
            }
        }

        /// Up to this many keys a linear scan beats hashing (small keys compare as two words).
        static let linearLimit = 12

        @inline(__always)
        func position(of key: String) -> Int? {
            if let index { return index[key] }
            var i = 0
            while i < keys.count {
                if keys[i] == key { return i }
                i += 1
            }
            return nil
        }
    }

    var storage: Storage

    /// An empty dictionary.
    public init() { storage = TemplateDictionary.emptyStorage }

    private static let emptyStorage = Storage(keys: [], values: [])

    /// A dictionary of `pairs` in order; a repeated key keeps its first place and last value.
    public init<S: Sequence>(_ pairs: S) where S.Element == (String, TemplateValue) {
        var keys: [String] = [], values: [TemplateValue] = []
        var seen: [String: Int] = [:]
        for (key, value) in pairs {
            if let at = seen[key] { values[at] = value; continue }
            seen[key] = keys.count
            keys.append(key)
            values.append(value)
        }
        storage = Storage(keys: keys, values: values)
    }

    /// Keys and values already known to be distinct, in order.
    init(uniqueKeys keys: [String], values: [TemplateValue]) {
        storage = Storage(keys: keys, values: values)
    }

    /// The number of entries.
    public var count: Int { storage.keys.count }
    /// True when there are no entries.
    public var isEmpty: Bool { storage.keys.isEmpty }
    /// The keys in insertion order.
    public var keys: [String] { storage.keys }
    /// The values in insertion order.
    public var values: [TemplateValue] { storage.values }

    /// The value for `key`, or nil; setting a new key appends it, setting nil removes it.
    public subscript(key: String) -> TemplateValue? {
        get {
            let storage = self.storage
            guard let at = storage.position(of: key) else { return nil }
            return storage.values[at]
        }
        set {
            var keys = storage.keys, values = storage.values
            if let at = storage.position(of: key) {
                if let newValue { values[at] = newValue } else { keys.remove(at: at); values.remove(at: at) }
            } else if let newValue {
                keys.append(key)
                values.append(newValue)
            } else {
                return
            }
            storage = Storage(keys: keys, values: values)
        }
    }

    /// The value for `key`, trying the position `hint` remembers first: rows of one list
    /// usually have their keys in the same order, so `row.name` finds it with one comparison.
    @inline(__always)
    func value(for key: String, hint: PositionHint) -> TemplateValue? {
        let storage = self.storage
        let guess = hint.position.load(ordering: .relaxed)
        if guess < storage.keys.count && storage.keys[guess] == key { return storage.values[guess] }
        guard let at = storage.position(of: key) else { return nil }
        hint.position.store(at, ordering: .relaxed)
        return storage.values[at]
    }

    /// Writes the value for `key` (nothing if there is none) without copying it out.
    @inline(__always)
    func write(_ key: String, hint: PositionHint, to out: inout OutputBuffer, escape: Bool) {
        let storage = self.storage
        var at = hint.position.load(ordering: .relaxed)
        if !(at < storage.keys.count && storage.keys[at] == key) {
            guard let found = storage.position(of: key) else { return }
            hint.position.store(found, ordering: .relaxed)
            at = found
        }
        storage.values.withUnsafeBufferPointer { $0[at].write(to: &out, escape: escape) }
    }

    /// The entries in insertion order.
    public var pairs: [(key: String, value: TemplateValue)] {
        Array(zip(storage.keys, storage.values)).map { (key: $0.0, value: $0.1) }
    }
}

extension TemplateDictionary: ExpressibleByDictionaryLiteral {
    /// `["name": "admin", "admin": true]`.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(elements)
    }
}
