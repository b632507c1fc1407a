// The values templates compute with: Python's types as Jinja sees them, held without `Any`.

/// A value in a template's context: a string, number, boolean, `none`, list or dictionary,
/// a safe (already escaped) string, or Jinja's undefined.
///
/// Build one from literals or from any `Encodable`:
///
///     let context: TemplateValue = ["username": "admin", "rows": [["id": 1, "name": "<b>"]]]
///     let fromModel = try TemplateValue(encoding: order)
///
/// The values behave as Jinja's Python values do: `none` prints as `None`, booleans as
/// `True`/`False`, floats as Python's `repr` (`1.0`, `0.1`, `1e+16`), lists and dictionaries as
/// their Python `repr`, and an undefined value prints as nothing.
public struct TemplateValue: Sendable {
    /// The kinds of value; `object` holds what templates make at run time (macros, `loop`,
    /// namespaces, bound methods).
    enum Storage: Sendable {
        /// A local variable not assigned yet (never seen by templates or users).
        case missing
        indirect case undefined(Undefined)
        case none
        case bool(Bool)
        case int(Int)
        case double(Double)
        case string(String)
        /// A safe string (Jinja's `Markup`): printed as is, never escaped again.
        case markup(String)
        case list([TemplateValue])
        case tuple([TemplateValue])
        case dictionary(TemplateDictionary)
        case object(any TemplateObject)
    }

    var storage: Storage

    init(_ storage: Storage) { self.storage = storage }

    // MARK: Making values

    /// Python's `None` (`none` in templates).
    public static let none = TemplateValue(.none)
    /// A value that is not defined: prints as nothing, is false, iterates as empty.
    public static let undefined = TemplateValue(.undefined(Undefined(.unnamed)))
    /// A string, escaped when printed with autoescaping on.
    public static func string(_ value: String) -> TemplateValue { TemplateValue(.string(value)) }
    /// A safe string (Jinja's `Markup`): printed as is, never escaped.
    public static func safe(_ html: String) -> TemplateValue { TemplateValue(.markup(html)) }
    /// An integer.
    public static func int(_ value: Int) -> TemplateValue { TemplateValue(.int(value)) }
    /// A float (printed as Python's `repr`: `1.0`, `0.1`, `1e+16`).
    public static func double(_ value: Double) -> TemplateValue { TemplateValue(.double(value)) }
    /// A boolean (`True`/`False` when printed).
    public static func bool(_ value: Bool) -> TemplateValue { TemplateValue(.bool(value)) }
    /// A list.
    public static func list(_ values: [TemplateValue]) -> TemplateValue { TemplateValue(.list(values)) }
    /// A dictionary, keys in insertion order.
    public static func dictionary(_ value: TemplateDictionary) -> TemplateValue { TemplateValue(.dictionary(value)) }

    static func undefined(name: String) -> TemplateValue { TemplateValue(.undefined(Undefined(.name(name)))) }
    static func undefined(_ reason: Undefined.Reason) -> TemplateValue { TemplateValue(.undefined(Undefined(reason))) }
    static func object(_ object: any TemplateObject) -> TemplateValue { TemplateValue(.object(object)) }
    static func tuple(_ values: [TemplateValue]) -> TemplateValue { TemplateValue(.tuple(values)) }
    static let missing = TemplateValue(.missing)
    static let `true` = TemplateValue(.bool(true))
    static let `false` = TemplateValue(.bool(false))
    static let emptyString = TemplateValue(.string(""))

    // MARK: Reading values (for filters and tests)

    /// True for an undefined value (a missing variable or attribute).
    public var isUndefined: Bool {
        switch storage {
        case .undefined, .missing: return true
        default: return false
        }
    }
    /// True for `none`.
    public var isNone: Bool { if case .none = storage { return true } else { return false } }
    /// True for a safe string (Jinja's `Markup`).
    public var isSafe: Bool { if case .markup = storage { return true } else { return false } }
    /// The text of a string or safe string; nil for other kinds.
    public var stringValue: String? {
        switch storage {
        case .string(let s), .markup(let s): return s
        default: return nil
        }
    }
    /// The integer (booleans count as 0 and 1, as in Python); nil for other kinds.
    public var intValue: Int? {
        switch storage {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }
    /// The number as a `Double` (integers and booleans converted); nil for other kinds.
    public var doubleValue: Double? {
        switch storage {
        case .double(let d): return d
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }
    /// The boolean; nil for other kinds (use `isTruthy` for Python truthiness).
    public var boolValue: Bool? { if case .bool(let b) = storage { return b } else { return nil } }
    /// The elements of a list (or tuple); nil for other kinds.
    public var listValue: [TemplateValue]? {
        switch storage {
        case .list(let l), .tuple(let l): return l
        default: return nil
        }
    }
    /// The dictionary; nil for other kinds.
    public var dictionaryValue: TemplateDictionary? {
        if case .dictionary(let d) = storage { return d } else { return nil }
    }
    /// The value of `key` in a dictionary, or undefined.
    public subscript(key: String) -> TemplateValue {
        if case .dictionary(let d) = storage { return d[key] ?? .undefined } else { return .undefined }
    }
}

/// Why a value is undefined, for the message when it is used where that is an error.
struct Undefined: Sendable {
    enum Reason: Sendable {
        case unnamed
        /// A variable that is not defined.
        case name(String)
        /// `owner.name` or `owner[name]` found nothing (`owner` is a type name like `dict object`).
        case attribute(owner: String, name: String)
        /// Any other explanation, used as the whole message.
        case hint(String)
    }
    let reason: Reason
    init(_ reason: Reason) { self.reason = reason }

    /// Jinja's wording: `'x' is undefined`, `'dict object' has no attribute 'y'`.
    var message: String {
        switch reason {
        case .unnamed: return "value is undefined"
        case .name(let name): return "'\(name)' is undefined"
        case .attribute(let owner, let name): return "'\(owner)' has no attribute '\(name)'"
        case .hint(let text): return text
        }
    }
}
