// `{% for %}`: targets (with unpacking), `loop`, a filter, `else`, recursion.

extension Compiler {
    typealias LoopRunner = @Sendable (inout RenderState, TemplateValue, Int) throws -> Bool

    func compileFor(_ loop: ForLoop, at offset: Int) throws(TemplateSyntaxError) -> Exec {
        let location = self.location(offset)
        let strict = self.strict
        let iterable = try compileExpression(loop.iterable)
        let usesLoop = loop.recursive || loop.body.contains { $0.references("loop") }
            || (loop.filter?.references("loop") ?? false)

        let firstSlot = function.slotCount
        function.scopes.append(LexicalScope(isTemplateTop: false))
        var slotsOfLoop: LoopSlots?
        if usesLoop {
            let slots = LoopSlots(base: function.allocate(LoopSlots.count))
            function.scopes[function.scopes.count - 1].bindings["loop"] = .loop(slots)
            slotsOfLoop = slots
        }
        let loopSlots = slotsOfLoop
        var singleTarget: Int?
        for name in loop.target.names { singleTarget = function.declare(name, definite: true) }
        if case .name = loop.target {} else { singleTarget = nil }
        let targetSlot = singleTarget
        let store = try compileAssign(loop.target, at: offset)
        let filter = try loop.filter.map { (filter) throws(TemplateSyntaxError) in TestCode(run: try compileCondition(filter)) }
        for name in Statement.assignedNames(loop.body) { function.declare(name, definite: false) }
        let body = try compileBody(loop.body)
        let resets = function.scopes[function.scopes.count - 1].resetSlots
        function.scopes.removeLast()
        let slotRange = firstSlot..<function.slotCount
        let otherwise = loop.otherwise.isEmpty ? nil : ExecCode(run: try compileBody(loop.otherwise))

        let run: LoopRunner = { state, value, depth0 in
            var items = try at(location) { try Iteration.items(of: value, strict: strict) }
            if let filter {
                var kept: [TemplateValue] = []
                for item in items {
                    try state.step(location)
                    Compiler.reset(resets, &state)
                    try store(&state, item)
                    if try filter.run(&state) { kept.append(item) }
                }
                items = kept
            }
            if items.isEmpty { return false }
            if let loopSlots {
                state.locals[loopSlots.items] = .list(items)
                state.locals[loopSlots.depth] = .int(depth0)
                state.locals[loopSlots.changed] = .missing
                for index in items.indices {
                    try state.step(location)
                    Compiler.reset(resets, &state)
                    state.locals[loopSlots.index] = .int(index)
                    try store(&state, items[index])
                    try body(&state)
                }
            } else if let targetSlot, resets.isEmpty {
                for item in items {
                    try state.step(location)
                    state.locals[targetSlot] = item
                    try body(&state)
                }
            } else {
                for item in items {
                    try state.step(location)
                    Compiler.reset(resets, &state)
                    try store(&state, item)
                    try body(&state)
                }
            }
            return true
        }

        if loop.recursive {
            return { state in
                state.recursiveLoops.append(RecursiveLoop(run: run, slots: slotRange))
                defer { state.recursiveLoops.removeLast() }
                if try !run(&state, try iterable(&state), 0) { try otherwise?.run(&state) }
            }
        }
        return { state in
            if try !run(&state, try iterable(&state), 0) { try otherwise?.run(&state) }
        }
    }

    /// `loop(items)` in a recursive loop: runs the loop again one level deeper, its locals
    /// saved around the inner run, and gives the output as a safe string.
    func compileRecursiveLoopCall(_ arguments: CallArguments, at offset: Int) throws(TemplateSyntaxError) -> Eval {
        let location = self.location(offset)
        guard arguments.positional.count == 1, arguments.keyword.isEmpty, let loopSlots = function.loopBinding() else {
            throw error("loop() takes one argument, in a recursive loop", at: offset)
        }
        let iterable = try compileExpression(arguments.positional[0])
        let escape = autoescape
        return { state in
            guard let recursive = state.recursiveLoops.last else {
                throw TemplateError(.type, "loop() can only be called in a loop marked 'recursive'", at: location)
            }
            let value = try iterable(&state)
            guard case .int(let depth0) = state.locals[loopSlots.depth].storage else { return .undefined }
            try state.enter(location)
            defer { state.depth -= 1 }
            let saved = Array(state.locals[recursive.slots])
            defer { state.locals.replaceSubrange(recursive.slots, with: saved) }
            let text = try state.capture { inner in _ = try recursive.run(&inner, value, depth0 + 1) }
            return escape ? .safe(text) : .string(text)
        }
    }
}

/// A running recursive loop, for `loop(...)` calls in its body.
struct RecursiveLoop {
    let run: Compiler.LoopRunner
    let slots: Range<Int>
}
