// Building template values from Swift literals and plain Swift values.

extension TemplateValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    /// `"admin"`.
    public init(stringLiteral value: String) { self.init(.string(value)) }
}

extension TemplateValue: ExpressibleByIntegerLiteral {
    /// `42`.
    public init(integerLiteral value: Int) { self.init(.int(value)) }
}

extension TemplateValue: ExpressibleByFloatLiteral {
    /// `9.5`.
    public init(floatLiteral value: Double) { self.init(.double(value)) }
}

extension TemplateValue: ExpressibleByBooleanLiteral {
    /// `true`.
    public init(booleanLiteral value: Bool) { self.init(.bool(value)) }
}

extension TemplateValue: ExpressibleByNilLiteral {
    /// `nil` is `none`.
    public init(nilLiteral: ()) { self.init(.none) }
}

extension TemplateValue: ExpressibleByArrayLiteral {
    /// `[1, "two", 3.0]`.
    public init(arrayLiteral elements: TemplateValue...) { self.init(.list(elements)) }
}

extension TemplateValue: ExpressibleByDictionaryLiteral {
    /// `["username": "admin", "rows": [1, 2]]`.
    public init(dictionaryLiteral elements: (String, TemplateValue)...) {
        self.init(.dictionary(TemplateDictionary(elements)))
    }
}

/// A Swift value that has a template value: strings, numbers, booleans, optionals, arrays and
/// string-keyed dictionaries of them, and `TemplateValue` itself. It lets a context be written
/// with variables: `["username": username, "count": items.count]`.
public protocol TemplateValueConvertible {
    /// The value templates see.
    var templateValue: TemplateValue { get }
}

extension TemplateValue: TemplateValueConvertible {
    /// Itself.
    public var templateValue: TemplateValue { self }

    /// The template value of a convertible Swift value: `TemplateValue(username)`.
    public init(_ value: some TemplateValueConvertible) { self = value.templateValue }
}

extension TemplateDictionary: TemplateValueConvertible {
    /// The dictionary as a value.
    public var templateValue: TemplateValue { .dictionary(self) }
}

extension String: TemplateValueConvertible {
    /// A string value.
    public var templateValue: TemplateValue { .string(self) }
}

extension Substring: TemplateValueConvertible {
    /// A string value.
    public var templateValue: TemplateValue { .string(String(self)) }
}

extension Int: TemplateValueConvertible {
    /// An integer value.
    public var templateValue: TemplateValue { .int(self) }
}

extension Double: TemplateValueConvertible {
    /// A float value.
    public var templateValue: TemplateValue { .double(self) }
}

extension Bool: TemplateValueConvertible {
    /// A boolean value.
    public var templateValue: TemplateValue { .bool(self) }
}

extension Optional: TemplateValueConvertible where Wrapped: TemplateValueConvertible {
    /// The wrapped value, or `none`.
    public var templateValue: TemplateValue { self?.templateValue ?? .none }
}

extension Array: TemplateValueConvertible where Element: TemplateValueConvertible {
    /// A list value.
    public var templateValue: TemplateValue { .list(map(\.templateValue)) }
}

extension Dictionary: TemplateValueConvertible where Key == String, Value: TemplateValueConvertible {
    /// A dictionary value, keys sorted (a Swift dictionary has no order of its own).
    public var templateValue: TemplateValue {
        .dictionary(TemplateDictionary(sorted { $0.key < $1.key }.map { ($0.key, $0.value.templateValue) }))
    }
}

extension TemplateDictionary {
    /// A dictionary of convertible values, keys sorted: `TemplateDictionary(["username": username])`.
    public init(_ values: [String: any TemplateValueConvertible]) {
        self.init(values.sorted { $0.key < $1.key }.map { ($0.key, $0.value.templateValue) })
    }
}
