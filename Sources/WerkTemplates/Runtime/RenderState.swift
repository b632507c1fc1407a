// Everything one render changes: the output, local variables, the context, the block chains.

/// Code compiled from a statement: writes output and changes state.
typealias Exec = @Sendable (inout RenderState) throws -> Void
/// Code compiled from an expression.
typealias Eval = @Sendable (inout RenderState) throws -> TemplateValue
/// Code compiled from a condition.
typealias Test = @Sendable (inout RenderState) throws -> Bool

/// A closure kept in an array or an optional. Swift stores a bare closure there in its most
/// general form and wraps it in a reabstraction thunk when it is read back, an extra call
/// (and retain) on every use; a struct field keeps the closure as it is.
struct ExecCode: Sendable { let run: Exec }
/// An expression's closure kept in an array or optional (see `ExecCode`).
struct EvalCode: Sendable { let run: Eval }
/// A condition's closure kept in an array or optional (see `ExecCode`).
struct TestCode: Sendable { let run: Test }

/// The variables of a render that are not locals: what the caller passed, assignments made at
/// a template's top level (Jinja's context), and the environment's globals.
struct RenderContext: Sendable {
    /// Top-level assignments (and, for includes and scoped blocks, the includer's locals).
    var vars: [String: TemplateValue] = [:]
    /// Names assigned at the top level, in order (what an import exports).
    var exported: [String] = []
    /// What the caller of `render` passed.
    var base: TemplateDictionary
    /// The environment's globals (`range`, `namespace`, the application's).
    let globals: TemplateDictionary

    @inline(__always)
    func lookup(_ name: String) -> TemplateValue {
        if !vars.isEmpty, let value = vars[name] { return value }
        if let value = base[name] { return value }
        if let value = globals[name] { return value }
        return .undefined(name: name)
    }

    /// Every variable as one dictionary (what an include `with context` starts from).
    func flattened() -> [String: TemplateValue] {
        var all: [String: TemplateValue] = [:]
        for (key, value) in zip(base.keys, base.values) { all[key] = value }
        for (key, value) in vars { all[key] = value }
        return all
    }

    /// Assigns a top-level variable.
    mutating func assign(_ name: String, _ value: TemplateValue) {
        if vars.updateValue(value, forKey: name) == nil { exported.append(name) }
    }
}

/// Bounds on one render, so a runaway template (loops of loops, a macro calling itself twice)
/// ends in an error instead of running for hours; unlimited unless configured.
struct RenderLimits: Sendable {
    var steps = Int.max
    var outputBytes = Int.max
    static let none = RenderLimits()
}

/// One block override: its code and the template it comes from.
struct BlockCode: Sendable {
    let name: String
    let function: CompiledFunction
    let required: Bool
    let templateName: String
    /// Whether the block's template autoescapes (`self.name()` gives a safe string then).
    let autoescape: Bool
}

/// A compiled function body (a template's top level, a block, a macro) and how many local
/// slots it needs.
struct CompiledFunction: Sendable {
    let slotCount: Int
    let body: Exec
}

/// The state of one render, passed `inout` through the compiled closures (never copied: it
/// owns the output buffer).
struct RenderState: ~Copyable {
    /// The page being written.
    var out: OutputBuffer
    /// The local variables of the function running now (loop variables, macro arguments...).
    var locals: ContiguousArray<TemplateValue> = []
    var context: RenderContext
    /// For each block name, the overrides from the most derived template to the base.
    var blocks: [String: [BlockCode]] = [:]
    /// The blocks being rendered (name and level in its chain), innermost last, for `super()`.
    var blockStack: [(name: String, level: Int)] = []
    /// The parent template named by an `{% extends %}` that ran in the template rendering now.
    var parent: CompiledTemplate?
    /// How many parents the template being rendered has had so far (a cycle would never end).
    var ancestors = 0
    /// Nested macro calls, includes and recursive loops.
    var depth = 0
    /// The recursive for loops running, innermost last, for `loop(...)`.
    var recursiveLoops: [RecursiveLoop] = []
    /// Loop iterations and macro calls left before the render is stopped (`RenderLimits`).
    var stepsLeft: Int
    let limits: RenderLimits
    let environment: Templates
    /// The filters and tests, for filters that name others (`map`, `select`).
    let registry: Registry

    static let maximumDepth = 200

    init(environment: Templates, context: TemplateDictionary, globals: TemplateDictionary, registry: Registry, capacity: Int) {
        self.environment = environment
        self.registry = registry
        self.limits = environment.limits
        self.stepsLeft = environment.limits.steps
        self.context = RenderContext(base: context, globals: globals)
        self.out = OutputBuffer(capacity: capacity)
    }

    /// Runs `function` with fresh locals, restoring the caller's afterwards.
    @inline(__always)
    mutating func call(_ function: CompiledFunction) throws {
        try call(function, prepare: { _ in }, body: function.body)
    }

    /// Runs `body` with `function.slotCount` fresh locals, set up by `prepare`, restoring the
    /// caller's locals afterwards.
    mutating func call(_ function: CompiledFunction, prepare: (inout ContiguousArray<TemplateValue>) throws -> Void,
                       body: (inout RenderState) throws -> Void) throws {
        var fresh = ContiguousArray<TemplateValue>(repeating: .missing, count: function.slotCount)
        try prepare(&fresh)
        swap(&locals, &fresh)
        defer { swap(&locals, &fresh) }
        try body(&self)
    }

    /// Counts one more level of nesting; throws past the limit instead of exhausting the stack.
    @inline(__always)
    mutating func enter(_ location: TemplateLocation) throws {
        depth += 1
        if depth > RenderState.maximumDepth {
            depth -= 1
            throw TemplateError(.recursion, "macros, includes or recursive loops nested more than \(RenderState.maximumDepth) levels deep", at: location)
        }
    }

    /// Counts one loop iteration or macro call against the limits.
    @inline(__always)
    mutating func step(_ location: @autoclosure () -> TemplateLocation) throws {
        stepsLeft &-= 1
        if stepsLeft < 0 || out.count > limits.outputBytes { try stop(at: location()) }
    }

    private func stop(at location: TemplateLocation) throws {
        throw TemplateError(.value, "render stopped: more than \(limits.steps) loop iterations and calls, or more than \(limits.outputBytes) bytes", at: location)
    }

    /// Runs `body` and returns what it wrote instead of keeping it in the output.
    mutating func capture(_ body: (inout RenderState) throws -> Void) rethrows -> String {
        let mark = out.count
        defer { out.truncate(to: mark) }
        try body(&self)
        return out.string(from: mark)
    }
}
