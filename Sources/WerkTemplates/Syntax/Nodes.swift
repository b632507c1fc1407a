// The syntax tree the parser builds and the compiler turns into closures.

/// An expression and the byte offset where it starts (for error positions).
struct Expression: Sendable {
    indirect enum Kind: Sendable {
        case constant(TemplateValue)
        case name(String)
        case list([Expression])
        case tuple([Expression])
        case dictionary([(key: Expression, value: Expression)])
        /// `object.name`
        case attribute(Expression, String)
        /// `object[key]`
        case item(Expression, Expression)
        /// `object[start:stop:step]`
        case slice(Expression, start: Expression?, stop: Expression?, step: Expression?)
        case call(Expression, CallArguments)
        /// `value|name(arguments)`; the value is nil in `{% filter %}` and `{% set %}` blocks.
        /// `nameOffset` is where the filter's name is (errors about the filter point there).
        case filter(Expression?, name: String, CallArguments, nameOffset: Int)
        /// `value is name arguments`
        case test(Expression, name: String, CallArguments, nameOffset: Int)
        case negative(Expression)
        case positive(Expression)
        case not(Expression)
        case binary(BinaryOperator, Expression, Expression)
        case and(Expression, Expression)
        case or(Expression, Expression)
        case compare(Expression, [(CompareOperator, Expression)])
        /// `a ~ b ~ c`
        case concat([Expression])
        /// `then if test else otherwise`
        case conditional(test: Expression, then: Expression, otherwise: Expression?)
    }

    var kind: Kind
    let offset: Int
}

enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", modulo = "%", power = "**"
}

enum CompareOperator: String, Sendable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case `in` = "in", notIn = "not in"
}

/// The arguments of a call, filter or test.
struct CallArguments: Sendable {
    var positional: [Expression] = []
    var keyword: [(name: String, value: Expression)] = []
    /// `*args`
    var star: Expression?
    /// `**kwargs`
    var doubleStar: Expression?

    static let none = CallArguments()
}

/// Where an assignment stores: a name, a tuple of targets, or `namespace.attribute`.
indirect enum AssignTarget: Sendable {
    case name(String)
    case tuple([AssignTarget])
    case namespaceAttribute(String, String)

    /// The names the target binds.
    var names: [String] {
        switch self {
        case .name(let name): return [name]
        case .tuple(let targets): return targets.flatMap(\.names)
        case .namespaceAttribute: return []
        }
    }
}

/// A macro's or call block's parameter.
struct Parameter: Sendable {
    let name: String
    let defaultValue: Expression?
}

/// A statement and the byte offset of its tag.
struct Statement: Sendable {
    indirect enum Kind: Sendable {
        case text(String)
        case output(Expression)
        case ifs(branches: [(test: Expression, body: [Statement])], otherwise: [Statement])
        case forLoop(ForLoop)
        case set(AssignTarget, Expression)
        case setBlock(AssignTarget, filter: Expression?, body: [Statement])
        case block(name: String, body: [Statement], scoped: Bool, required: Bool)
        case extends(Expression)
        case include(Expression, ignoreMissing: Bool, withContext: Bool)
        case importModule(Expression, alias: String, withContext: Bool)
        case fromImport(Expression, names: [(name: String, alias: String)], withContext: Bool)
        case macro(name: String, parameters: [Parameter], body: [Statement])
        case callBlock(call: Expression, parameters: [Parameter], body: [Statement])
        case filterBlock(filter: Expression, body: [Statement])
        case with(assignments: [(AssignTarget, Expression)], body: [Statement])
        case autoescape(Expression, body: [Statement])
    }

    let kind: Kind
    let offset: Int
}

/// `{% for target in iterable if filter recursive %}body{% else %}otherwise{% endfor %}`
struct ForLoop: Sendable {
    let target: AssignTarget
    let iterable: Expression
    let filter: Expression?
    let recursive: Bool
    let body: [Statement]
    let otherwise: [Statement]
}
