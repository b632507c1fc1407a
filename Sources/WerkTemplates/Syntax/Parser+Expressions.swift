// Expressions, lowest precedence first: `a if b else c`, or, and, not, comparisons, + -,
// ~, * / // %, **, unary - +; the primaries they apply to are in Parser+Primaries.swift.

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
}
