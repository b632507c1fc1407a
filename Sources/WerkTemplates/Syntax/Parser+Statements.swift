// The tags: if, for, set, block, include, import, from, macro, call, with.

extension Parser {
    mutating func parseIf() throws(TemplateSyntaxError) -> Statement {
        let offset = next().offset
        var branches: [(test: Expression, body: [Statement])] = []
        var otherwise: [Statement] = []
        var test = try parseTuple(withCondition: false)
        var tagOffset = offset
        while true {
            let body = try self.body(of: "if", at: tagOffset, until: ["elif", "else", "endif"], dropEnd: false)
            branches.append((test, body))
            let end = next()
            if end.text == "elif" {
                tagOffset = end.offset
                test = try parseTuple(withCondition: false)
                continue
            }
            if end.text == "else" {
                otherwise = try self.body(of: "if", at: offset, until: ["endif"], dropEnd: true)
            }
            break
        }
        return Statement(kind: .ifs(branches: branches, otherwise: otherwise), offset: offset)
    }

    mutating func parseFor() throws(TemplateSyntaxError) -> Statement {
        let offset = next().offset
        let target = try parseAssignTarget(endNames: ["in"])
        try expect(name: "in")
        let iterable = try parseTuple(withCondition: false, endNames: ["recursive"])
        let filter = skip(name: "if") ? try parseExpression() : nil
        let recursive = skip(name: "recursive")
        let body = try self.body(of: "for", at: offset, until: ["endfor", "else"], dropEnd: false)
        var otherwise: [Statement] = []
        if next().text == "else" {
            otherwise = try self.body(of: "for", at: offset, until: ["endfor"], dropEnd: true)
        }
        let loop = ForLoop(target: target, iterable: iterable, filter: filter, recursive: recursive, body: body, otherwise: otherwise)
        return Statement(kind: .forLoop(loop), offset: offset)
    }

    mutating func parseSet() throws(TemplateSyntaxError) -> Statement {
        let offset = next().offset
        let target = try parseAssignTarget(allowNamespace: true)
        if skip(operator: "=") {
            return Statement(kind: .set(target, try parseTuple(withCondition: true)), offset: offset)
        }
        let filter: Expression? = current.isOperator("|") ? try parseFilter(nil, startInline: false) : nil
        let body = try self.body(of: "set", at: offset, until: ["endset"], dropEnd: true)
        return Statement(kind: .setBlock(target, filter: filter, body: body), offset: offset)
    }

    mutating func parseBlock() throws(TemplateSyntaxError) -> Statement {
        let offset = next().offset
        let name = try expectName()
        let scoped = skip(name: "scoped")
        let required = skip(name: "required")
        if current.isOperator("-") {
            throw error("block names must be identifiers and cannot contain hyphens; use an underscore instead")
        }
        let body = try self.body(of: "block", at: offset, until: ["endblock"], dropEnd: true)
        if required {
            for statement in body {
                guard case .text(let text) = statement.kind, text.unicodeScalars.allSatisfy(PythonWhitespace.contains) else {
                    throw error("required blocks can only contain comments or whitespace", at: statement.offset)
                }
            }
        }
        _ = skip(name: name)
        return Statement(kind: .block(name: name, body: body, scoped: scoped, required: required), offset: offset)
    }

    /// `with context` / `without context`, or `fallback`.
    mutating func parseContextModifier(default fallback: Bool) -> Bool {
        if (current.isName("with") || current.isName("without")) && look().isName("context") {
            let with = next().text == "with"
            next()
            return with
        }
        return fallback
    }

    mutating func parseInclude() throws(TemplateSyntaxError) -> Statement {
        let offset = next().offset
        let template = try parseExpression()
        var ignoreMissing = false
        if current.isName("ignore") && look().isName("missing") {
            ignoreMissing = true
            next()
            next()
        }
        let withContext = parseContextModifier(default: true)
        return Statement(kind: .include(template, ignoreMissing: ignoreMissing, withContext: withContext), offset: offset)
    }

    mutating func parseImport() throws(TemplateSyntaxError) -> Statement {
        let offset = next().offset
        let template = try parseExpression()
        try expect(name: "as")
        let alias = try expectName()
        let withContext = parseContextModifier(default: false)
        return Statement(kind: .importModule(template, alias: alias, withContext: withContext), offset: offset)
    }

    mutating func parseFrom() throws(TemplateSyntaxError) -> Statement {
        let offset = next().offset
        let template = try parseExpression()
        try expect(name: "import")
        var names: [(name: String, alias: String)] = []
        var withContext = false
        while true {
            if !names.isEmpty { try expect(operator: ",") }
            guard current.kind == .name else { throw unexpected(expected: "a name") }
            if (current.isName("with") || current.isName("without")) && look().isName("context") {
                withContext = parseContextModifier(default: false)
                break
            }
            let nameOffset = current.offset
            let name = try expectName()
            if name.hasPrefix("_") { throw error("names starting with an underscore cannot be imported", at: nameOffset) }
            let alias = skip(name: "as") ? try expectName() : name
            names.append((name, alias))
            if (current.isName("with") || current.isName("without")) && look().isName("context") {
                withContext = parseContextModifier(default: false)
                break
            }
            if !current.isOperator(",") { break }
        }
        return Statement(kind: .fromImport(template, names: names, withContext: withContext), offset: offset)
    }

    /// `(a, b=1, c='x')`
    mutating func parseSignature() throws(TemplateSyntaxError) -> [Parameter] {
        try expect(operator: "(")
        var parameters: [Parameter] = []
        while !current.isOperator(")") {
            if !parameters.isEmpty { try expect(operator: ",") }
            let nameOffset = current.offset
            let name = try expectName()
            if parameters.contains(where: { $0.name == name }) { throw error("duplicate parameter '\(name)'", at: nameOffset) }
            if skip(operator: "=") {
                parameters.append(Parameter(name: name, defaultValue: try parseExpression()))
            } else {
                if parameters.last?.defaultValue != nil {
                    throw error("a parameter without a default follows one with a default", at: nameOffset)
                }
                parameters.append(Parameter(name: name, defaultValue: nil))
            }
        }
        try expect(operator: ")")
        return parameters
    }

    mutating func parseMacro() throws(TemplateSyntaxError) -> Statement {
        let offset = next().offset
        let name = try expectName()
        let parameters = try parseSignature()
        let body = try self.body(of: "macro", at: offset, until: ["endmacro"], dropEnd: true)
        return Statement(kind: .macro(name: name, parameters: parameters, body: body), offset: offset)
    }

    mutating func parseCallBlock() throws(TemplateSyntaxError) -> Statement {
        let offset = next().offset
        let parameters = current.isOperator("(") ? try parseSignature() : []
        let call = try parseExpression()
        guard case .call = call.kind else { throw error("expected a call", at: call.offset) }
        let body = try self.body(of: "call", at: offset, until: ["endcall"], dropEnd: true)
        return Statement(kind: .callBlock(call: call, parameters: parameters, body: body), offset: offset)
    }

    mutating func parseWith() throws(TemplateSyntaxError) -> Statement {
        let offset = next().offset
        var assignments: [(AssignTarget, Expression)] = []
        while current.kind != .blockEnd {
            if !assignments.isEmpty { try expect(operator: ",") }
            let target = try parseAssignTarget()
            try expect(operator: "=")
            assignments.append((target, try parseExpression()))
        }
        let body = try self.body(of: "with", at: offset, until: ["endwith"], dropEnd: true)
        return Statement(kind: .with(assignments: assignments, body: body), offset: offset)
    }

    /// A name, a tuple of names (`key, value`), or with `allowNamespace`, `ns.attribute`.
    mutating func parseAssignTarget(endNames: [String] = [], allowNamespace: Bool = false) throws(TemplateSyntaxError) -> AssignTarget {
        if allowNamespace && current.kind == .name && look().isOperator(".") {
            let namespace = next().text
            next()
            return .namespaceAttribute(namespace, try expectName())
        }
        let offset = current.offset
        let expression = try parseTuple(simplified: true, withCondition: false, endNames: endNames)
        return try assignTarget(expression, at: offset)
    }

    private func assignTarget(_ expression: Expression, at offset: Int) throws(TemplateSyntaxError) -> AssignTarget {
        switch expression.kind {
        case .name(let name):
            if ["true", "false", "none", "True", "False", "None"].contains(name) { throw error("cannot assign to '\(name)'", at: offset) }
            return .name(name)
        case .tuple(let items):
            var targets: [AssignTarget] = []
            for item in items { targets.append(try assignTarget(item, at: item.offset)) }
            return .tuple(targets)
        default:
            throw error("cannot assign to this expression", at: expression.offset)
        }
    }
}
