/// The values a matched rule extracted from the URL, in the order of the rule's placeholders,
/// typed by their converters (`Int`, `Double`, `UUID`, `String`, or a custom converter's type).
/// Also the values given to URL building, in the order they are written.
///
///     let values: RouteValues = ["id": 42, "tab": "posts"]
///     values.int("id")                 // 42
///     values["id", as: Int.self]       // 42
///     values.string("tab")             // "posts"
public struct RouteValues: Sendable, ExpressibleByDictionaryLiteral, Sequence, CustomStringConvertible {
    /// The name-value pairs in order; a name appears at most once.
    public private(set) var pairs: [(name: String, value: any Sendable)]

    /// No values: `RouteValues()`.
    public init() { pairs = [] }

    /// Values from pairs in order; a later duplicate name replaces the earlier value.
    ///
    ///     RouteValues([("id", 1)])
    public init(_ pairs: [(String, any Sendable)]) {
        self.pairs = []
        self.pairs.reserveCapacity(pairs.count)
        for (name, value) in pairs { self[name] = value }
    }

    /// Values from a literal, in the written order: `["id": 42]`.
    public init(dictionaryLiteral elements: (String, any Sendable)...) { self.init(elements) }

    /// Internal fast path: names and values known to be distinct.
    init(uniquePairs: [(name: String, value: any Sendable)]) { self.pairs = uniquePairs }

    /// The value named `name`, or nil; setting nil removes it.
    ///
    ///     values["id"] = 7
    public subscript(name: String) -> (any Sendable)? {
        get {
            for pair in pairs where pair.name == name { return pair.value }
            return nil
        }
        set {
            if let index = pairs.firstIndex(where: { $0.name == name }) {
                if let newValue { pairs[index].value = newValue } else { pairs.remove(at: index) }
            } else if let newValue {
                pairs.append((name, newValue))
            }
        }
    }

    /// The value named `name` if it has type `T`: `values["id", as: Int.self]`.
    public subscript<T>(name: String, as type: T.Type) -> T? { self[name] as? T }

    /// The `Int` named `name` (from an `int` placeholder): `values.int("id")`.
    public func int(_ name: String) -> Int? { self[name] as? Int }
    /// The `Double` named `name` (from a `float` placeholder): `values.double("price")`.
    public func double(_ name: String) -> Double? { self[name] as? Double }
    /// The `String` named `name` (from `string`, `path` or `any`): `values.string("slug")`.
    public func string(_ name: String) -> String? { self[name] as? String }

    /// The names in order: `values.names`.
    public var names: [String] { pairs.map(\.name) }
    /// The number of values: `values.count`.
    public var count: Int { pairs.count }
    /// True when there are no values: `values.isEmpty`.
    public var isEmpty: Bool { pairs.isEmpty }
    /// True when a value is named `name`: `values.contains("id")`.
    public func contains(_ name: String) -> Bool { pairs.contains { $0.name == name } }

    /// Iterates the pairs in order: `for (name, value) in values { ... }`.
    public func makeIterator() -> IndexingIterator<[(name: String, value: any Sendable)]> { pairs.makeIterator() }

    /// `["id": 42, "tab": "posts"]`.
    public var description: String {
        "[" + pairs.map { "\"\($0.name)\": \(routeValueText($0.value, quoted: true))" }.joined(separator: ", ") + "]"
    }
}

/// A value's text for messages and comparisons; strings quoted when `quoted`.
func routeValueText(_ value: any Sendable, quoted: Bool = false) -> String {
    if let string = value as? String { return quoted ? "\"\(string)\"" : string }
    if let string = value as? Substring { return quoted ? "\"\(string)\"" : String(string) }
    return String(describing: value)
}
