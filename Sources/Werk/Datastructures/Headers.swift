/// An ordered, case-insensitive, multi-valued collection of HTTP header fields.
///
/// Order and duplicates are kept exactly as added, so a request's headers read back as the
/// client sent them. Names must be RFC 9110 tokens and values free of CR, LF and NUL: a field
/// that breaks the rule is refused with a `HeaderError` naming it when the response starts
/// (`ResponseHead`, the server's and the test client's start-response), so no header can be
/// injected, and building headers needs no `try`. `try Headers(pairs)` checks at once instead.
///
///     var headers: Headers = ["Content-Type": "text/plain"]
///     headers.add("Set-Cookie", "a=1")
///     headers.add("Set-Cookie", "b=2")
///     headers["set-cookie"]             // "a=1"
///     headers.values(for: "Set-Cookie") // ["a=1", "b=2"]
public struct Headers: Sendable, Equatable {
    /// One header field: a name as given and its value.
    public struct Field: Sendable, Equatable {
        /// The field name, with the case it was added with.
        public let name: String
        /// The field value, without leading or trailing whitespace.
        public let value: String
    }

    /// The fields in order.
    public private(set) var fields: [Field]
    /// True when a field was added without validation and may hold a bad name or value
    /// (`validate()` then checks them all; otherwise every field is valid by construction).
    private var mayNeedValidation = false

    /// An empty collection.
    public init() { fields = [] }

    /// An empty collection with room for `minimumCapacity` fields.
    package init(minimumCapacity: Int) {
        fields = []
        fields.reserveCapacity(minimumCapacity)
    }

    /// Equal when the fields are equal, in order.
    public static func == (lhs: Headers, rhs: Headers) -> Bool { lhs.fields == rhs.fields }

    /// A collection of `pairs` in order, each checked now: throws `HeaderError` for an invalid
    /// name or value (for headers made from untrusted text; a literal needs no `try`).
    ///
    ///     let headers = try Headers([("Content-Type", "text/plain"), ("X-Id", userText)])
    public init(_ pairs: [(String, String)]) throws(HeaderError) {
        fields = []
        fields.reserveCapacity(pairs.count)
        for (name, value) in pairs {
            try Headers.validate(name: name, value: value)
            addTrusted(name, Headers.trimmed(value))
        }
    }

    /// The number of fields, duplicates counted.
    public var count: Int { fields.count }
    /// True when there are no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// The first value for `name` (case-insensitive), or nil. Setting it replaces every field
    /// of that name (`set`); setting nil removes them.
    ///
    ///     response.headers["Cache-Control"] = "no-store"
    public subscript(name: String) -> String? {
        get {
            for field in fields where Headers.namesEqual(field.name, name) { return field.value }
            return nil
        }
        set {
            if let newValue { set(name, newValue) } else { remove(name) }
        }
    }

    /// Every value for `name` (case-insensitive), in order.
    public func values(for name: String) -> [String] {
        fields.lazy.filter { Headers.namesEqual($0.name, name) }.map(\.value)
    }

    /// The values for `name` joined as one field value: `", "` between them (RFC 9110 s5.3),
    /// or `"; "` for `Cookie` (RFC 6265 s5.4). Nil when absent.
    public func combinedValue(for name: String) -> String? {
        let all = values(for: name)
        if all.isEmpty { return nil }
        if all.count == 1 { return all[0] }
        return all.joined(separator: Headers.namesEqual(name, "cookie") ? "; " : ", ")
    }

    /// True when a field named `name` is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { Headers.namesEqual($0.name, name) }
    }

    /// True when a `Content-Length` or `Transfer-Encoding` field is present: the body's framing
    /// is declared (one pass, for the response path).
    package var declaresFraming: Bool {
        fields.contains { field in
            switch field.name.utf8.count {
            case 14: return Headers.namesEqual(field.name, "Content-Length")
            case 17: return Headers.namesEqual(field.name, "Transfer-Encoding")
            default: return false
            }
        }
    }

    /// Appends a field, keeping any with the same name. An invalid name or value is refused
    /// with a `HeaderError` naming it when the response starts (`validate()`).
    public mutating func add(_ name: String, _ value: String) {
        addUnchecked(name, Headers.trimmed(value))
    }

    /// Replaces every field named `name` with one field, at the place of the first. An invalid
    /// name or value is refused when the response starts.
    public mutating func set(_ name: String, _ value: String) {
        setUnchecked(name, Headers.trimmed(value))
    }

    /// Sets the field when absent; leaves an existing one alone.
    public mutating func setDefault(_ name: String, _ value: String) {
        if !contains(name) { add(name, value) }
    }

    /// Removes every field named `name`; returns how many were removed.
    @discardableResult
    public mutating func remove(_ name: String) -> Int {
        let before = fields.count
        fields.removeAll { Headers.namesEqual($0.name, name) }
        return before - fields.count
    }

    /// Appends every field of `other`.
    public mutating func add(contentsOf other: Headers) {
        fields.append(contentsOf: other.fields)
        mayNeedValidation = mayNeedValidation || other.mayNeedValidation
    }

    /// The fields as `(name, value)` pairs.
    public var pairs: [(String, String)] { fields.map { ($0.name, $0.value) } }

    // MARK: Paths without validation now

    /// Appends a field whose name and value the caller knows to be valid (a parser checked
    /// them, or Werk built them from valid parts): never validated.
    package mutating func addTrusted(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
    }

    /// Replaces fields with one the caller knows to be valid: never validated.
    package mutating func setTrusted(_ name: String, _ value: String) {
        replace(name, value)
    }

    /// Appends without validating now; `validate()` checks it later (when the response starts).
    package mutating func addUnchecked(_ name: String, _ value: String) {
        fields.append(Field(name: name, value: value))
        mayNeedValidation = true
    }

    /// Replaces without validating now; `validate()` checks it later (when the response starts).
    package mutating func setUnchecked(_ name: String, _ value: String) {
        replace(name, value)
        mayNeedValidation = true
    }

    private mutating func replace(_ name: String, _ value: String) {
        if let first = fields.firstIndex(where: { Headers.namesEqual($0.name, name) }) {
            fields[first] = Field(name: name, value: value)
            var index = fields.index(after: first)
            while index < fields.endIndex {
                if Headers.namesEqual(fields[index].name, name) { fields.remove(at: index) } else { index += 1 }
            }
        } else {
            fields.append(Field(name: name, value: value))
        }
    }

    /// Throws unless every field has a token name and a value free of CR, LF and NUL.
    public func validate() throws(HeaderError) {
        guard mayNeedValidation else { return }
        for field in fields { try Headers.validate(name: field.name, value: field.value) }
    }

    // MARK: Rules

    /// Checks a name (an RFC 9110 s5.1 token) and a value (no CR, LF, NUL; s5.5).
    public static func validate(name: String, value: String) throws(HeaderError) {
        if name.isEmpty { throw HeaderError(.emptyName, name: name) }
        for byte in name.utf8 where !HTTPSyntax.isTChar(byte) {
            throw HeaderError(.invalidName, name: name)
        }
        for byte in value.utf8 where byte == 0x0D || byte == 0x0A || byte == 0x00 {
            throw HeaderError(.invalidValue, name: name)
        }
    }

    /// ASCII case-insensitive comparison of two field names, without allocating.
    @inlinable
    public static func namesEqual(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        // The same spelling (the usual case) compares whole strings at once; most other names
        // differ in their first letter.
        if a == b { return true }
        guard let x = a.utf8.first, let y = b.utf8.first, x | 0x20 == y | 0x20 else { return false }
        // Contiguous UTF-8 (native strings): compare the bytes directly.
        if let result = a.utf8.withContiguousStorageIfAvailable({ x in
            b.utf8.withContiguousStorageIfAvailable { y in namesEqual(x, y) }
        }), let result { return result }
        var ia = a.utf8.makeIterator(), ib = b.utf8.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil): return true
            case let (x?, y?):
                if x != y && (x | 0x20) != (y | 0x20) { return false }
                if x != y && !((x | 0x20) >= 0x61 && (x | 0x20) <= 0x7A) { return false }
            default: return false
            }
        }
    }

    /// ASCII case-insensitive comparison of two names of the same length, as bytes.
    @inlinable
    static func namesEqual(_ x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool {
        for i in 0..<x.count {
            let p = x[i], q = y[i]
            if p == q { continue }
            let lower = p | 0x20
            if lower != q | 0x20 || lower < 0x61 || lower > 0x7A { return false }
        }
        return true
    }

    /// The value without leading and trailing spaces and tabs (RFC 9110 s5.5).
    static func trimmed(_ value: String) -> String {
        // Fast path: most values need no trimming and are returned without a copy.
        guard let first = value.utf8.first, let last = value.utf8.last,
              HTTPSyntax.isOWS(first) || HTTPSyntax.isOWS(last) else { return value }
        return value.trimmingHTTPWhitespace()
    }
}

extension Headers: Sequence {
    /// Iterates the fields in order.
    public func makeIterator() -> IndexingIterator<[Field]> { fields.makeIterator() }
}

extension Headers: CustomStringConvertible {
    /// The fields as they would be written on the wire, one `Name: value` per line.
    public var description: String { fields.map { "\($0.name): \($0.value)" }.joined(separator: "\n") }
}

/// Why a header name or value was refused.
public struct HeaderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kinds of refusal.
    public enum Kind: Sendable, Equatable {
        /// The name is empty.
        case emptyName
        /// The name holds a character that is not an RFC 9110 token character.
        case invalidName
        /// The value holds CR, LF or NUL (header injection).
        case invalidValue
    }
    /// What was wrong.
    public let kind: Kind
    /// The offending field's name.
    public let name: String

    init(_ kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    /// A message that says what to fix.
    public var description: String {
        switch kind {
        case .emptyName: return "header name is empty"
        case .invalidName: return "header name \(String(reflecting: name)) is not an HTTP token (RFC 9110 s5.6.2)"
        case .invalidValue: return "value of header \(String(reflecting: name)) contains CR, LF or NUL (refused: header injection)"
        }
    }
}
