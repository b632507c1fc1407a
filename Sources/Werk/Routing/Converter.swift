/// Turns one placeholder of a rule into a typed value and back: the text of a URL part to a
/// value when matching (`toValue`), a value to encoded URL text when building (`toURL`).
///
/// A custom converter is a struct with these two functions, registered under a name:
///
///     struct HexConverter: RouteConverter {
///         func toValue(_ text: Substring) -> (any Sendable)? { Int(text, radix: 16) }
///         func toURL(_ value: any Sendable) throws -> String {
///             guard let n = value as? Int else { throw RouteConverterError("expected an Int") }
///             return String(n, radix: 16)
///         }
///     }
///     let map = try Map([Rule("/color/<hex:rgb>", endpoint: "color")],
///                       converters: ["hex": { _ in HexConverter() }])
public protocol RouteConverter: Sendable {
    /// The value of `text` (one path segment, percent-decoded; or several joined by `/` when
    /// `matchesSlashes`), or nil when it does not match: `IntConverter().toValue("42")`.
    func toValue(_ text: Substring) -> (any Sendable)?
    /// The percent-encoded URL text for `value`; throws when the value does not fit:
    /// `try IntConverter().toURL(42)`.
    func toURL(_ value: any Sendable) throws -> String
    /// Lower weights are tried first among placeholders at the same place (int 50, string 100,
    /// path 200); static text is always tried before any placeholder. Default 100.
    var weight: Int { get }
    /// True when the value may span several segments, slashes included (the `path` converter).
    var matchesSlashes: Bool { get }
    /// Two placeholders with equal signatures accept exactly the same texts (used to merge the
    /// matching tree and to find conflicting rules). Default: the type and its stored properties.
    var signature: String { get }
}

extension RouteConverter {
    /// Default weight: 100, as a string.
    public var weight: Int { 100 }
    /// Default: one segment only.
    public var matchesSlashes: Bool { false }
    /// Default: the converter's type and stored properties, `"IntConverter(min: nil, ...)"`.
    public var signature: String { String(reflecting: self) }
}

/// The error a converter's `toURL` throws for a value it cannot encode.
///
///     throw RouteConverterError("expected an Int")
public struct RouteConverterError: Error, Sendable, CustomStringConvertible {
    /// Why the value does not fit.
    public let description: String
    /// An error with `message`: `RouteConverterError("out of range")`.
    public init(_ message: String) { description = message }
}

/// One literal in a placeholder's argument list: `<int(min=1, signed=True):n>`.
///
///     ConverterArgument.int(1)
public enum ConverterArgument: Sendable, Equatable, CustomStringConvertible {
    /// A quoted string or bare word: `'a'`, `"b"`, `c`.
    case string(String)
    /// An integer: `3`, `-2`.
    case int(Int)
    /// A decimal number: `1.5`.
    case double(Double)
    /// `True` / `False` (also `true` / `false`).
    case bool(Bool)
    /// `None`.
    case none

    /// The literal as written back: `'a'`, `3`, `True`.
    public var description: String {
        switch self {
        case .string(let s): return "'\(s)'"
        case .int(let n): return String(n)
        case .double(let d): return String(d)
        case .bool(let b): return b ? "True" : "False"
        case .none: return "None"
        }
    }
}

/// The arguments of one placeholder, positional and by keyword, as parsed from the rule:
/// `<any(a, b, c):x>` has three positional strings; `<int(min=1):n>` a keyword `min`.
///
///     let min = try args.int("min", position: 0)
public struct ConverterArguments: Sendable, Equatable {
    /// Arguments without a name, in order.
    public var positional: [ConverterArgument]
    /// Arguments written `name=value`.
    public var keyword: [String: ConverterArgument]

    /// Arguments from their parts: `ConverterArguments(positional: [.int(2)])`.
    public init(positional: [ConverterArgument] = [], keyword: [String: ConverterArgument] = [:]) {
        self.positional = positional
        self.keyword = keyword
    }

    /// True when there are none: `args.isEmpty`.
    public var isEmpty: Bool { positional.isEmpty && keyword.isEmpty }

    /// The argument named `name`, else the positional one at `position`, else nil.
    ///
    ///     args.value("max", position: 1)
    public func value(_ name: String, position: Int? = nil) -> ConverterArgument? {
        if let value = keyword[name] { return value }
        if let position, position < positional.count { return positional[position] }
        return nil
    }

    /// An integer argument (nil when absent or `None`); throws when it is not an integer.
    ///
    ///     let min = try args.int("min", position: 0)
    public func int(_ name: String, position: Int? = nil) throws -> Int? {
        switch value(name, position: position) {
        case nil, .none?: return nil
        case .int(let n)?: return n
        case let other?: throw RouteConverterError("'\(name)' must be an integer, not \(other)")
        }
    }

    /// A number argument (integers accepted); throws when it is not a number.
    ///
    ///     let max = try args.double("max")
    public func double(_ name: String, position: Int? = nil) throws -> Double? {
        switch value(name, position: position) {
        case nil, .none?: return nil
        case .int(let n)?: return Double(n)
        case .double(let d)?: return d
        case let other?: throw RouteConverterError("'\(name)' must be a number, not \(other)")
        }
    }

    /// A boolean argument; throws when it is not `True`/`False`.
    ///
    ///     let signed = try args.bool("signed") ?? false
    public func bool(_ name: String, position: Int? = nil) throws -> Bool? {
        switch value(name, position: position) {
        case nil, .none?: return nil
        case .bool(let b)?: return b
        case let other?: throw RouteConverterError("'\(name)' must be True or False, not \(other)")
        }
    }

    /// Throws when an argument other than `allowed` names is given by keyword, or more than
    /// `maxPositional` are given by position.
    ///
    ///     try args.check(allowed: ["min", "max"], maxPositional: 2)
    public func check(allowed: [String], maxPositional: Int) throws {
        if let unknown = keyword.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw RouteConverterError("unknown argument '\(unknown)'")
        }
        if positional.count > maxPositional {
            throw RouteConverterError("at most \(maxPositional) positional arguments, got \(positional.count)")
        }
    }
}

/// Makes a converter from a placeholder's arguments; throws (any error) to reject them.
///
///     let hex: ConverterFactory = { args in try args.check(allowed: [], maxPositional: 0); return HexConverter() }
public typealias ConverterFactory = @Sendable (ConverterArguments) throws -> any RouteConverter

/// The converters every map knows: `string` (also the default), `int`, `float`, `path`,
/// `uuid` and `any`.
///
///     let map = try Map(rules, converters: defaultConverters.merging(["hex": hexFactory]) { $1 })
public let defaultConverters: [String: ConverterFactory] = [
    "default": { try StringConverter(arguments: $0) },
    "string": { try StringConverter(arguments: $0) },
    "int": { try IntConverter(arguments: $0) },
    "float": { try FloatConverter(arguments: $0) },
    "path": { try PathConverter(arguments: $0) },
    "uuid": { try UUIDConverter(arguments: $0) },
    "any": { try AnyConverter(arguments: $0) },
]

/// Percent-encodes a value's text for a URL path segment: everything but unreserved characters
/// and the sub-delimiters `!$&'()*+,;=:@` is escaped; `/` is kept only when `keepSlash`.
///
///     encodePathText("a b/c", keepSlash: false)   // "a%20b%2Fc"
func encodePathText(_ text: String, keepSlash: Bool) -> String {
    percentEncode(text, safe: keepSlash ? "/!$&'()*+,;=:@" : "!$&'()*+,;=:@")
}
