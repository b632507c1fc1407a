// Primaries and what follows them: literals, names, lists, dicts and parenthesised tuples,
// then `.attr`, `[item]` and slices, calls, and `|filter` chains.

extension Parser {
    mutating func parsePrimary() throws(TemplateSyntaxError) -> Expression {
        let token = current
        switch token.kind {
        case .name:
            next()
            switch token.text {
            case "true", "True": return Expression(kind: .constant(.true), offset: token.offset)
            case "false", "False": return Expression(kind: .constant(.false), offset: token.offset)
            case "none", "None": return Expression(kind: .constant(.none), offset: token.offset)
            default: return Expression(kind: .name(token.text), offset: token.offset)
            }
        case .string:
            // Adjacent string literals join, as in Python.
            var text = next().text
            while current.kind == .string { text += next().text }
            return Expression(kind: .constant(.string(text)), offset: token.offset)
        case .integer:
            next()
            return Expression(kind: .constant(.int(token.integer)), offset: token.offset)
        case .float:
            next()
            return Expression(kind: .constant(.double(token.double)), offset: token.offset)
        case .op where token.text == "(":
            next()
            let inner = try parseTuple(withCondition: true, explicitParentheses: true)
            try expect(operator: ")")
            return inner
        case .op where token.text == "[":
            next()
            var items: [Expression] = []
            while !current.isOperator("]") {
                if !items.isEmpty { try expect(operator: ",") }
                if current.isOperator("]") { break }
                items.append(try parseExpression())
            }
            try expect(operator: "]")
            return Expression(kind: .list(items), offset: token.offset)
        case .op where token.text == "{":
            next()
            var items: [(key: Expression, value: Expression)] = []
            while !current.isOperator("}") {
                if !items.isEmpty { try expect(operator: ",") }
                if current.isOperator("}") { break }
                let key = try parseExpression()
                try expect(operator: ":")
                items.append((key, try parseExpression()))
            }
            try expect(operator: "}")
            return Expression(kind: .dictionary(items), offset: token.offset)
        case .eof:
            throw endOfTemplate(expected: "an expression")
        default:
            throw error("unexpected \(token.display)")
        }
    }

    /// Comma-separated expressions: one expression, or a tuple when there is a comma.
    /// `simplified` allows only primaries (assignment targets).
    mutating func parseTuple(simplified: Bool = false, withCondition: Bool, endNames: [String] = [],
                             explicitParentheses: Bool = false) throws(TemplateSyntaxError) -> Expression {
        let offset = current.offset
        var items: [Expression] = []
        var isTuple = false
        while true {
            if !items.isEmpty { try expect(operator: ",") }
            if current.kind == .variableEnd || current.kind == .blockEnd || current.isOperator(")")
                || (current.kind == .name && endNames.contains(current.text)) {
                break
            }
            items.append(simplified ? try parsePrimary() : try parseExpression(withCondition: withCondition))
            if current.isOperator(",") { isTuple = true } else { break }
        }
        if !isTuple {
            if let first = items.first { return first }
            if !explicitParentheses {
                if current.kind == .eof { throw endOfTemplate(expected: "an expression") }
                throw error("expected an expression, got \(current.display)")
            }
        }
        return Expression(kind: .tuple(items), offset: offset)
    }

    mutating func parsePostfix(_ start: Expression) throws(TemplateSyntaxError) -> Expression {
        try chain(from: start) { parser, expression throws(TemplateSyntaxError) in
            if parser.current.isOperator(".") || parser.current.isOperator("[") { return try parser.parseSubscript(expression) }
            if parser.current.isOperator("(") { return try parser.parseCall(expression) }
            return nil
        }
    }

    mutating func parseFilterExpression(_ start: Expression) throws(TemplateSyntaxError) -> Expression {
        try chain(from: start) { parser, expression throws(TemplateSyntaxError) in
            if parser.current.isOperator("|") { return try parser.parseFilter(expression, startInline: false) }
            if parser.current.isName("is") { return try parser.parseTest(expression) }
            if parser.current.isOperator("(") { return try parser.parseCall(expression) }
            return nil
        }
    }

    /// Applies `link` to `start`, then to its result, until it gives nil; each link is one more
    /// level of nesting (`enter`), all given back at the end.
    private mutating func chain(from start: Expression,
                                _ link: (inout Parser, Expression) throws(TemplateSyntaxError) -> Expression?) throws(TemplateSyntaxError) -> Expression {
        var links = 0
        defer { depth -= links }
        var expression = start
        while true {
            try enter()
            links += 1
            guard let linked = try link(&self, expression) else { return expression }
            expression = linked
        }
    }

    /// `expression(arguments)`.
    private mutating func parseCall(_ callee: Expression) throws(TemplateSyntaxError) -> Expression {
        Expression(kind: .call(callee, try parseCallArguments()), offset: callee.offset)
    }

    private mutating func parseSubscript(_ base: Expression) throws(TemplateSyntaxError) -> Expression {
        let token = next()
        if token.text == "." {
            let attribute = current
            switch attribute.kind {
            case .name:
                next()
                return Expression(kind: .attribute(base, attribute.text), offset: base.offset)
            case .integer:
                next()
                return Expression(kind: .item(base, Expression(kind: .constant(.int(attribute.integer)), offset: attribute.offset)), offset: base.offset)
            default:
                throw unexpected(expected: "a name or number")
            }
        }
        var arguments: [Expression] = []
        while !current.isOperator("]") {
            if !arguments.isEmpty { try expect(operator: ",") }
            arguments.append(try parseSubscribed(base))
        }
        try expect(operator: "]")
        if arguments.count == 1, case .slice(_, let start, let stop, let step) = arguments[0].kind {
            return Expression(kind: .slice(base, start: start, stop: stop, step: step), offset: base.offset)
        }
        let key = arguments.count == 1 ? arguments[0] : Expression(kind: .tuple(arguments), offset: token.offset)
        return Expression(kind: .item(base, key), offset: base.offset)
    }

    /// One subscript: an expression or a slice `start:stop:step` (each part optional).
    private mutating func parseSubscribed(_ base: Expression) throws(TemplateSyntaxError) -> Expression {
        let offset = current.offset
        var start: Expression?
        if current.isOperator(":") {
            next()
        } else {
            let expression = try parseExpression()
            if !current.isOperator(":") { return expression }
            next()
            start = expression
        }
        var stop: Expression?, step: Expression?
        if !current.isOperator(":") && !current.isOperator("]") && !current.isOperator(",") { stop = try parseExpression() }
        if skip(operator: ":") {
            if !current.isOperator("]") && !current.isOperator(",") { step = try parseExpression() }
        }
        return Expression(kind: .slice(base, start: start, stop: stop, step: step), offset: offset)
    }
}
