// Turns a parsed template into closures over `RenderState`, once; rendering then only runs them.
import Synchronization

/// A template compiled for rendering: immutable and shared by every thread.
final class CompiledTemplate: Sendable {
    let name: String
    let autoescape: Bool
    let root: CompiledFunction
    /// The blocks this template defines.
    let blocks: [String: BlockCode]
    /// What the source file looked like when compiled (debug mode compares it).
    let fingerprint: FileFingerprint?
    /// The size of the last page rendered, to reserve the next page's buffer at once.
    let sizeHint = Atomic<Int>(256)

    init(name: String, autoescape: Bool, root: CompiledFunction, blocks: [String: BlockCode], fingerprint: FileFingerprint?) {
        self.name = name
        self.autoescape = autoescape
        self.root = root
        self.blocks = blocks
        self.fingerprint = fingerprint
    }
}

/// Compiles one template.
final class Compiler {
    let source: TemplateSource
    let registry: Registry
    let strict: Bool
    /// Autoescaping for the code being compiled (`{% autoescape %}` changes it for its body).
    var autoescape: Bool
    var function: FunctionScope
    var blocks: [String: BlockCode] = [:]

    init(source: TemplateSource, registry: Registry, autoescape: Bool, strict: Bool) {
        self.source = source
        self.registry = registry
        self.autoescape = autoescape
        self.strict = strict
        self.function = FunctionScope(kind: .top, enclosing: nil)
    }

    /// Parses and compiles `text` as the template `name`.
    static func compile(name: String, text: String, registry: Registry, autoescape: Bool, strict: Bool,
                        fingerprint: FileFingerprint? = nil) throws(TemplateSyntaxError) -> CompiledTemplate {
        let source = TemplateSource(name: name, text: text)
        let statements = try Parser.parse(source)
        let compiler = Compiler(source: source, registry: registry, autoescape: autoescape, strict: strict)
        compiler.function = FunctionScope(kind: .top, enclosing: nil, guardsOutput: Statement.containsExtends(statements))
        let body = try compiler.compileBody(statements)
        let root = CompiledFunction(slotCount: compiler.function.slotCount, body: body)
        return CompiledTemplate(name: name, autoescape: autoescape, root: root, blocks: compiler.blocks, fingerprint: fingerprint)
    }

    func error(_ message: String, at offset: Int) -> TemplateSyntaxError {
        TemplateSyntaxError(message, at: offset, in: source)
    }

    func location(_ offset: Int) -> TemplateLocation { source.location(offset) }

    // MARK: Scopes

    /// Compiles `body` in a new lexical scope; `bind` declares the scope's definite names
    /// (loop targets, `with` targets) before the body's own assignments are declared.
    func inScope<T>(_ statements: [Statement], bind: (FunctionScope) -> Void = { _ in },
                    _ body: () throws(TemplateSyntaxError) -> T) throws(TemplateSyntaxError) -> (T, resets: [Int]) {
        function.scopes.append(LexicalScope(isTemplateTop: false))
        defer { function.scopes.removeLast() }
        bind(function)
        for name in Statement.assignedNames(statements) { function.declare(name, definite: false) }
        let result = try body()
        return (result, function.scopes[function.scopes.count - 1].resetSlots)
    }

    /// Compiles a function body (block, macro, call block) with its own slots.
    func inFunction(_ kind: FunctionScope.Kind, enclosing: FunctionScope?,
                    _ body: (FunctionScope) throws(TemplateSyntaxError) -> Exec) throws(TemplateSyntaxError) -> (CompiledFunction, FunctionScope) {
        let saved = function
        let scope = FunctionScope(kind: kind, enclosing: enclosing)
        function = scope
        defer { function = saved }
        let exec = try body(scope)
        return (CompiledFunction(slotCount: scope.slotCount, body: exec), scope)
    }

    // MARK: Reading names

    /// Code that reads `name` where `function` is now.
    func compileRead(_ name: String, in function: FunctionScope, offset: Int) -> Eval {
        switch function.resolve(name, compiler: self) {
        case .context:
            return { state in state.context.lookup(name) }
        case .slots(let slots, let definite) where slots.count == 1 && definite:
            let slot = slots[0]
            return { state in state.locals[slot] }
        case .slots(let slots, let definite):
            return { state in
                for slot in slots {
                    let value = state.locals[slot]
                    if case .missing = value.storage { continue }
                    return value
                }
                return definite ? .undefined(name: name) : state.context.lookup(name)
            }
        case .loop(let loop):
            return { state in
                guard case .int(let index0) = state.locals[loop.index].storage,
                      case .list(let items) = state.locals[loop.items].storage,
                      case .int(let depth0) = state.locals[loop.depth].storage else { return .undefined(name: "loop") }
                return .object(LoopSnapshot(index0: index0, items: items, depth0: depth0))
            }
        }
    }

    // MARK: Assigning

    /// Code that stores a value into `target` in the current scope.
    func compileAssign(_ target: AssignTarget, at offset: Int) throws(TemplateSyntaxError) -> @Sendable (inout RenderState, TemplateValue) throws -> Void {
        let location = self.location(offset)
        switch target {
        case .name(let name):
            if function.assignsToContext {
                return { state, value in state.context.assign(name, value) }
            }
            let slot = function.declare(name, definite: false)
            return { state, value in state.locals[slot] = value }
        case .tuple(let targets):
            var stores: [@Sendable (inout RenderState, TemplateValue) throws -> Void] = []
            for target in targets { stores.append(try compileAssign(target, at: offset)) }
            let count = stores.count
            return { [stores] state, value in
                let items = try at(location) { try Iteration.unpack(value, count: count) }
                for (store, item) in zip(stores, items) { try store(&state, item) }
            }
        case .namespaceAttribute(let name, let attribute):
            let read = compileRead(name, in: function, offset: offset)
            return { state, value in
                guard case .object(let object) = try read(&state).storage, let namespace = object as? Namespace else {
                    throw TemplateError(.type, "cannot assign attribute on non-namespace object", at: location)
                }
                namespace.set(attribute, value)
            }
        }
    }
}
