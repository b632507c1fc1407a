// Macros: `{% macro input(name, value='', type='text') %}...{% endmacro %}` and the `caller`
// of a `{% call %}` block. Calling one renders its body; the result is a safe string when the
// template calling it autoescapes (Jinja's rule).

/// What every instance of one macro shares: its parameters and compiled body.
final class MacroCode: Sendable {
    let name: String
    let parameters: [String]
    /// Default values, aligned with `parameters` (nil: no default).
    let defaults: [EvalCode?]
    let function: CompiledFunction
    /// Slots for `varargs`, `kwargs` and `caller`, when the body uses them.
    let varargsSlot: Int?, kwargsSlot: Int?, callerSlot: Int?
    /// The slots the captured values go to.
    let captureSlots: [Int]
    let autoescape: Bool

    init(name: String, parameters: [String], defaults: [EvalCode?], function: CompiledFunction, varargsSlot: Int?,
         kwargsSlot: Int?, callerSlot: Int?, captureSlots: [Int], autoescape: Bool) {
        self.name = name
        self.parameters = parameters
        self.defaults = defaults
        self.function = function
        self.varargsSlot = varargsSlot
        self.kwargsSlot = kwargsSlot
        self.callerSlot = callerSlot
        self.captureSlots = captureSlots
        self.autoescape = autoescape
    }
}

/// A macro as a value: its code, the values it captured where it was defined, and for an
/// imported macro (or a `caller`), the context its free names resolve in.
final class Macro: TemplateObject {
    let code: MacroCode
    let captured: [TemplateValue]
    let context: RenderContext?

    init(code: MacroCode, captured: [TemplateValue], context: RenderContext?) {
        self.code = code
        self.captured = captured
        self.context = context
    }

    var typeName: String { "Macro" }
    var repr: String { "<Macro \(TemplateValue.quoted(code.name))>" }
    var isCallable: Bool { true }

    func attribute(_ name: String) -> TemplateValue? {
        switch name {
        case "name": return .string(code.name)
        case "arguments": return .tuple(code.parameters.map { .string($0) })
        case "catch_kwargs": return .bool(code.kwargsSlot != nil)
        case "catch_varargs": return .bool(code.varargsSlot != nil)
        case "caller": return .bool(code.callerSlot != nil)
        default: return nil
        }
    }

    /// A copy whose free names resolve in `context` (an imported module's).
    func inModule(_ context: RenderContext) -> Macro { Macro(code: code, captured: captured, context: context) }

    /// A call from outside template code: safe when the template it was defined in autoescapes.
    func call(_ arguments: TemplateArguments, state: inout RenderState, at location: TemplateLocation) throws -> TemplateValue {
        try call(arguments, state: &state, autoescape: code.autoescape, at: location)
    }

    /// A call from template code that autoescapes or not (`autoescape`): the output is safe when
    /// it does, as Jinja marks a macro's output by its caller's eval context.
    func call(_ arguments: TemplateArguments, state: inout RenderState, autoescape: Bool, at location: TemplateLocation) throws -> TemplateValue {
        let text = try state.capture { try invoke(arguments, &$0, at: location) }
        return autoescape ? .safe(text) : .string(text)
    }

    /// Renders the body into the output with `arguments` bound to the parameters.
    func invoke(_ arguments: TemplateArguments, _ state: inout RenderState, at location: TemplateLocation) throws {
        let code = self.code
        let parameterCount = code.parameters.count
        guard arguments.positional.count <= parameterCount || code.varargsSlot != nil else {
            throw TemplateError(.type, "macro '\(code.name)' takes not more than \(parameterCount) argument(s)", at: location)
        }
        try state.enter(location)
        defer { state.depth -= 1 }
        try state.step(location)
        var given = [Bool](repeating: false, count: parameterCount)
        var extraKeywords: [(String, TemplateValue)] = []
        var callerValue: TemplateValue?
        try state.call(code.function) { slots in
            for (i, value) in arguments.positional.prefix(parameterCount).enumerated() {
                slots[i] = value
                given[i] = true
            }
            for (name, value) in arguments.keyword {
                if let i = code.parameters.firstIndex(of: name) {
                    guard !given[i] else {
                        throw TemplateError(.type, "macro '\(code.name)' got multiple values for argument '\(name)'", at: location)
                    }
                    slots[i] = value
                    given[i] = true
                } else if name == "caller" {
                    guard code.callerSlot != nil else {
                        throw TemplateError(.type, "macro '\(code.name)' takes no keyword argument 'caller'", at: location)
                    }
                    callerValue = value
                } else if code.kwargsSlot != nil {
                    extraKeywords.append((name, value))
                } else {
                    throw TemplateError(.type, "macro '\(code.name)' takes no keyword argument '\(name)'", at: location)
                }
            }
            if let slot = code.varargsSlot { slots[slot] = .tuple(Array(arguments.positional.dropFirst(parameterCount))) }
            if let slot = code.kwargsSlot { slots[slot] = .dictionary(TemplateDictionary(extraKeywords)) }
            if let slot = code.callerSlot { slots[slot] = callerValue ?? .undefined(.hint("No caller defined")) }
            for (slot, value) in zip(code.captureSlots, captured) { slots[slot] = value }
        } body: { state in
            // Defaults are computed in the macro's own scope: they may use earlier parameters.
            for i in 0..<parameterCount where !given[i] {
                if let defaultValue = code.defaults[i] {
                    state.locals[i] = try defaultValue.run(&state)
                } else {
                    state.locals[i] = .undefined(.hint("parameter '\(code.parameters[i])' was not provided"))
                }
            }
            if let context {
                var saved = context
                swap(&state.context, &saved)
                defer { swap(&state.context, &saved) }
                try code.function.body(&state)
            } else {
                try code.function.body(&state)
            }
        }
    }
}
