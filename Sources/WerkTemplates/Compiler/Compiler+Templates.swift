// Templates using other templates: blocks and `super()`, `{% extends %}`, `{% include %}`,
// `{% import %}` and `{% from ... import %}`.

extension Compiler {
    func compileBlock(_ name: String, _ body: [Statement], scoped: Bool, required: Bool, at offset: Int) throws(TemplateSyntaxError) -> Exec {
        guard blocks[name] == nil else { throw error("block '\(name)' defined twice", at: offset) }
        let location = self.location(offset)
        let (compiled, _) = try inFunction(.block, enclosing: nil) { (scope) throws(TemplateSyntaxError) in
            for assigned in Statement.assignedNames(body) { scope.declare(assigned, definite: false) }
            return try compileBody(body)
        }
        blocks[name] = BlockCode(name: name, function: compiled, required: required, templateName: source.name, autoescape: autoescape)
        // A scoped block sees the locals where it stands, as context variables.
        let locals = scoped ? compileLocalReads() : []
        return { state in
            guard let chain = state.blocks[name] else { return }
            if locals.isEmpty {
                try Compiler.renderBlock(name, chain, level: 0, &state, at: location)
                return
            }
            var derived = try Compiler.derivedContext(state.context, locals, &state)
            swap(&state.context, &derived)
            defer { swap(&state.context, &derived) }
            try Compiler.renderBlock(name, chain, level: 0, &state, at: location)
        }
    }

    /// Readers of every local visible here (for includes with context and scoped blocks).
    func compileLocalReads() -> [(String, Eval)] {
        function.visibleLocals().map { ($0, compileRead($0, in: function, offset: 0)) }
    }

    /// The context plus the current values of `locals`.
    static func derivedContext(_ context: RenderContext, _ locals: [(String, Eval)], _ state: inout RenderState) throws -> RenderContext {
        var derived = context
        for (name, read) in locals {
            let value = try read(&state)
            if case .missing = value.storage { continue }
            if case .undefined = value.storage { continue }
            derived.vars[name] = value
        }
        return derived
    }

    static func renderBlock(_ name: String, _ chain: [BlockCode], level: Int, _ state: inout RenderState, at location: TemplateLocation) throws {
        let code = chain[level]
        if code.required && level == 0 {
            throw TemplateError(.value, "required block '\(name)' not found", at: location)
        }
        try state.enter(location)
        defer { state.depth -= 1 }
        try state.step(location)
        state.blockStack.append((name, level))
        defer { state.blockStack.removeLast() }
        try state.call(code.function)
    }

    /// `super()`: the same block one level up the chain, written into the output.
    static func renderSuper(_ state: inout RenderState, at location: TemplateLocation) throws {
        guard let (name, level) = state.blockStack.last else {
            throw TemplateError(.value, "super() can only be called inside a block", at: location)
        }
        guard let chain = state.blocks[name], level + 1 < chain.count else {
            throw TemplateError(.value, "there is no parent block called '\(name)'", at: location)
        }
        try renderBlock(name, chain, level: level + 1, &state, at: location)
    }

    func compileSuper(_ arguments: CallArguments, at offset: Int) throws(TemplateSyntaxError) -> Eval {
        guard arguments.positional.isEmpty && arguments.keyword.isEmpty else { throw error("super() takes no arguments", at: offset) }
        let location = self.location(offset)
        let escape = autoescape
        return { state in
            let text = try state.capture { try Compiler.renderSuper(&$0, at: location) }
            return escape ? .safe(text) : .string(text)
        }
    }

    func compileExtends(_ expression: Expression, at offset: Int) throws(TemplateSyntaxError) -> Exec {
        guard function.kind == .top else {
            throw error("extends can only be used at the top level of a template", at: offset)
        }
        let location = self.location(offset)
        let name = try compileExpression(expression)
        return { state in
            guard state.parent == nil else { throw TemplateError(.value, "extended multiple times", at: location) }
            state.ancestors += 1
            guard state.ancestors <= RenderState.maximumDepth else {
                throw TemplateError(.recursion, "templates extend each other more than \(RenderState.maximumDepth) levels deep", at: location)
            }
            let parent = try state.environment.load(try name(&state), at: location)
            state.parent = parent
            for (blockName, code) in parent.blocks { state.blocks[blockName, default: []].append(code) }
        }
    }

    func compileInclude(_ expression: Expression, ignoreMissing: Bool, withContext: Bool, at offset: Int) throws(TemplateSyntaxError) -> Exec {
        let location = self.location(offset)
        let name = try compileExpression(expression)
        let locals = withContext ? compileLocalReads() : []
        return { state in
            let value = try name(&state)
            let template: CompiledTemplate
            do {
                template = try state.environment.load(value, at: location)
            } catch let error as TemplateError where error.kind == .notFound && ignoreMissing {
                return
            }
            let context = withContext
                ? try Compiler.derivedContext(state.context, locals, &state)
                : RenderContext(base: TemplateDictionary(), globals: state.context.globals)
            _ = try state.renderIsolated(template, context: RenderContext(vars: context.vars, base: context.base, globals: context.globals), at: location)
        }
    }

    /// Renders a template as a module (output dropped) and gives what it exports: its
    /// top-level assignments and macros, except names starting with `_`.
    func compileModule(_ expression: Expression, withContext: Bool, at offset: Int) throws(TemplateSyntaxError) -> Eval {
        let location = self.location(offset)
        let name = try compileExpression(expression)
        let locals = withContext ? compileLocalReads() : []
        return { state in
            let template = try state.environment.load(try name(&state), at: location)
            let context = withContext
                ? try Compiler.derivedContext(state.context, locals, &state)
                : RenderContext(base: TemplateDictionary(), globals: state.context.globals)
            var module = RenderContext(vars: context.vars, base: context.base, globals: context.globals)
            let mark = state.out.count
            defer { state.out.truncate(to: mark) }
            module = try state.renderIsolated(template, context: module, at: location)
            var exports: [(String, TemplateValue)] = []
            for exported in module.exported where !exported.hasPrefix("_") {
                guard var value = module.vars[exported] else { continue }
                if case .object(let object) = value.storage, let macro = object as? Macro, macro.context == nil {
                    value = .object(macro.inModule(module))
                }
                exports.append((exported, value))
            }
            return .object(TemplateModule(name: template.name, exports: TemplateDictionary(exports)))
        }
    }

    func compileImport(_ expression: Expression, alias: String, withContext: Bool, at offset: Int) throws(TemplateSyntaxError) -> Exec {
        let module = try compileModule(expression, withContext: withContext, at: offset)
        let store = try compileAssign(.name(alias), at: offset)
        return { state in try store(&state, try module(&state)) }
    }

    func compileFromImport(_ expression: Expression, names: [(name: String, alias: String)], withContext: Bool, at offset: Int) throws(TemplateSyntaxError) -> Exec {
        let module = try compileModule(expression, withContext: withContext, at: offset)
        var storeCode: [(String, @Sendable (inout RenderState, TemplateValue) throws -> Void)] = []
        for (name, alias) in names { storeCode.append((name, try compileAssign(.name(alias), at: offset))) }
        let stores = storeCode
        return { state in
            guard case .object(let object) = try module(&state).storage, let imported = object as? TemplateModule else { return }
            for (name, store) in stores {
                let value = imported.exports[name]
                    ?? .undefined(.hint("the template '\(imported.name)' does not export the requested name '\(name)'"))
                try store(&state, value)
            }
        }
    }
}

/// An imported template: its exports as attributes.
final class TemplateModule: TemplateObject {
    let name: String
    let exports: TemplateDictionary
    init(name: String, exports: TemplateDictionary) {
        self.name = name
        self.exports = exports
    }
    var typeName: String { "TemplateModule" }
    var repr: String { "<TemplateModule \(TemplateValue.quoted(name))>" }
    func attribute(_ name: String) -> TemplateValue? { exports[name] }
}

/// `self`: the blocks of the template being rendered, each callable (`self.title()`).
final class BlockReferences: TemplateObject {
    let blocks: [String: [BlockCode]]
    init(_ blocks: [String: [BlockCode]]) { self.blocks = blocks }
    var typeName: String { "TemplateReference" }
    var repr: String { "<TemplateReference>" }
    func attribute(_ name: String) -> TemplateValue? {
        guard let chain = blocks[name] else { return nil }
        return .object(BlockRenderer(name: name, chain: chain))
    }
}

/// One block of `self`, rendered when called.
final class BlockRenderer: TemplateObject {
    let name: String
    let chain: [BlockCode]
    init(name: String, chain: [BlockCode]) {
        self.name = name
        self.chain = chain
    }
    var typeName: String { "BlockReference" }
    var repr: String { "<BlockReference \(TemplateValue.quoted(name))>" }
    var isCallable: Bool { true }
    func call(_ arguments: TemplateArguments, state: inout RenderState, at location: TemplateLocation) throws -> TemplateValue {
        let text = try state.capture { try Compiler.renderBlock(name, chain, level: 0, &$0, at: location) }
        return chain[0].autoescape ? .safe(text) : .string(text)
    }
}
