// Parses tokens into statements: Jinja's tags and their bodies.

struct Parser {
    let source: TemplateSource
    var tokens: [Token]
    var index = 0
    /// Open tags (`for`, `if`, ...) with their offsets, for messages about unclosed blocks.
    var openTags: [(name: String, offset: Int)] = []
    /// Nesting of expressions and statements; deep nesting is refused before it can exhaust the stack.
    var depth = 0
    static let maximumDepth = 200

    init(_ source: TemplateSource) throws(TemplateSyntaxError) {
        self.source = source
        self.tokens = try Lexer.tokenize(source)
    }

    /// Parses a whole template.
    static func parse(_ source: TemplateSource) throws(TemplateSyntaxError) -> [Statement] {
        var parser = try Parser(source)
        return try parser.subparse(until: [])
    }

    // MARK: Token stream

    var current: Token { tokens[index] }
    func look(_ ahead: Int = 1) -> Token { tokens[min(index + ahead, tokens.count - 1)] }

    @discardableResult
    mutating func next() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func error(_ message: String, at offset: Int? = nil) -> TemplateSyntaxError {
        TemplateSyntaxError(message, at: offset ?? current.offset, in: source)
    }

    mutating func skip(operator op: String) -> Bool {
        guard current.isOperator(op) else { return false }
        next()
        return true
    }

    mutating func skip(name: String) -> Bool {
        guard current.isName(name) else { return false }
        next()
        return true
    }

    mutating func expect(operator op: String) throws(TemplateSyntaxError) {
        guard current.isOperator(op) else { throw unexpected(expected: "'\(op)'") }
        next()
    }

    mutating func expect(name: String) throws(TemplateSyntaxError) {
        guard current.isName(name) else { throw unexpected(expected: "'\(name)'") }
        next()
    }

    mutating func expectName() throws(TemplateSyntaxError) -> String {
        guard current.kind == .name else { throw unexpected(expected: "a name") }
        return next().text
    }

    mutating func expect(_ kind: Token.Kind) throws(TemplateSyntaxError) {
        guard current.kind == kind else {
            throw unexpected(expected: Token(kind: kind, offset: 0).display)
        }
        next()
    }

    func unexpected(expected: String) -> TemplateSyntaxError {
        if current.kind == .eof { return endOfTemplate(expected: expected) }
        return error("unexpected \(current.display), expected \(expected)")
    }

    func endOfTemplate(expected: String) -> TemplateSyntaxError {
        var message = "unexpected end of template, expected \(expected)"
        if let open = openTags.last {
            message += " (the '\(open.name)' on line \(source.position(of: open.offset).line) is not closed)"
        }
        return error(message, at: current.offset)
    }

    mutating func enter() throws(TemplateSyntaxError) {
        depth += 1
        if depth > Parser.maximumDepth { throw error("template nested too deeply (more than \(Parser.maximumDepth) levels)") }
    }

    // MARK: Bodies

    /// Statements until a `{% name %}` tag with a name in `endNames` (left current), or the
    /// end of the template when `endNames` is empty.
    mutating func subparse(until endNames: [String]) throws(TemplateSyntaxError) -> [Statement] {
        var body: [Statement] = []
        while true {
            let token = current
            switch token.kind {
            case .data:
                body.append(Statement(kind: .text(token.text), offset: token.offset))
                next()
            case .variableBegin:
                next()
                let value = try parseTuple(withCondition: true)
                body.append(Statement(kind: .output(value), offset: value.offset))
                try expect(.variableEnd)
            case .blockBegin:
                next()
                if current.kind == .name && endNames.contains(current.text) { return body }
                if let statement = try parseStatement(inside: endNames) { body.append(statement) }
                try expect(.blockEnd)
            case .eof:
                if endNames.isEmpty { return body }
                throw endOfTemplate(expected: Parser.list(endNames))
            default:
                throw error("unexpected \(token.display)")
            }
        }
    }

    /// `'endfor' or 'else'`.
    static func list(_ names: [String]) -> String {
        let quoted = names.map { "'\($0)'" }
        return quoted.count <= 1 ? quoted.joined() : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
    }

    /// The body of a tag: `%}` then statements up to one of `endNames`; with `dropEnd` the
    /// end tag's name is consumed.
    mutating func body(of tag: String, at offset: Int, until endNames: [String], dropEnd: Bool) throws(TemplateSyntaxError) -> [Statement] {
        try expect(.blockEnd)
        try enter()
        openTags.append((tag, offset))
        let statements = try subparse(until: endNames)
        openTags.removeLast()
        depth -= 1
        if dropEnd { next() }
        return statements
    }

    static let endTags: Set<String> = ["endfor", "endif", "else", "elif", "endblock", "endmacro", "endcall", "endfilter",
                                       "endset", "endwith", "endautoescape", "endraw"]

    /// One statement at `{% name`, or nil for tags that produce nothing.
    mutating func parseStatement(inside endNames: [String]) throws(TemplateSyntaxError) -> Statement? {
        guard current.kind == .name else { throw error("expected a tag name, got \(current.display)") }
        let token = current
        switch token.text {
        case "if": return try parseIf()
        case "for": return try parseFor()
        case "set": return try parseSet()
        case "block": return try parseBlock()
        case "extends":
            next()
            return Statement(kind: .extends(try parseExpression()), offset: token.offset)
        case "include": return try parseInclude()
        case "import": return try parseImport()
        case "from": return try parseFrom()
        case "macro": return try parseMacro()
        case "call": return try parseCallBlock()
        case "filter":
            next()
            let filter = try parseFilter(nil, startInline: true)
            return Statement(kind: .filterBlock(filter: filter, body: try body(of: "filter", at: token.offset, until: ["endfilter"], dropEnd: true)),
                             offset: token.offset)
        case "with": return try parseWith()
        case "autoescape":
            next()
            let value = try parseExpression()
            return Statement(kind: .autoescape(value, body: try body(of: "autoescape", at: token.offset, until: ["endautoescape"], dropEnd: true)),
                             offset: token.offset)
        case "print":
            next()
            let value = try parseTuple(withCondition: true)
            return Statement(kind: .output(value), offset: token.offset)
        default:
            if Parser.endTags.contains(token.text) {
                let expected = endNames.isEmpty ? "" : ", expected \(Parser.list(endNames))"
                throw error("unexpected '\(token.text)'\(expected)")
            }
            throw error("unknown tag '\(token.text)'")
        }
    }
}
