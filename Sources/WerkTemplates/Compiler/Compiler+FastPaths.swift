// Shortcuts for the commonest shapes, each one closure instead of a chain: `{{ row.name }}`,
// `{{ loop.index }}`, `{% if row.active %}` where `row` is a loop variable, and filters
// without arguments (`|length`, `|upper`, `|e`). They give the same results as the general
// code, which they fall back to for anything unusual.

extension Compiler {
    /// The local slot that always holds `name` here, if there is one.
    private func definiteSlot(_ name: String) -> Int? {
        guard name != "loop", case .slots(let slots, true) = function.resolve(name, compiler: self), slots.count == 1 else { return nil }
        return slots[0]
    }

    /// `{{ local }}`, `{{ local.name }}`, `{{ loop.index }}` written in one closure.
    func compileFastOutput(_ expression: Expression) -> Exec? {
        guard !strict else { return nil }
        let escape = autoescape
        let location = self.location(expression.offset)
        switch expression.kind {
        case .name(let variable):
            guard let slot = definiteSlot(variable) else { return nil }
            return { state in state.locals[slot].write(to: &state.out, escape: escape) }
        case .attribute(let base, let name):
            guard case .name(let variable) = base.kind else { return nil }
            if variable == "loop", let loop = function.loopBinding(), case .loop = function.resolve("loop", compiler: self) {
                switch name {
                case "index":
                    return { state in
                        if case .int(let index0) = state.locals[loop.index].storage { state.out.append(integer: index0 + 1) }
                    }
                case "index0":
                    return { state in
                        if case .int(let index0) = state.locals[loop.index].storage { state.out.append(integer: index0) }
                    }
                default:
                    return nil
                }
            }
            guard !Attributes.dictionaryMethods.contains(name), let slot = definiteSlot(variable) else { return nil }
            let hint = PositionHint()
            return { state in
                if case .dictionary(let d) = state.locals[slot].storage {
                    d.write(name, hint: hint, to: &state.out, escape: escape)
                    return
                }
                try at(location) { try Attributes.attribute(state.locals[slot], name) }.write(to: &state.out, escape: escape)
            }
        default:
            return nil
        }
    }

    /// `{% if local.name %}` tested in one closure.
    func compileFastCondition(_ expression: Expression) -> Test? {
        guard !strict, case .attribute(let base, let name) = expression.kind, case .name(let variable) = base.kind,
              !Attributes.dictionaryMethods.contains(name), let slot = definiteSlot(variable) else { return nil }
        let hint = PositionHint()
        let location = self.location(expression.offset)
        return { state in
            if case .dictionary(let d) = state.locals[slot].storage {
                return d.value(for: name, hint: hint)?.isTruthy ?? false
            }
            return try at(location) { try Attributes.attribute(state.locals[slot], name) }.isTruthy
        }
    }
}

/// A built-in filter that takes no arguments, called directly when none are given.
struct UnaryFilter: Sendable {
    let apply: @Sendable (TemplateValue) throws -> TemplateValue
}

extension BuiltinFilters {
    /// The argument-less forms of the commonest filters (the same results as the full ones).
    static let unary: [String: UnaryFilter] = {
        let length = UnaryFilter { value in
            guard let count = value.pythonLength else { throw TemplateRuntimeError(.type, "object of type '\(value.typeName)' has no len()") }
            return .int(count)
        }
        let escape = UnaryFilter { .safe($0.escapedText(true)) }
        return [
            "length": length, "count": length, "e": escape, "escape": escape,
            "upper": UnaryFilter { value in let text = softString(value); return like(text, Strings.upper(text.stringValue ?? "")) },
            "lower": UnaryFilter { value in let text = softString(value); return like(text, Strings.lower(text.stringValue ?? "")) },
            "safe": UnaryFilter { .safe($0.description) },
            "string": UnaryFilter { softString($0) },
        ]
    }()
}
