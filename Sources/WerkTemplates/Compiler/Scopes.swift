// Where names live, decided at compile time: a local slot of the running function, a value a
// macro captured where it was defined, or the context (looked up by name at run time).
//
// Jinja's rules, as its compiler applies them: a template's top level assigns to the context;
// a for loop, macro, block, call block, `with`, `{% filter %}` and `{% set %}` block body each
// have their own scope, and assignments there never leak out. A name assigned somewhere in a
// scope reads the outer value until the assignment has run (in every loop iteration anew).

/// A name's binding in one scope.
enum Binding {
    /// A local slot; `definite` when it is always assigned before the scope's code can read it
    /// (loop targets, parameters), else it may still be `.missing` and the read looks further out.
    case slot(Int, definite: Bool)
    /// The `loop` variable of a for loop: its counters sit in slots from `base`.
    case loop(LoopSlots)
}

/// The slots of one for loop's `loop` variable.
struct LoopSlots {
    /// index0 (an int), then the items (a list), then depth0 (an int), then the last value
    /// `loop.changed` saw.
    let base: Int
    var index: Int { base }
    var items: Int { base + 1 }
    var depth: Int { base + 2 }
    var changed: Int { base + 3 }
    static let count = 4
}

/// One lexical scope inside a function.
struct LexicalScope {
    var bindings: [String: Binding] = [:]
    /// Slots that must be `.missing` again whenever the scope is entered (or a loop iterates).
    var resetSlots: [Int] = []
    /// The top level of a template: assignments go to the context.
    let isTemplateTop: Bool
}

/// A function being compiled: a template's top level, a block, or a macro / call block body.
final class FunctionScope {
    enum Kind { case top, block, macro }
    let kind: Kind
    /// The function a macro is defined in (its captures come from there).
    let enclosing: FunctionScope?
    var slotCount = 0
    var scopes: [LexicalScope]
    /// Values a macro takes from where it is defined: the slot they go to and the code that
    /// reads them in the enclosing function.
    var captures: [(slot: Int, read: Eval)] = []
    /// Whether output at the top level must check for an `{% extends %}` that ran.
    let guardsOutput: Bool

    init(kind: Kind, enclosing: FunctionScope?, guardsOutput: Bool = false) {
        self.kind = kind
        self.enclosing = enclosing
        self.guardsOutput = guardsOutput
        scopes = [LexicalScope(isTemplateTop: kind == .top)]
    }

    func allocate(_ count: Int = 1) -> Int {
        defer { slotCount += count }
        return slotCount
    }

    /// True where an assignment goes to the context rather than a slot.
    var assignsToContext: Bool { scopes.count == 1 && scopes[0].isTemplateTop }

    /// Binds `name` in the innermost scope to a new slot.
    @discardableResult
    func declare(_ name: String, definite: Bool) -> Int {
        if case .slot(let slot, let isDefinite)? = scopes[scopes.count - 1].bindings[name] {
            if definite && !isDefinite { scopes[scopes.count - 1].bindings[name] = .slot(slot, definite: true) }
            return slot
        }
        let slot = allocate()
        scopes[scopes.count - 1].bindings[name] = .slot(slot, definite: definite)
        if !definite { scopes[scopes.count - 1].resetSlots.append(slot) }
        return slot
    }

    /// Where a read of `name` looks: the slots that may hold it, innermost first, and whether
    /// the last of them always holds a value (else the context is the fallback).
    enum Resolution {
        case slots([Int], definite: Bool)
        case loop(LoopSlots)
        case context
    }

    func resolve(_ name: String, compiler: Compiler) -> Resolution {
        var candidates: [Int] = []
        for scope in scopes.reversed() {
            switch scope.bindings[name] {
            case .slot(let slot, let definite)?:
                candidates.append(slot)
                if definite { return .slots(candidates, definite: true) }
            case .loop(let loop)?:
                if candidates.isEmpty { return .loop(loop) }
                return .slots(candidates, definite: false)
            case nil:
                continue
            }
        }
        // A macro takes what its enclosing function has in locals, as it is at definition.
        if kind == .macro, let enclosing, !enclosing.isContextOnly(name) {
            let read = compiler.compileRead(name, in: enclosing, offset: 0)
            let slot = allocate()
            captures.append((slot, read))
            scopes[0].bindings[name] = .slot(slot, definite: true)
            candidates.append(slot)
            return .slots(candidates, definite: true)
        }
        return candidates.isEmpty ? .context : .slots(candidates, definite: false)
    }

    /// True when `name` is no local here or in the functions this one is defined in.
    func isContextOnly(_ name: String) -> Bool {
        for scope in scopes where scope.bindings[name] != nil { return false }
        if kind == .macro, let enclosing { return enclosing.isContextOnly(name) }
        return true
    }

    /// The innermost `loop` binding, if `name` is `loop` and one is visible.
    func loopBinding() -> LoopSlots? {
        for scope in scopes.reversed() {
            switch scope.bindings["loop"] {
            case .loop(let slots)?: return slots
            case .slot?: return nil
            case nil: continue
            }
        }
        return nil
    }

    /// The names bound by local scopes, innermost binding of each, for includes and scoped
    /// blocks that see the locals.
    func visibleLocals() -> [String] {
        var names: Set<String> = []
        for scope in scopes where !scope.isTemplateTop { names.formUnion(scope.bindings.keys) }
        if kind == .macro, let enclosing { names.formUnion(enclosing.visibleLocals()) }
        return names.sorted()
    }
}

extension Statement {
    /// The names a list of statements assigns in its own scope (looking into `if` branches,
    /// not into bodies that have their own scope).
    static func assignedNames(_ statements: [Statement]) -> [String] {
        var names: [String] = []
        for statement in statements {
            switch statement.kind {
            case .set(let target, _), .setBlock(let target, _, _): names += target.names
            case .macro(let name, _, _): names.append(name)
            case .importModule(_, let alias, _): names.append(alias)
            case .fromImport(_, let imported, _): names += imported.map(\.alias)
            case .ifs(let branches, let otherwise):
                for branch in branches { names += assignedNames(branch.body) }
                names += assignedNames(otherwise)
            default: break
            }
        }
        return names
    }

    /// True when the statements contain an `{% extends %}` outside blocks and macros.
    static func containsExtends(_ statements: [Statement]) -> Bool {
        statements.contains { statement in
            switch statement.kind {
            case .extends: return true
            case .ifs(let branches, let otherwise):
                return branches.contains { containsExtends($0.body) } || containsExtends(otherwise)
            case .forLoop(let loop): return containsExtends(loop.body) || containsExtends(loop.otherwise)
            case .with(_, let body), .filterBlock(_, let body), .autoescape(_, let body): return containsExtends(body)
            default: return false
            }
        }
    }
}
