// The arguments a filter, test or callable receives.

/// The arguments of a filter, test or call: positional ones in order and keyword ones by name,
/// as Python passes them.
///
///     templates.addFilter("repeat") { value, arguments in
///         let times = try arguments.bind(["times"], defaults: [2], for: "repeat")[0].intValue ?? 2
///         return .string(String(repeating: value.description, count: times))
///     }
public struct TemplateArguments: Sendable {
    /// The positional arguments.
    public var positional: [TemplateValue]
    /// The keyword arguments, in the order written.
    public var keyword: [(name: String, value: TemplateValue)]

    /// Arguments from positional values and keyword pairs.
    public init(_ positional: [TemplateValue] = [], keyword: [(name: String, value: TemplateValue)] = []) {
        self.positional = positional
        self.keyword = keyword
    }

    static let empty = TemplateArguments()

    /// The positional argument at `index`, or nil.
    public subscript(index: Int) -> TemplateValue? { index < positional.count ? positional[index] : nil }

    /// The keyword argument `name`, or nil.
    public subscript(name: String) -> TemplateValue? { keyword.last { $0.name == name }?.value }

    /// True when no argument was given.
    public var isEmpty: Bool { positional.isEmpty && keyword.isEmpty }

    /// Matches the arguments to Python-style parameters `names`: each parameter takes the
    /// positional argument at its index or the keyword argument of its name, else its
    /// default (`defaults` align with the last names) or undefined. Throws for too many
    /// positional arguments, unknown keywords and a parameter given twice.
    public func bind(_ names: [String], defaults: [TemplateValue] = [], for function: String) throws -> [TemplateValue] {
        guard positional.count <= names.count else {
            throw TemplateRuntimeError(.type, "\(function)() takes at most \(names.count) argument\(names.count == 1 ? "" : "s") (\(positional.count) given)")
        }
        var bound: [TemplateValue] = []
        bound.reserveCapacity(names.count)
        let firstDefault = names.count - defaults.count
        for (i, name) in names.enumerated() {
            if i < positional.count {
                bound.append(positional[i])
            } else if i >= firstDefault {
                bound.append(defaults[i - firstDefault])
            } else {
                bound.append(.undefined(name: name))
            }
        }
        for (name, value) in keyword {
            guard let i = names.firstIndex(of: name) else {
                throw TemplateRuntimeError(.type, "\(function)() got an unexpected keyword argument '\(name)'")
            }
            guard i >= positional.count else {
                throw TemplateRuntimeError(.type, "\(function)() got multiple values for argument '\(name)'")
            }
            bound[i] = value
        }
        return bound
    }
}
