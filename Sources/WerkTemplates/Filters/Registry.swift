// The filters and tests templates can use: Jinja's built-in ones and the application's.

/// A filter as the compiled code calls it: the value, the arguments, the render state (for
/// filters that call other filters or tests) and whether autoescaping is on.
typealias FilterFunction = @Sendable (TemplateValue, TemplateArguments, inout RenderState, Bool) throws -> TemplateValue
/// A test (`value is name`).
typealias TestFunction = @Sendable (TemplateValue, TemplateArguments, inout RenderState) throws -> Bool

/// An application's filter: `{{ value|name(arguments) }}`.
///
///     templates.addFilter("shout") { value, _ in .string(value.description.uppercased() + "!") }
public typealias TemplateFilter = @Sendable (TemplateValue, TemplateArguments) throws -> TemplateValue
/// An application's test: `{% if value is name(arguments) %}`.
public typealias TemplateTest = @Sendable (TemplateValue, TemplateArguments) throws -> Bool

/// The filters and tests a template is compiled with (compiled code keeps the ones it names).
struct Registry: Sendable {
    var filters: [String: FilterFunction]
    var tests: [String: TestFunction]
    /// The filters that are still Jinja's own (an application may replace one).
    var builtinNames: Set<String>

    static let builtin = Registry(filters: BuiltinFilters.all, tests: BuiltinTests.all, builtinNames: Set(BuiltinFilters.all.keys))

    mutating func add(filter name: String, _ filter: @escaping TemplateFilter) {
        filters[name] = { value, arguments, _, _ in try filter(value, arguments) }
        builtinNames.remove(name)
    }

    mutating func add(test name: String, _ test: @escaping TemplateTest) {
        tests[name] = { value, arguments, _ in try test(value, arguments) }
    }
}

/// Jinja's built-in filters, by name.
enum BuiltinFilters {
    static let all: [String: FilterFunction] = {
        var filters: [String: FilterFunction] = [:]
        for table in [textFilters, numberFilters, collectionFilters, otherFilters] {
            filters.merge(table) { first, _ in first }
        }
        return filters
    }()

    /// Binds arguments to a filter's parameters (after the value), as Python would.
    static func bind(_ arguments: TemplateArguments, _ names: [String], _ defaults: [TemplateValue] = [], _ filter: String) throws -> [TemplateValue] {
        try arguments.bind(names, defaults: defaults, for: filter)
    }

    /// Jinja's `soft_str`: a safe string stays safe, anything else becomes its `str()`.
    static func softString(_ value: TemplateValue) -> TemplateValue {
        switch value.storage {
        case .markup, .string: return value
        default: return .string(value.description)
        }
    }

    /// `text` as a value of the same safeness as `original` (Markup's methods keep it safe).
    static func like(_ original: TemplateValue, _ text: String) -> TemplateValue {
        original.isSafe ? .safe(text) : .string(text)
    }

    static let otherFilters: [String: FilterFunction] = [
        "default": defaultFilter, "d": defaultFilter,
        "safe": { value, arguments, _, _ in
            _ = try bind(arguments, [], [], "safe")
            return .safe(value.description)
        },
        "escape": escapeFilter, "e": escapeFilter,
        "forceescape": { value, arguments, _, _ in
            _ = try bind(arguments, [], [], "forceescape")
            return .safe(TemplateValue.string(value.description).escapedText(true))
        },
        "string": { value, arguments, _, _ in
            _ = try bind(arguments, [], [], "string")
            return softString(value)
        },
        "tojson": { value, arguments, _, _ in
            let indent = try bind(arguments, ["indent"], [.none], "tojson")[0]
            return .safe(try JSON.htmlSafe(value, indent: indent.integerLike.map { min(max($0, 0), 100) }))
        },
        "attr": { value, arguments, _, _ in
            let name = try bind(arguments, ["name"], [], "attr")[0].description
            switch value.storage {
            case .dictionary, .list, .tuple, .string, .markup:
                return Attributes.dictionaryMethods.contains(name) || Attributes.stringMethods.contains(name) || Attributes.listMethods.contains(name)
                    ? try Attributes.attribute(value, name) : .undefined(.attribute(owner: "\(value.typeName) object", name: name))
            default:
                return try Attributes.attribute(value, name)
            }
        },
        "xmlattr": xmlattr,
    ]

    static let defaultFilter: FilterFunction = { value, arguments, _, _ in
        let bound = try bind(arguments, ["default_value", "boolean"], [.emptyString, .false], "default")
        if value.isUndefined || (bound[1].isTruthy && !value.isTruthy) { return bound[0] }
        return value
    }

    static let escapeFilter: FilterFunction = { value, arguments, _, _ in
        _ = try bind(arguments, [], [], "escape")
        return .safe(value.escapedText(true))
    }

    static let xmlattr: FilterFunction = { value, arguments, _, autoescape in
        let autospace = try bind(arguments, ["autospace"], [.true], "xmlattr")[0].isTruthy
        if value.isUndefined { throw TemplateRuntimeError.undefined(value) }
        guard let d = value.dictionaryValue else { throw TemplateRuntimeError(.type, "xmlattr needs a dictionary") }
        var items: [String] = []
        for (key, item) in zip(d.keys, d.values) {
            if item.isNone || item.isUndefined { continue }
            if key.unicodeScalars.contains(where: { PythonWhitespace.contains($0) || $0 == "/" || $0 == ">" || $0 == "=" }) {
                throw TemplateRuntimeError(.value, "Invalid character in attribute name: \(TemplateValue.quoted(key))")
            }
            items.append("\(TemplateValue.string(key).escapedText(true))=\"\(item.escapedText(true))\"")
        }
        var text = items.joined(separator: " ")
        if autospace && !text.isEmpty { text = " " + text }
        return autoescape ? .safe(text) : .string(text)
    }
}
