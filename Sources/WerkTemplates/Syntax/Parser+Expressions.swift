// Expressions, lowest precedence first: `a if b else c`, or, and, not, comparisons, + -,
// ~, * / // %, **, unary - +, then primaries with `.attr`, `[item]`, calls, filters and tests.

extension Parser {
    mutating func parseExpression(withCondition: Bool = true) throws(TemplateSyntaxError) -> Expression {
        try enter()
        defer { depth -= 1 }
        return withCondition ? try parseConditional() : try parseOr()
    }

    private mutating func parseConditional() throws(TemplateSyntaxError) -> Expression {
        var links = 0
        defer { depth -= links }
        var expression = try parseOr()
        while current.isName("if") {
            try enter()
            links += 1
            let offset = next().offset
            let test = try parseOr()
            let otherwise = skip(name: "else") ? try parseExpression() : nil
            expression = Expression(kind: .conditional(test: test, then: expression, otherwise: otherwise), offset: offset)
        }
        return expression
    }

    private mutating func parseOr() throws(TemplateSyntaxError) -> Expression {
        var links = 0
        defer { depth -= links }
        var left = try parseAnd()
        while current.isName("or") {
            try enter()
            links += 1
            next()
            left = Expression(kind: .or(left, try parseAnd()), offset: left.offset)
        }
        return left
    }

    private mutating func parseAnd() throws(TemplateSyntaxError) -> Expression {
        var links = 0
        defer { depth -= links }
        var left = try parseNot()
        while current.isName("and") {
            try enter()
            links += 1
            next()
            left = Expression(kind: .and(left, try parseNot()), offset: left.offset)
        }
        return left
    }

    private mutating func parseNot() throws(TemplateSyntaxError) -> Expression {
        if current.isName("not") {
            let offset = next().offset
            try enter()
            defer { depth -= 1 }
            return Expression(kind: .not(try parseNot()), offset: offset)
        }
        return try parseCompare()
    }

    private mutating func parseCompare() throws(TemplateSyntaxError) -> Expression {
        var links = 0
        defer { depth -= links }
        let left = try parseAdditive()
        var operations: [(CompareOperator, Expression)] = []
        while true {
            try enter()
            links += 1
            if current.kind == .op, let op = CompareOperator(rawValue: current.text), op != .in, op != .notIn {
                next()
                operations.append((op, try parseAdditive()))
            } else if current.isName("in") {
                next()
                operations.append((.in, try parseAdditive()))
            } else if current.isName("not") && look().isName("in") {
                next()
                next()
                operations.append((.notIn, try parseAdditive()))
            } else {
                break
            }
        }
        return operations.isEmpty ? left : Expression(kind: .compare(left, operations), offset: left.offset)
    }

    private mutating func parseAdditive() throws(TemplateSyntaxError) -> Expression {
        var links = 0
        defer { depth -= links }
        var left = try parseConcat()
        while current.isOperator("+") || current.isOperator("-") {
            try enter()
            links += 1
            let op: BinaryOperator = next().text == "+" ? .add : .subtract
            left = Expression(kind: .binary(op, left, try parseConcat()), offset: left.offset)
        }
        return left
    }

    private mutating func parseConcat() throws(TemplateSyntaxError) -> Expression {
        var parts = [try parseMultiplicative()]
        while current.isOperator("~") {
            next()
            parts.append(try parseMultiplicative())
        }
        return parts.count == 1 ? parts[0] : Expression(kind: .concat(parts), offset: parts[0].offset)
    }

    private mutating func parseMultiplicative() throws(TemplateSyntaxError) -> Expression {
        var links = 0
        defer { depth -= links }
        var left = try parsePower()
        while current.kind == .op, let op = BinaryOperator(rawValue: current.text),
              op == .multiply || op == .divide || op == .floorDivide || op == .modulo {
            try enter()
            links += 1
            next()
            left = Expression(kind: .binary(op, left, try parsePower()), offset: left.offset)
        }
        return left
    }

    private mutating func parsePower() throws(TemplateSyntaxError) -> Expression {
        var links = 0
        defer { depth -= links }
        var left = try parseUnary(withFilter: true)
        while current.isOperator("**") {
            try enter()
            links += 1
            next()
            left = Expression(kind: .binary(.power, left, try parseUnary(withFilter: true)), offset: left.offset)
        }
        return left
    }

    /// Jinja binds unary minus tighter than `**` and filters (`-2 ** 2` is 4, `-x|abs` is `(-x)|abs`).
    private mutating func parseUnary(withFilter: Bool) throws(TemplateSyntaxError) -> Expression {
        try enter()
        defer { depth -= 1 }
        var expression: Expression
        if current.isOperator("-") {
            let offset = next().offset
            expression = Expression(kind: .negative(try parseUnary(withFilter: false)), offset: offset)
        } else if current.isOperator("+") {
            let offset = next().offset
            expression = Expression(kind: .positive(try parseUnary(withFilter: false)), offset: offset)
        } else {
            expression = try parsePrimary()
        }
        expression = try parsePostfix(expression)
        if withFilter { expression = try parseFilterExpression(expression) }
        return expression
    }

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
        var links = 0
        defer { depth -= links }
        var expression = start
        while true {
            try enter()
            links += 1
            if current.isOperator(".") || current.isOperator("[") {
                expression = try parseSubscript(expression)
            } else if current.isOperator("(") {
                expression = Expression(kind: .call(expression, try parseCallArguments()), offset: expression.offset)
            } else {
                return expression
            }
        }
    }

    private mutating func parseFilterExpression(_ start: Expression) throws(TemplateSyntaxError) -> Expression {
        var links = 0
        defer { depth -= links }
        var expression = start
        while true {
            try enter()
            links += 1
            if current.isOperator("|") {
                expression = try parseFilter(expression, startInline: false)
            } else if current.isName("is") {
                expression = try parseTest(expression)
            } else if current.isOperator("(") {
                expression = Expression(kind: .call(expression, try parseCallArguments()), offset: expression.offset)
            } else {
                return expression
            }
        }
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
