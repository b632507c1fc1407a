// Statements: text, output, if, set, with, filter and autoescape blocks.

extension Compiler {
    func compileBody(_ statements: [Statement]) throws(TemplateSyntaxError) -> Exec {
        var execs: [ExecCode] = []
        for statement in statements {
            if let exec = try compileStatement(statement) { execs.append(ExecCode(run: exec)) }
        }
        return Compiler.sequence(execs)
    }

    /// One closure running `execs` in order: a tree of closures that each call up to four
    /// captured ones (iterating an array of closures would retain each on every call).
    static func sequence(_ execs: [ExecCode]) -> Exec {
        switch execs.count {
        case 0: return { _ in }
        case 1: return execs[0].run
        case 2:
            let (a, b) = (execs[0].run, execs[1].run)
            return { state in
                try a(&state)
                try b(&state)
            }
        case 3:
            let (a, b, c) = (execs[0].run, execs[1].run, execs[2].run)
            return { state in
                try a(&state)
                try b(&state)
                try c(&state)
            }
        case 4:
            let (a, b, c, d) = (execs[0].run, execs[1].run, execs[2].run, execs[3].run)
            return { state in
                try a(&state)
                try b(&state)
                try c(&state)
                try d(&state)
            }
        default:
            let quarter = (execs.count + 3) / 4
            var parts: [ExecCode] = []
            var start = 0
            while start < execs.count {
                parts.append(ExecCode(run: sequence(Array(execs[start..<min(start + quarter, execs.count)]))))
                start += quarter
            }
            return sequence(parts)
        }
    }

    /// Output at a template's top level after an `{% extends %}` ran is dropped, as in Jinja.
    func guarded(_ exec: @escaping Exec) -> Exec {
        guard function.kind == .top && function.guardsOutput else { return exec }
        return { state in
            if state.parent == nil { try exec(&state) }
        }
    }

    func compileStatement(_ statement: Statement) throws(TemplateSyntaxError) -> Exec? {
        switch statement.kind {
        case .text(let text):
            let bytes = Array(text.utf8)
            return guarded { state in bytes.withUnsafeBufferPointer { state.out.append($0) } }
        case .output(let expression):
            return guarded(try compileOutput(expression))
        case .ifs(let branches, let otherwise):
            return try compileIf(branches, otherwise)
        case .forLoop(let loop):
            return try compileFor(loop, at: statement.offset)
        case .set(let target, let expression):
            let value = try compileExpression(expression)
            let store = try compileAssign(target, at: statement.offset)
            return { state in try store(&state, try value(&state)) }
        case .setBlock(let target, let filter, let body):
            return try compileSetBlock(target, filter, body, at: statement.offset)
        case .block(let name, let body, let scoped, let required):
            return guarded(try compileBlock(name, body, scoped: scoped, required: required, at: statement.offset))
        case .extends(let expression):
            return try compileExtends(expression, at: statement.offset)
        case .include(let expression, let ignoreMissing, let withContext):
            return guarded(try compileInclude(expression, ignoreMissing: ignoreMissing, withContext: withContext, at: statement.offset))
        case .importModule(let expression, let alias, let withContext):
            return try compileImport(expression, alias: alias, withContext: withContext, at: statement.offset)
        case .fromImport(let expression, let names, let withContext):
            return try compileFromImport(expression, names: names, withContext: withContext, at: statement.offset)
        case .macro(let name, let parameters, let body):
            let make = try compileMacro(name: name, parameters: parameters, body: body, at: statement.offset)
            let store = try compileAssign(.name(name), at: statement.offset)
            return { state in try store(&state, .object(try make(&state))) }
        case .callBlock(let call, let parameters, let body):
            return guarded(try compileCallBlock(call, parameters: parameters, body: body, at: statement.offset))
        case .filterBlock(let filter, let body):
            let (exec, resets) = try inScope(body) { () throws(TemplateSyntaxError) in try compileBody(body) }
            let apply = try compileFilterChain(filter)
            let escape = autoescape
            return guarded { state in
                Compiler.reset(resets, &state)
                let text = try state.capture { try exec(&$0) }
                let value = try apply(&state, escape ? .safe(text) : .string(text))
                value.write(to: &state.out, escape: escape)
            }
        case .with(let assignments, let body):
            return try compileWith(assignments, body)
        case .autoescape(let expression, let body):
            guard case .constant(let value) = expression.kind else {
                throw error("autoescape takes a constant: true or false", at: expression.offset)
            }
            let saved = autoescape
            autoescape = value.isTruthy
            defer { autoescape = saved }
            let (exec, resets) = try inScope(body) { () throws(TemplateSyntaxError) in try compileBody(body) }
            return { state in
                Compiler.reset(resets, &state)
                try exec(&state)
            }
        }
    }

    /// Makes `slots` `.missing` (a scope entered again, a loop's next iteration).
    @inline(__always)
    static func reset(_ slots: [Int], _ state: inout RenderState) {
        for slot in slots { state.locals[slot] = .missing }
    }

    /// `{{ expression }}`: the value written, escaped when autoescaping is on.
    func compileOutput(_ expression: Expression) throws(TemplateSyntaxError) -> Exec {
        let escape = autoescape
        if case .constant(let value) = expression.kind {
            let bytes = value.written(escape: escape)
            return { state in bytes.withUnsafeBufferPointer { state.out.append($0) } }
        }
        if let inline = try compileInlineOutput(expression) { return inline.run }
        if let fast = compileFastOutput(expression) { return fast }
        let value = try compileExpression(expression)
        if strict {
            let location = self.location(expression.offset)
            return { state in
                let result = try value(&state)
                if result.isUndefined { throw TemplateRuntimeError.undefined(result).located(location) }
                result.write(to: &state.out, escape: escape)
            }
        }
        return { state in try value(&state).write(to: &state.out, escape: escape) }
    }

    private func compileIf(_ branches: [(test: Expression, body: [Statement])], _ otherwise: [Statement]) throws(TemplateSyntaxError) -> Exec {
        var branchCode: [(test: TestCode, body: ExecCode)] = []
        for branch in branches {
            branchCode.append((TestCode(run: try compileCondition(branch.test)), ExecCode(run: try compileBody(branch.body))))
        }
        let compiled = branchCode
        if compiled.count == 1 {
            let test = compiled[0].test.run, body = compiled[0].body.run
            if !otherwise.isEmpty {
                let elseBody = try compileBody(otherwise)
                return { state in
                    if try test(&state) { try body(&state) } else { try elseBody(&state) }
                }
            }
            return { state in
                if try test(&state) { try body(&state) }
            }
        }
        let elseBody = try compileBody(otherwise)
        return { state in
            for branch in compiled where try branch.test.run(&state) {
                try branch.body.run(&state)
                return
            }
            try elseBody(&state)
        }
    }

    private func compileSetBlock(_ target: AssignTarget, _ filter: Expression?, _ body: [Statement], at offset: Int) throws(TemplateSyntaxError) -> Exec {
        let (exec, resets) = try inScope(body) { () throws(TemplateSyntaxError) in try compileBody(body) }
        let apply = try filter.map { (filter) throws(TemplateSyntaxError) in try compileFilterChain(filter) }
        let store = try compileAssign(target, at: offset)
        let escape = autoescape
        return { state in
            Compiler.reset(resets, &state)
            let text = try state.capture { try exec(&$0) }
            var value: TemplateValue = escape ? .safe(text) : .string(text)
            if let apply { value = try apply(&state, value) }
            try store(&state, value)
        }
    }

    private func compileWith(_ assignments: [(AssignTarget, Expression)], _ body: [Statement]) throws(TemplateSyntaxError) -> Exec {
        // The values are computed outside the new scope, then bound inside it.
        let values = try compileAll(assignments.map(\.1))
        let ((stores, exec), resets) = try inScope(body) { () throws(TemplateSyntaxError) in
            var stores: [@Sendable (inout RenderState, TemplateValue) throws -> Void] = []
            for (target, _) in assignments {
                for name in target.names { function.declare(name, definite: true) }
                stores.append(try compileAssign(target, at: 0))
            }
            return (stores, try compileBody(body))
        }
        return { state in
            Compiler.reset(resets, &state)
            var computed: [TemplateValue] = []
            for value in values { computed.append(try value.run(&state)) }
            for (store, value) in zip(stores, computed) { try store(&state, value) }
            try exec(&state)
        }
    }
}
