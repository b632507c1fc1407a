// Call arguments, filters (`value|name(args)`) and tests (`value is name args`).

extension Parser {
    mutating func parseCallArguments() throws(TemplateSyntaxError) -> CallArguments {
        try expect(operator: "(")
        var arguments = CallArguments()
        var needComma = false
        while !current.isOperator(")") {
            if needComma {
                try expect(operator: ",")
                if current.isOperator(")") { break }
            }
            if current.isOperator("*") {
                guard arguments.star == nil && arguments.doubleStar == nil else { throw error("invalid syntax for function call expression") }
                next()
                arguments.star = try parseExpression()
            } else if current.isOperator("**") {
                guard arguments.doubleStar == nil else { throw error("invalid syntax for function call expression") }
                next()
                arguments.doubleStar = try parseExpression()
            } else if current.kind == .name && look().isOperator("=") {
                guard arguments.doubleStar == nil else { throw error("invalid syntax for function call expression") }
                let name = next().text
                next()
                arguments.keyword.append((name, try parseExpression()))
            } else {
                guard arguments.star == nil && arguments.doubleStar == nil && arguments.keyword.isEmpty else {
                    throw error("a positional argument follows a keyword argument")
                }
                arguments.positional.append(try parseExpression())
            }
            needComma = true
        }
        try expect(operator: ")")
        return arguments
    }

    /// `|name(args)` (repeated); with `startInline`, the first filter has no `|` (`{% filter upper %}`).
    mutating func parseFilter(_ base: Expression?, startInline: Bool) throws(TemplateSyntaxError) -> Expression {
        var expression = base
        var inline = startInline
        var links = 0
        defer { depth -= links }
        while current.isOperator("|") || inline {
            if !inline { next() }
            inline = false
            try enter()
            links += 1
            let nameOffset = current.offset
            var name = try expectName()
            while current.isOperator(".") {
                next()
                name += "." + (try expectName())
            }
            let arguments = current.isOperator("(") ? try parseCallArguments() : CallArguments.none
            expression = Expression(kind: .filter(expression, name: name, arguments, nameOffset: nameOffset), offset: base?.offset ?? nameOffset)
        }
        return expression!
    }

    mutating func parseTest(_ base: Expression) throws(TemplateSyntaxError) -> Expression {
        next()
        let negated = skip(name: "not")
        let nameOffset = current.offset
        var name = try expectName()
        while current.isOperator(".") {
            next()
            name += "." + (try expectName())
        }
        var arguments = CallArguments.none
        if current.isOperator("(") {
            arguments = try parseCallArguments()
        } else if [.name, .string, .integer, .float].contains(current.kind) || current.isOperator("[") || current.isOperator("{"),
                  !current.isName("else"), !current.isName("or"), !current.isName("and") {
            if current.isName("is") { throw error("tests cannot be chained with 'is'") }
            arguments.positional = [try parsePostfix(try parsePrimary())]
        }
        let test = Expression(kind: .test(base, name: name, arguments, nameOffset: nameOffset), offset: base.offset)
        return negated ? Expression(kind: .not(test), offset: base.offset) : test
    }
}
