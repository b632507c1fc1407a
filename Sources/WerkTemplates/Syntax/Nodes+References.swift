// Whether a piece of syntax mentions a name (the compiler asks for `loop`, `caller`,
// `varargs`, `kwargs` so it only prepares them when they are used).

extension Expression {
    func references(_ name: String) -> Bool {
        switch kind {
        case .constant: return false
        case .name(let n): return n == name
        case .list(let items), .tuple(let items), .concat(let items): return items.contains { $0.references(name) }
        case .dictionary(let items): return items.contains { $0.key.references(name) || $0.value.references(name) }
        case .attribute(let base, _), .negative(let base), .positive(let base), .not(let base): return base.references(name)
        case .item(let base, let key): return base.references(name) || key.references(name)
        case .slice(let base, let start, let stop, let step):
            return base.references(name) || [start, stop, step].contains { $0?.references(name) ?? false }
        case .call(let base, let arguments): return base.references(name) || arguments.references(name)
        case .filter(let base, _, let arguments, _): return (base?.references(name) ?? false) || arguments.references(name)
        case .test(let base, _, let arguments, _): return base.references(name) || arguments.references(name)
        case .binary(_, let left, let right), .and(let left, let right), .or(let left, let right):
            return left.references(name) || right.references(name)
        case .compare(let left, let operations): return left.references(name) || operations.contains { $0.1.references(name) }
        case .conditional(let test, let then, let otherwise):
            return test.references(name) || then.references(name) || (otherwise?.references(name) ?? false)
        }
    }
}

extension CallArguments {
    func references(_ name: String) -> Bool {
        positional.contains { $0.references(name) } || keyword.contains { $0.value.references(name) }
            || (star?.references(name) ?? false) || (doubleStar?.references(name) ?? false)
    }
}

extension Statement {
    /// True when the statement mentions `name`, looking into nested bodies but not into
    /// macros (they have their own `caller`, `varargs`, `kwargs`).
    func references(_ name: String) -> Bool {
        func any(_ statements: [Statement]) -> Bool { statements.contains { $0.references(name) } }
        switch kind {
        case .text: return false
        case .output(let expression), .extends(let expression), .include(let expression, _, _),
             .importModule(let expression, _, _), .fromImport(let expression, _, _):
            return expression.references(name)
        case .ifs(let branches, let otherwise):
            return branches.contains { $0.test.references(name) || any($0.body) } || any(otherwise)
        case .forLoop(let loop):
            return loop.iterable.references(name) || (loop.filter?.references(name) ?? false) || any(loop.body) || any(loop.otherwise)
        case .set(_, let expression): return expression.references(name)
        case .setBlock(_, let filter, let body): return (filter?.references(name) ?? false) || any(body)
        case .block(_, let body, _, _): return any(body)
        case .macro: return false
        case .callBlock(let call, let parameters, let body):
            return call.references(name) || parameters.contains { $0.defaultValue?.references(name) ?? false } || any(body)
        case .filterBlock(let filter, let body): return filter.references(name) || any(body)
        case .with(let assignments, let body): return assignments.contains { $0.1.references(name) } || any(body)
        case .autoescape(_, let body): return any(body)
        }
    }
}
