// `{% macro %}` definitions and `{% call %}` blocks.

extension Compiler {
    /// Compiles a macro's body once; the returned code makes a `Macro` value where the
    /// definition runs, capturing the enclosing locals the body reads.
    func compileMacro(name: String, parameters: [Parameter], body: [Statement], at offset: Int) throws(TemplateSyntaxError) -> @Sendable (inout RenderState) throws -> Macro {
        var defaults: [EvalCode?] = []
        var special: [String: Int] = [:]
        let (function, scope) = try inFunction(.macro, enclosing: function) { (scope) throws(TemplateSyntaxError) in
            for parameter in parameters { scope.declare(parameter.name, definite: true) }
            for name in ["varargs", "kwargs", "caller"] where body.contains(where: { $0.references(name) }) && !parameters.contains(where: { $0.name == name }) {
                special[name] = scope.declare(name, definite: true)
            }
            for parameter in parameters {
                defaults.append(try parameter.defaultValue.map { (value) throws(TemplateSyntaxError) in EvalCode(run: try compileExpression(value)) })
            }
            for assigned in Statement.assignedNames(body) { scope.declare(assigned, definite: false) }
            return try compileBody(body)
        }
        let code = MacroCode(name: name, parameters: parameters.map(\.name), defaults: defaults, function: function,
                             varargsSlot: special["varargs"], kwargsSlot: special["kwargs"], callerSlot: special["caller"],
                             captureSlots: scope.captures.map(\.slot), autoescape: autoescape)
        let reads = scope.captures.map { EvalCode(run: $0.read) }
        return { state in
            Macro(code: code, captured: try Compiler.evaluate(reads, &state), context: nil)
        }
    }

    /// `{% call(params) macro(args) %}body{% endcall %}`: the body becomes the `caller` the
    /// macro can call; the macro's output is written.
    func compileCallBlock(_ call: Expression, parameters: [Parameter], body: [Statement], at offset: Int) throws(TemplateSyntaxError) -> Exec {
        guard case .call(let callee, let arguments) = call.kind else { throw error("expected a call", at: call.offset) }
        let location = self.location(call.offset)
        let makeCaller = try compileMacro(name: "caller", parameters: parameters, body: body, at: offset)
        let calleeEval = try compileExpression(callee)
        let args = try compileArguments(arguments, at: call.offset)
        let escape = autoescape, strict = self.strict
        return { state in
            let function = try calleeEval(&state)
            var arguments = try args(&state)
            let caller = try makeCaller(&state)
            // The caller's free names resolve where the call block is, even inside an imported macro.
            arguments.keyword.append(("caller", .object(caller.inModule(state.context))))
            if case .object(let object) = function.storage, let macro = object as? Macro {
                try macro.invoke(arguments, &state, at: location)
                return
            }
            let result = try Compiler.call(function, arguments, &state, autoescape: escape, at: location)
            if strict && result.isUndefined { throw TemplateRuntimeError.undefined(result).located(location) }
            result.write(to: &state.out, escape: escape)
        }
    }
}
