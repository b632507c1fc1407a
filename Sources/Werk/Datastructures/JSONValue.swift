/// A JSON value without a type declared for it: what `request.jsonValue` gives for a body whose
/// shape is not worth a `Decodable` struct. Numbers written without a fraction or exponent that
/// fit in an `Int` stay exact (`.int`); other numbers are `.double`. Encodable, so it can go back
/// out with `Response.json`, and writable as a literal.
///
///     let body = try request.jsonValue
///     let name = try body.require("name").stringValue      // 400 when absent
///     let tags = body["tags"]?.arrayValue ?? []
///     return try .json(["ok": true, "name": .string(name ?? "")] as JSONValue)
public enum JSONValue: Sendable, Hashable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer that fits in `Int`.
    case int(Int)
    /// Any other number.
    case double(Double)
    /// A string.
    case string(String)
    /// An array.
    case array([JSONValue])
    /// An object (member order is not kept).
    case object([String: JSONValue])

    /// The member `key` of an object, or nil (also for non-objects).
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// The element at `index` of an array, or nil when out of range or not an array.
    public subscript(index: Int) -> JSONValue? {
        if case .array(let elements) = self, elements.indices.contains(index) { return elements[index] }
        return nil
    }

    /// The member `key`, or an `HTTPError` 400 naming it when the value is not an object that has
    /// it (Werkzeug's `BadRequestKeyError`), as `request.form.require` does for forms.
    ///
    ///     let name = try request.jsonValue.require("name")
    public func require(_ key: String, fileID: String = #fileID, line: Int = #line) throws(HTTPError) -> JSONValue {
        guard let value = self[key] else { throw HTTPError.badRequestKey(key, fileID: fileID, line: line) }
        return value
    }

    /// The string, or nil for other values.
    public var stringValue: String? { if case .string(let value) = self { return value }; return nil }
    /// The boolean, or nil for other values.
    public var boolValue: Bool? { if case .bool(let value) = self { return value }; return nil }
    /// The integer: an `.int`, or a `.double` with no fraction that fits; nil otherwise.
    public var intValue: Int? {
        switch self {
        case .int(let value): return value
        case .double(let value): return Int(exactly: value)
        default: return nil
        }
    }
    /// The number as a `Double` (an `.int` converted), or nil for other values.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }
    /// The elements, or nil for other values.
    public var arrayValue: [JSONValue]? { if case .array(let value) = self { return value }; return nil }
    /// The members, or nil for other values.
    public var objectValue: [String: JSONValue]? { if case .object(let value) = self { return value }; return nil }
    /// True for `null`.
    public var isNull: Bool { self == .null }
}

extension JSONValue: Codable {
    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    /// Encodes the value as JSON.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
    /// `null`.
    public init(nilLiteral: ()) { self = .null }
    /// A boolean literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A floating-point literal.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A string literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// An array literal.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// An object literal; a repeated key keeps the last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
}
