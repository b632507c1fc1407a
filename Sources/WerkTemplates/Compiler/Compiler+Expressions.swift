// Expressions: literals, names, attributes and items, operators, conditions.

extension Compiler {
    func compileExpression(_ expression: Expression) throws(TemplateSyntaxError) -> Eval {
        let location = self.location(expression.offset)
        switch expression.kind {
        case .constant(let value):
            return { _ in value }
        case .name(let name):
            if name == "self" && function.isContextOnly("self") {
                return { state in .object(BlockReferences(state.blocks)) }
            }
            return compileRead(name, in: function, offset: expression.offset)
        case .list(let items):
            let evals = try compileAll(items)
            return { state in .list(try Compiler.evaluate(evals, &state)) }
        case .tuple(let items):
            let evals = try compileAll(items)
            return { state in .tuple(try Compiler.evaluate(evals, &state)) }
        case .dictionary(let items):
            let keys = try compileAll(items.map(\.key)), values = try compileAll(items.map(\.value))
            return { state in
                var pairs: [(String, TemplateValue)] = []
                pairs.reserveCapacity(keys.count)
                for (key, value) in zip(keys, values) {
                    guard let name = try key.run(&state).stringValue else {
                        throw TemplateError(.type, "dictionary keys must be strings in Werk's templates", at: location)
                    }
                    pairs.append((name, try value.run(&state)))
                }
                return .dictionary(TemplateDictionary(pairs))
            }
        case .attribute(let base, let name):
            return try compileAttribute(base, name, at: location)
        case .item(let base, let key):
            let baseEval = try compileExpression(base), keyEval = try compileExpression(key)
            if case .constant(let constant) = key.kind {
                return { state in try at(location) { try Attributes.item(try baseEval(&state), constant) } }
            }
            return { state in
                let container = try baseEval(&state)
                let key = try keyEval(&state)
                return try at(location) { try Attributes.item(container, key) }
            }
        case .slice(let base, let start, let stop, let step):
            let baseEval = try compileExpression(base)
            let parts = try [start, stop, step].map { (part) throws(TemplateSyntaxError) in
                try part.map { (p) throws(TemplateSyntaxError) in EvalCode(run: try compileExpression(p)) }
            }
            return { state in
                let value = try baseEval(&state)
                var bounds: [TemplateValue?] = []
                for part in parts { bounds.append(try part?.run(&state)) }
                return try at(location) { try Attributes.slice(value, bounds[0], bounds[1], bounds[2]) }
            }
        case .call(let callee, let arguments):
            return try compileCall(callee, arguments, at: expression.offset)
        case .filter(let base, let name, let arguments, let nameOffset):
            guard let base else { throw error("a filter needs a value", at: expression.offset) }
            let value = try compileExpression(base)
            let apply = try compileFilter(name, arguments, at: nameOffset)
            return { state in try apply(&state, try value(&state)) }
        case .test:
            let test = try compileCondition(expression)
            return { state in .bool(try test(&state)) }
        case .not:
            let test = try compileCondition(expression)
            return { state in .bool(try test(&state)) }
        case .negative(let operand):
            let value = try compileExpression(operand)
            if case .constant(let constant) = operand.kind, let folded = try? Operators.negate(constant) { return { _ in folded } }
            return { state in try at(location) { try Operators.negate(try value(&state)) } }
        case .positive(let operand):
            let value = try compileExpression(operand)
            return { state in try at(location) { try Operators.positive(try value(&state)) } }
        case .binary(let op, let left, let right):
            let a = try compileExpression(left), b = try compileExpression(right)
            return { state in
                let x = try a(&state)
                let y = try b(&state)
                return try at(location) { try Operators.binary(op, x, y) }
            }
        case .and(let left, let right):
            let a = try compileExpression(left), b = try compileExpression(right)
            let truth = truthTest(at: location)
            return { state in
                let x = try a(&state)
                return try truth(x) ? try b(&state) : x
            }
        case .or(let left, let right):
            let a = try compileExpression(left), b = try compileExpression(right)
            let truth = truthTest(at: location)
            return { state in
                let x = try a(&state)
                return try truth(x) ? x : try b(&state)
            }
        case .compare:
            let test = try compileCondition(expression)
            return { state in .bool(try test(&state)) }
        case .concat(let parts):
            let evals = try compileAll(parts)
            let escape = autoescape, strict = self.strict
            return { state in
                let values = try Compiler.evaluate(evals, &state)
                if strict, let undefined = values.first(where: \.isUndefined) { throw TemplateRuntimeError.undefined(undefined).located(location) }
                return Operators.concat(values, autoescape: escape)
            }
        case .conditional(let test, let then, let otherwise):
            let condition = try compileCondition(test)
            let yes = try compileExpression(then)
            let no = try otherwise.map { (o) throws(TemplateSyntaxError) in EvalCode(run: try compileExpression(o)) }
            return { state in
                if try condition(&state) { return try yes(&state) }
                return try no?.run(&state) ?? .undefined(.hint("the inline if-expression on line \(location.line) evaluated to false and no else section was defined"))
            }
        }
    }

    func compileAll(_ expressions: [Expression]) throws(TemplateSyntaxError) -> [EvalCode] {
        var evals: [EvalCode] = []
        for expression in expressions { evals.append(EvalCode(run: try compileExpression(expression))) }
        return evals
    }

    @inline(__always)
    static func evaluate(_ evals: [EvalCode], _ state: inout RenderState) throws -> [TemplateValue] {
        var values: [TemplateValue] = []
        values.reserveCapacity(evals.count)
        for eval in evals { values.append(try eval.run(&state)) }
        return values
    }

    /// Python truthiness; in strict mode an undefined value throws instead of being false.
    func truthTest(at location: TemplateLocation) -> @Sendable (TemplateValue) throws -> Bool {
        if strict {
            return { value in
                if value.isUndefined { throw TemplateRuntimeError.undefined(value).located(location) }
                return value.isTruthy
            }
        }
        return { $0.isTruthy }
    }

    /// An expression used as a condition, without making a boolean value where it can.
    func compileCondition(_ expression: Expression) throws(TemplateSyntaxError) -> @Sendable (inout RenderState) throws -> Bool {
        let location = self.location(expression.offset)
        switch expression.kind {
        case .not(let operand):
            let test = try compileCondition(operand)
            return { state in try !test(&state) }
        case .and(let left, let right):
            let a = try compileCondition(left), b = try compileCondition(right)
            return { state in try a(&state) && b(&state) }
        case .or(let left, let right):
            let a = try compileCondition(left), b = try compileCondition(right)
            return { state in try a(&state) || b(&state) }
        case .compare(let first, let operations):
            let head = try compileExpression(first)
            var compiledSteps: [(CompareOperator, EvalCode)] = []
            for (op, operand) in operations { compiledSteps.append((op, EvalCode(run: try compileExpression(operand)))) }
            let steps = compiledSteps
            let strict = self.strict
            if steps.count == 1 {
                let op = steps[0].0, right = steps[0].1.run
                return { state in
                    let a = try head(&state)
                    let b = try right(&state)
                    if strict && (a.isUndefined || b.isUndefined) {
                        throw TemplateRuntimeError.undefined(a.isUndefined ? a : b).located(location)
                    }
                    return try at(location) { try Operators.compare(op, a, b) }
                }
            }
            return { state in
                var left = try head(&state)
                for (op, operand) in steps {
                    let right = try operand.run(&state)
                    if strict && (left.isUndefined || right.isUndefined) {
                        throw TemplateRuntimeError.undefined(left.isUndefined ? left : right).located(location)
                    }
                    guard try at(location, { try Operators.compare(op, left, right) }) else { return false }
                    left = right
                }
                return true
            }
        case .test(let base, let name, let arguments, let nameOffset):
            return try compileTest(base, name, arguments, at: nameOffset)
        default:
            if let fast = compileFastCondition(expression) { return fast }
            let value = try compileExpression(expression)
            let truth = truthTest(at: location)
            return { state in try truth(try value(&state)) }
        }
    }

    /// `base.name`, with the common cases (a local dictionary, `loop.index`) done directly.
    private func compileAttribute(_ base: Expression, _ name: String, at location: TemplateLocation) throws(TemplateSyntaxError) -> Eval {
        if case .name("loop") = base.kind, let loop = function.loopBinding(), case .loop = function.resolve("loop", compiler: self) {
            return compileLoopAttribute(loop, name)
        }
        let baseEval = try compileExpression(base)
        if Attributes.dictionaryMethods.contains(name) {
            return { state in try at(location) { try Attributes.attribute(try baseEval(&state), name) } }
        }
        let hint = PositionHint()
        if case .name(let variable) = base.kind, case .slots(let slots, true) = function.resolve(variable, compiler: self), slots.count == 1 {
            let slot = slots[0]
            return { state in
                if case .dictionary(let d) = state.locals[slot].storage {
                    return d.value(for: name, hint: hint) ?? .undefined(.attribute(owner: "dict object", name: name))
                }
                return try at(location) { try Attributes.attribute(state.locals[slot], name) }
            }
        }
        return { state in
            let value = try baseEval(&state)
            if case .dictionary(let d) = value.storage {
                return d.value(for: name, hint: hint) ?? .undefined(.attribute(owner: "dict object", name: name))
            }
            return try at(location) { try Attributes.attribute(value, name) }
        }
    }

    /// `loop.index` and the other loop attributes, read from the loop's slots.
    private func compileLoopAttribute(_ loop: LoopSlots, _ name: String) -> Eval {
        @Sendable func index(_ state: inout RenderState) -> Int {
            if case .int(let i) = state.locals[loop.index].storage { return i }
            return 0
        }
        @Sendable func count(_ state: inout RenderState) -> Int {
            if case .list(let items) = state.locals[loop.items].storage { return items.count }
            return 0
        }
        switch name {
        case "index": return { state in .int(index(&state) + 1) }
        case "index0": return { state in state.locals[loop.index] }
        case "first": return { state in .bool(index(&state) == 0) }
        case "last": return { state in .bool(index(&state) == count(&state) - 1) }
        case "length": return { state in .int(count(&state)) }
        case "revindex": return { state in .int(count(&state) - index(&state)) }
        case "revindex0": return { state in .int(count(&state) - index(&state) - 1) }
        default:
            return { state in
                guard case .int(let index0) = state.locals[loop.index].storage,
                      case .list(let items) = state.locals[loop.items].storage,
                      case .int(let depth0) = state.locals[loop.depth].storage else { return .undefined(name: "loop") }
                return LoopSnapshot.attribute(name, index0: index0, items: items, depth0: depth0)
                    ?? .undefined(.attribute(owner: "LoopContext object", name: name))
            }
        }
    }
}
