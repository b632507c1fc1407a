// Calls, filters and tests.

extension Compiler {
    typealias ArgumentsEval = @Sendable (inout RenderState) throws -> TemplateArguments

    func compileArguments(_ arguments: CallArguments, at offset: Int) throws(TemplateSyntaxError) -> ArgumentsEval {
        if arguments.positional.isEmpty && arguments.keyword.isEmpty && arguments.star == nil && arguments.doubleStar == nil {
            return { _ in .empty }
        }
        let location = self.location(offset)
        let positional = try compileAll(arguments.positional)
        let names = arguments.keyword.map(\.name)
        let keyword = try compileAll(arguments.keyword.map(\.value))
        let star = try arguments.star.map { (e) throws(TemplateSyntaxError) in EvalCode(run: try compileExpression(e)) }
        let doubleStar = try arguments.doubleStar.map { (e) throws(TemplateSyntaxError) in EvalCode(run: try compileExpression(e)) }
        return { state in
            var result = TemplateArguments(try Compiler.evaluate(positional, &state))
            for (name, value) in zip(names, keyword) { result.keyword.append((name, try value.run(&state))) }
            if let star {
                let extra = try star.run(&state)
                result.positional += try at(location) { try Iteration.items(of: extra) }
            }
            if let doubleStar {
                guard let d = try doubleStar.run(&state).dictionaryValue else {
                    throw TemplateError(.type, "argument after ** must be a mapping", at: location)
                }
                for (key, value) in zip(d.keys, d.values) { result.keyword.append((key, value)) }
            }
            return result
        }
    }

    /// Calls `callee` (a macro, a method, a global function).
    func compileCall(_ callee: Expression, _ arguments: CallArguments, at offset: Int) throws(TemplateSyntaxError) -> Eval {
        let location = self.location(offset)
        if case .name(let name) = callee.kind, function.isContextOnly(name) {
            if name == "super" { return try compileSuper(arguments, at: offset) }
        }
        if case .name("loop") = callee.kind, case .loop = function.resolve("loop", compiler: self) {
            return try compileRecursiveLoopCall(arguments, at: offset)
        }
        if case .attribute(let base, "changed") = callee.kind, case .name("loop") = base.kind,
           let loop = function.loopBinding(), case .loop = function.resolve("loop", compiler: self) {
            let args = try compileArguments(arguments, at: offset)
            return { state in
                let values = TemplateValue.list(try args(&state).positional)
                let previous = state.locals[loop.changed]
                state.locals[loop.changed] = values
                if case .missing = previous.storage { return .true }
                return .bool(!previous.pythonEquals(values))
            }
        }
        if case .attribute(let base, "cycle") = callee.kind, case .name("loop") = base.kind,
           let loop = function.loopBinding(), case .loop = function.resolve("loop", compiler: self) {
            let args = try compileArguments(arguments, at: offset)
            return { state in
                let choices = try args(&state).positional
                guard !choices.isEmpty else { throw TemplateError(.type, "no items for cycling given", at: location) }
                guard case .int(let index0) = state.locals[loop.index].storage else { return .undefined }
                return choices[index0 % choices.count]
            }
        }
        let args = try compileArguments(arguments, at: offset)
        let escape = autoescape
        // `value.method(...)`: a Python method called directly, without a bound-method object.
        if case .attribute(let base, let name) = callee.kind {
            let receiver = try compileExpression(base)
            return { state in
                let value = try receiver(&state)
                switch value.storage {
                case .dictionary where Attributes.dictionaryMethods.contains(name),
                     .string where Attributes.stringMethods.contains(name),
                     .markup where Attributes.stringMethods.contains(name):
                    let arguments = try args(&state)
                    return try at(location) { try Methods.call(name, on: value, arguments) }
                default:
                    let function = try at(location) { try Attributes.attribute(value, name) }
                    return try Compiler.call(function, try args(&state), &state, autoescape: escape, at: location)
                }
            }
        }
        let calleeEval = try compileExpression(callee)
        return { state in
            let function = try calleeEval(&state)
            return try Compiler.call(function, try args(&state), &state, autoescape: escape, at: location)
        }
    }

    /// Calls `function` from template code whose autoescaping is `autoescape`: a macro's
    /// output is then safe when the caller autoescapes, whatever the template it was defined in
    /// does (Jinja passes the caller's eval context to macros).
    static func call(_ function: TemplateValue, _ arguments: TemplateArguments, _ state: inout RenderState,
                     autoescape: Bool, at location: TemplateLocation) throws -> TemplateValue {
        switch function.storage {
        case .object(let object as Macro): return try object.call(arguments, state: &state, autoescape: autoescape, at: location)
        case .object(let object): return try object.call(arguments, state: &state, at: location)
        case .undefined, .missing: throw TemplateRuntimeError.undefined(function).located(location)
        default: throw TemplateError(.type, "'\(function.typeName)' object is not callable", at: location)
        }
    }

    /// `{{ macro(...) }}`, `{{ caller() }}`, `{{ super() }}`: written straight into the output
    /// rather than made into a string first (when that prints the same).
    func compileInlineOutput(_ expression: Expression) throws(TemplateSyntaxError) -> ExecCode? {
        guard case .call(let callee, let arguments) = expression.kind else { return nil }
        let location = self.location(expression.offset)
        if case .name("super") = callee.kind, function.isContextOnly("super"), function.kind == .block {
            guard arguments.positional.isEmpty && arguments.keyword.isEmpty else { return nil }
            return ExecCode { state in try Compiler.renderSuper(&state, at: location) }
        }
        guard case .name(let name) = callee.kind, name != "loop", name != "super" else { return nil }
        let calleeEval = try compileExpression(callee)
        let args = try compileArguments(arguments, at: expression.offset)
        let escape = autoescape, strict = self.strict
        return ExecCode { state in
            let function = try calleeEval(&state)
            let arguments = try args(&state)
            // A macro's output is written as it is: safe when this template escapes, and plain
            // text when it does not.
            if case .object(let object) = function.storage, let macro = object as? Macro {
                try macro.invoke(arguments, &state, at: location)
                return
            }
            let result = try Compiler.call(function, arguments, &state, autoescape: escape, at: location)
            if strict && result.isUndefined { throw TemplateRuntimeError.undefined(result).located(location) }
            result.write(to: &state.out, escape: escape)
        }
    }

    /// `value|name(arguments)`: code applying one filter to a value.
    func compileFilter(_ name: String, _ arguments: CallArguments, at offset: Int) throws(TemplateSyntaxError) -> @Sendable (inout RenderState, TemplateValue) throws -> TemplateValue {
        guard let filter = registry.filters[name] else { throw error("no filter named '\(name)'", at: offset) }
        let location = self.location(offset)
        if arguments.positional.isEmpty && arguments.keyword.isEmpty && arguments.star == nil && arguments.doubleStar == nil,
           registry.builtinNames.contains(name), let unary = BuiltinFilters.unary[name] {
            let checksUndefined = strict
            let apply = unary.apply
            return { _, value in
                if checksUndefined && value.isUndefined { throw TemplateRuntimeError.undefined(value).located(location) }
                return try at(location) { try apply(value) }
            }
        }
        let args = try compileArguments(arguments, at: offset)
        let escape = autoescape
        let checksUndefined = strict && name != "default" && name != "d"
        return { state, value in
            if checksUndefined && value.isUndefined { throw TemplateRuntimeError.undefined(value).located(location) }
            let arguments = try args(&state)
            do {
                return try filter(value, arguments, &state, escape)
            } catch let error as TemplateRuntimeError {
                throw error.located(location)
            } catch let error as TemplateError {
                throw error
            } catch {
                throw TemplateError(.filter, "filter '\(name)' failed: \(error)", at: location, underlying: error)
            }
        }
    }

    /// A filter chain without its value (`{% filter upper|trim %}`, `{% set x | upper %}`).
    func compileFilterChain(_ expression: Expression) throws(TemplateSyntaxError) -> @Sendable (inout RenderState, TemplateValue) throws -> TemplateValue {
        guard case .filter(let base, let name, let arguments, let nameOffset) = expression.kind else {
            throw error("expected a filter", at: expression.offset)
        }
        let apply = try compileFilter(name, arguments, at: nameOffset)
        guard let base else { return apply }
        let inner = try compileFilterChain(base)
        return { state, value in try apply(&state, try inner(&state, value)) }
    }

    func compileTest(_ base: Expression, _ name: String, _ arguments: CallArguments, at offset: Int) throws(TemplateSyntaxError) -> @Sendable (inout RenderState) throws -> Bool {
        guard let test = registry.tests[name] else { throw error("no test named '\(name)'", at: offset) }
        let location = self.location(offset)
        let value = try compileExpression(base)
        let args = try compileArguments(arguments, at: offset)
        let checksUndefined = strict && !["defined", "undefined", "none", "sameas"].contains(name)
        return { state in
            let subject = try value(&state)
            if checksUndefined && subject.isUndefined { throw TemplateRuntimeError.undefined(subject).located(location) }
            let arguments = try args(&state)
            do {
                return try test(subject, arguments, &state)
            } catch let error as TemplateRuntimeError {
                throw error.located(location)
            } catch let error as TemplateError {
                throw error
            } catch {
                throw TemplateError(.filter, "test '\(name)' failed: \(error)", at: location, underlying: error)
            }
        }
    }
}
