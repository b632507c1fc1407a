// Splits a template into data and tags, and tags into tokens, with Jinja's whitespace control:
// `{%-`, `{{-`, `{#-` strip the whitespace before the tag, `-%}`, `-}}`, `-#}` the whitespace
// after it; `{% raw %}...{% endraw %}` is data.

import Werk

struct Lexer {
    let source: TemplateSource
    private let bytes: [UInt8]
    private var tokens: [Token] = []
    private var position = 0

    init(_ source: TemplateSource) {
        self.source = source
        self.bytes = source.bytes
    }

    /// All tokens of the template, ending with `.eof`.
    static func tokenize(_ source: TemplateSource) throws(TemplateSyntaxError) -> [Token] {
        var lexer = Lexer(source)
        try lexer.run()
        return lexer.tokens
    }

    /// Adds a token (for the string literal scanner in its own file).
    mutating func append(_ token: Token) { tokens.append(token) }

    private func error(_ message: String, at offset: Int) -> TemplateSyntaxError {
        TemplateSyntaxError(message, at: offset, in: source)
    }

    private func byte(_ at: Int) -> UInt8 { at < bytes.count ? bytes[at] : 0 }

    private mutating func run() throws(TemplateSyntaxError) {
        let n = bytes.count
        while position < n {
            // The next tag start: `{{`, `{%` or `{#`.
            var tag = position
            while tag < n {
                if bytes[tag] == UInt8(ascii: "{") {
                    let next = byte(tag + 1)
                    if next == UInt8(ascii: "{") || next == UInt8(ascii: "%") || next == UInt8(ascii: "#") { break }
                }
                tag += 1
            }
            let strip = tag < n && byte(tag + 2) == UInt8(ascii: "-")
            let dataEnd = strip ? PythonWhitespace.trimmedEnd(bytes, from: position, to: tag) : tag
            if dataEnd > position {
                tokens.append(Token(kind: .data, offset: position, text: String(decoding: bytes[position..<dataEnd], as: UTF8.self)))
            }
            guard tag < n else { break }
            switch bytes[tag + 1] {
            case UInt8(ascii: "#"): try comment(at: tag)
            case UInt8(ascii: "{"): try self.tag(at: tag, variable: true)
            default:
                if let end = rawBegin(at: tag) { try raw(at: tag, contentStart: end) } else { try self.tag(at: tag, variable: false) }
            }
        }
        tokens.append(Token(kind: .eof, offset: n))
    }

    /// After a `-` end marker: skips the whitespace that follows.
    private mutating func skipWhitespace() {
        position += PythonWhitespace.prefixLength(bytes, from: position, to: bytes.count)
    }

    private mutating func comment(at start: Int) throws(TemplateSyntaxError) {
        let content = byte(start + 2) == UInt8(ascii: "-") || byte(start + 2) == UInt8(ascii: "+") ? start + 3 : start + 2
        var i = content
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "#") && bytes[i + 1] == UInt8(ascii: "}") {
                position = i + 2
                if i > content && bytes[i - 1] == UInt8(ascii: "-") { skipWhitespace() }
                return
            }
            i += 1
        }
        throw error("missing end of comment tag", at: start)
    }

    /// `{% raw %}` (with optional `-`/`+` and `-%}`): the offset after it, or nil.
    private func rawBegin(at start: Int) -> Int? {
        var i = start + 2
        if byte(i) == UInt8(ascii: "-") || byte(i) == UInt8(ascii: "+") { i += 1 }
        i += PythonWhitespace.prefixLength(bytes, from: i, to: bytes.count)
        guard matches("raw", at: i) else { return nil }
        i += 3
        i += PythonWhitespace.prefixLength(bytes, from: i, to: bytes.count)
        if byte(i) == UInt8(ascii: "-") && matches("%}", at: i + 1) { return i + 3 }
        return matches("%}", at: i) ? i + 2 : nil
    }

    private func matches(_ word: String, at i: Int) -> Bool {
        var j = i
        for b in word.utf8 {
            guard byte(j) == b else { return false }
            j += 1
        }
        return true
    }

    private mutating func raw(at start: Int, contentStart: Int) throws(TemplateSyntaxError) {
        position = contentStart
        if bytes[contentStart - 3] == UInt8(ascii: "-") { skipWhitespace() }
        let content = position
        var i = content
        while i + 1 < bytes.count {
            if bytes[i] == UInt8(ascii: "{") && bytes[i + 1] == UInt8(ascii: "%") {
                var j = i + 2
                let strip = byte(j) == UInt8(ascii: "-")
                if strip || byte(j) == UInt8(ascii: "+") { j += 1 }
                j += PythonWhitespace.prefixLength(bytes, from: j, to: bytes.count)
                if matches("endraw", at: j) {
                    j += 6
                    j += PythonWhitespace.prefixLength(bytes, from: j, to: bytes.count)
                    var stripAfter = false
                    if byte(j) == UInt8(ascii: "-") || byte(j) == UInt8(ascii: "+") { stripAfter = byte(j) == UInt8(ascii: "-"); j += 1 }
                    if matches("%}", at: j) {
                        let end = strip ? PythonWhitespace.trimmedEnd(bytes, from: content, to: i) : i
                        if end > content {
                            tokens.append(Token(kind: .data, offset: content, text: String(decoding: bytes[content..<end], as: UTF8.self)))
                        }
                        position = j + 2
                        if stripAfter { skipWhitespace() }
                        return
                    }
                }
            }
            i += 1
        }
        throw error("missing end of raw directive", at: start)
    }

    /// A `{{ ... }}` or `{% ... %}` tag: its begin token, the expression tokens, its end token.
    private mutating func tag(at start: Int, variable: Bool) throws(TemplateSyntaxError) {
        tokens.append(Token(kind: variable ? .variableBegin : .blockBegin, offset: start))
        var i = start + 2
        if byte(i) == UInt8(ascii: "-") || byte(i) == UInt8(ascii: "+") { i += 1 }
        var brackets: [(UInt8, Int)] = []
        let close = variable ? UInt8(ascii: "}") : UInt8(ascii: "%")
        while true {
            i += PythonWhitespace.prefixLength(bytes, from: i, to: bytes.count)
            guard i < bytes.count else {
                if let (open, at) = brackets.last { throw error("unclosed '\(Character(Unicode.Scalar(open)))'", at: at) }
                throw error(variable ? "unexpected end of template, expected '}}'" : "unexpected end of template, expected '%}'", at: start)
            }
            if brackets.isEmpty {
                // The end marker, only where no bracket is open (so `{{ {'a': {}} }}` works).
                let marked = bytes[i] == UInt8(ascii: "-") || (!variable && bytes[i] == UInt8(ascii: "+"))
                let at = marked ? i + 1 : i
                if byte(at) == close && byte(at + 1) == UInt8(ascii: "}") {
                    tokens.append(Token(kind: variable ? .variableEnd : .blockEnd, offset: i))
                    position = at + 2
                    if marked && bytes[i] == UInt8(ascii: "-") { skipWhitespace() }
                    return
                }
            }
            i = try expressionToken(at: i, brackets: &brackets)
        }
    }

    /// Lexes one expression token at `i`; returns the offset after it.
    private mutating func expressionToken(at i: Int, brackets: inout [(UInt8, Int)]) throws(TemplateSyntaxError) -> Int {
        let b = bytes[i]
        if isDigit(b) {
            if let end = floatEnd(at: i), i == 0 || bytes[i - 1] != UInt8(ascii: ".") {
                let text = String(decoding: bytes[i..<end].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
                tokens.append(Token(kind: .float, offset: i, text: text, double: Double(text) ?? .infinity))
                return end
            }
            return try integer(at: i)
        }
        if isNameStart(at: i) {
            var j = i
            while j < bytes.count, let width = nameContinueWidth(at: j) { j += width }
            tokens.append(Token(kind: .name, offset: i, text: String(decoding: bytes[i..<j], as: UTF8.self)))
            return j
        }
        if b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") { return try string(at: i) }
        for op in Lexer.operators where matches(op, at: i) {
            let first = op.utf8.first!
            if op.utf8.count == 1 {
                switch first {
                case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): brackets.append((first, i))
                case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                    guard let (open, _) = brackets.popLast() else { throw error("unexpected '\(op)'", at: i) }
                    let expected: UInt8 = open == UInt8(ascii: "(") ? UInt8(ascii: ")") : (open == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}"))
                    guard first == expected else {
                        throw error("unexpected '\(op)', expected '\(Character(Unicode.Scalar(expected)))'", at: i)
                    }
                default: break
                }
            }
            tokens.append(Token(kind: .op, offset: i, text: op))
            return i + op.utf8.count
        }
        let (scalar, _) = PythonWhitespace.decode(bytes, at: i, end: bytes.count)
        throw error("unexpected character '\(scalar.map { String(Character($0)) } ?? "\\x\(String(b, radix: 16))")'", at: i)
    }

    /// Longest first, so `//` wins over `/` and `**` over `*`.
    private static let operators = ["//", "**", "==", "!=", "<=", ">=", "+", "-", "/", "*", "%", "~", "[", "]",
                                    "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";"]

    private func isDigit(_ b: UInt8) -> Bool { HTTPSyntax.isDigit(b) }

    /// Digits with single underscores between them (`1_000`); the offset after them, or nil.
    private func digits(at i: Int, _ isValid: (UInt8) -> Bool) -> Int? {
        guard i < bytes.count, isValid(bytes[i]) else { return nil }
        var j = i + 1
        while j < bytes.count {
            if isValid(bytes[j]) { j += 1 } else if bytes[j] == UInt8(ascii: "_"), j + 1 < bytes.count, isValid(bytes[j + 1]) { j += 2 } else { break }
        }
        return j
    }

    /// Jinja's float: digits, then `.digits` and/or an exponent.
    private func floatEnd(at i: Int) -> Int? {
        guard var j = digits(at: i, isDigit) else { return nil }
        var isFloat = false
        if byte(j) == UInt8(ascii: "."), let fraction = digits(at: j + 1, isDigit) {
            j = fraction
            isFloat = true
        }
        if byte(j) | 0x20 == UInt8(ascii: "e") {
            var k = j + 1
            if byte(k) == UInt8(ascii: "+") || byte(k) == UInt8(ascii: "-") { k += 1 }
            if let exponent = digits(at: k, isDigit) { return exponent }
        }
        return isFloat ? j : nil
    }

    private mutating func integer(at i: Int) throws(TemplateSyntaxError) -> Int {
        var radix = 10, start = i
        if bytes[i] == UInt8(ascii: "0") {
            switch byte(i + 1) | 0x20 {
            case UInt8(ascii: "b"): radix = 2
            case UInt8(ascii: "o"): radix = 8
            case UInt8(ascii: "x"): radix = 16
            default: break
            }
        }
        let end: Int
        if radix != 10 {
            start = i + 2
            // Jinja allows an underscore right after the prefix (`0x_ff`).
            let first = byte(start) == UInt8(ascii: "_") ? start + 1 : start
            let base = radix
            guard let e = digits(at: first, { (werkDigit($0) ?? 99) < base }) else { return try integer10(at: i) }
            end = e
        } else {
            return try integer10(at: i)
        }
        let text = String(decoding: bytes[start..<end].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        guard let value = Int(text, radix: radix) else { throw error("integer literal too large", at: i) }
        tokens.append(Token(kind: .integer, offset: i, integer: value))
        return end
    }

    private mutating func integer10(at i: Int) throws(TemplateSyntaxError) -> Int {
        // Jinja: `0` (with `_0`s) or a non-zero digit then digits; `01` is two tokens.
        let end: Int
        if bytes[i] == UInt8(ascii: "0") {
            var j = i + 1
            while byte(j) == UInt8(ascii: "0") || (byte(j) == UInt8(ascii: "_") && byte(j + 1) == UInt8(ascii: "0")) { j += 1 }
            end = j
        } else {
            end = digits(at: i, isDigit)!
        }
        let text = String(decoding: bytes[i..<end].filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        guard let value = Int(text) else { throw error("integer literal too large", at: i) }
        tokens.append(Token(kind: .integer, offset: i, integer: value))
        return end
    }

    /// The value of a binary, octal or hex digit in either case (`HTTPSyntax`'s HEXDIG), or nil.
    private func werkDigit(_ b: UInt8) -> Int? { HTTPSyntax.hexValue(b).map(Int.init) }

    private func isNameStart(at i: Int) -> Bool {
        let b = bytes[i]
        if b < 0x80 { return (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z")) || b == UInt8(ascii: "_") }
        let (scalar, _) = PythonWhitespace.decode(bytes, at: i, end: bytes.count)
        return scalar?.properties.isXIDStart ?? false
    }

    private func nameContinueWidth(at i: Int) -> Int? {
        let b = bytes[i]
        if b < 0x80 {
            let letter = (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "z"))
            return letter || isDigit(b) || b == UInt8(ascii: "_") ? 1 : nil
        }
        let (scalar, width) = PythonWhitespace.decode(bytes, at: i, end: bytes.count)
        return scalar?.properties.isXIDContinue == true ? width : nil
    }
}
