/// One `<converter(arguments):name>` placeholder as written in a pattern.
struct ParsedPlaceholder: Sendable, Equatable {
    /// The converter's name; `default` when none is written.
    var converter: String
    /// The parsed arguments.
    var arguments: ConverterArguments
    /// The value's name.
    var name: String
}

/// One segment of a pattern (between `/` in a path, between `.` in a host).
enum ParsedSegment: Sendable, Equatable {
    /// Static text only.
    case literal(String)
    /// One placeholder with static text before and after it in the same segment.
    case placeholder(prefix: String, ParsedPlaceholder, suffix: String)
}

/// Parses rule patterns: `/users/<int:id>`, `/page-<int(min=1):n>.html`, `<sub>.example.com`.
///
/// Grammar: a placeholder is `<name>`, `<converter:name>` or `<converter(arguments):name>`;
/// arguments are comma separated literals (`'text'`, `"text"`, `42`, `-1`, `1.5`, `True`,
/// `False`, `None`, bare words), each optionally `keyword=literal`. A segment holds at most
/// one placeholder. Names are identifiers and unique in a rule.
///
/// The grammar is read scalar by scalar, not by `Character`: a delimiter (`/`, `<`, `'`, ...)
/// followed by a combining mark is still a delimiter, as it is for the matcher, which splits
/// paths at every `/` byte.
enum RuleParser {
    private typealias Scalars = ArraySlice<Unicode.Scalar>

    /// The text of some scalars.
    private static func string(_ scalars: Scalars) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars)
        return text
    }

    /// The segments of a path pattern, which must start with `/`: `/a/<b>` -> [literal a, placeholder b].
    static func parsePath(_ pattern: String) throws(RoutingError) -> [ParsedSegment] {
        guard pattern.unicodeScalars.first == "/" else {
            throw .invalidPattern(pattern: pattern, message: "a path pattern must start with '/'")
        }
        // Leading slashes of a request path count as one (as in Werkzeug): `//a` could never match.
        guard pattern.unicodeScalars.dropFirst().first != "/" else {
            throw .invalidPattern(pattern: pattern, message: "a path pattern starts with one '/' (a request's leading slashes count as one, so '//' could never match)")
        }
        let tokens = try tokenize(pattern, dropFirst: 1)
        return try segments(tokens, separator: "/", pattern: pattern)
    }

    /// The segments of a host or subdomain pattern, split at `.`: `<user>.example.com`.
    static func parseHost(_ pattern: String) throws(RoutingError) -> [ParsedSegment] {
        let tokens = try tokenize(pattern, dropFirst: 0)
        return try segments(tokens, separator: ".", pattern: pattern)
    }

    private enum Token { case text(String), placeholder(ParsedPlaceholder) }

    /// Splits static text from placeholders, checking brackets and names.
    private static func tokenize(_ pattern: String, dropFirst: Int) throws(RoutingError) -> [Token] {
        let chars = Array(pattern.unicodeScalars)
        var tokens: [Token] = []
        var text = ""
        var names: Set<String> = []
        var i = dropFirst
        while i < chars.count {
            let c = chars[i]
            if c == ">" {
                throw .invalidPattern(pattern: pattern, message: "'>' without a matching '<' at offset \(i)")
            }
            guard c == "<" else { text.unicodeScalars.append(c); i += 1; continue }
            // Find the closing '>' outside quotes and parentheses.
            var j = i + 1, depth = 0
            var quote: Unicode.Scalar? = nil
            while j < chars.count {
                let d = chars[j]
                if let q = quote {
                    if d == "\\" { j += 1 } else if d == q { quote = nil }
                } else if d == "'" || d == "\"" {
                    quote = d
                } else if d == "(" {
                    depth += 1
                } else if d == ")" {
                    depth -= 1
                    if depth < 0 { throw .invalidPattern(pattern: pattern, message: "')' without '(' at offset \(j)") }
                } else if d == ">" && depth == 0 {
                    break
                } else if d == "<" && depth == 0 {
                    throw .invalidPattern(pattern: pattern, message: "'<' inside a placeholder at offset \(j)")
                }
                j += 1
            }
            guard j < chars.count else {
                throw .invalidPattern(pattern: pattern, message: "'<' at offset \(i) is never closed with '>'")
            }
            let placeholder = try parsePlaceholder(string(chars[(i + 1)..<j]), pattern: pattern, offset: i)
            guard names.insert(placeholder.name).inserted else {
                throw .invalidPattern(pattern: pattern, message: "the name '\(placeholder.name)' is used twice")
            }
            if !text.isEmpty { tokens.append(.text(text)); text = "" }
            tokens.append(.placeholder(placeholder))
            i = j + 1
        }
        if !text.isEmpty { tokens.append(.text(text)) }
        return tokens
    }

    /// `int(min=1):id` -> converter `int`, arguments `min=1`, name `id`.
    private static func parsePlaceholder(_ body: String, pattern: String, offset: Int) throws(RoutingError) -> ParsedPlaceholder {
        let trimmed = Array(body.trimmingHTTPWhitespace().unicodeScalars)[...]
        // The name follows the last ':' that is outside the argument list.
        var converterPart = ""
        var name = string(trimmed)
        var hasColon = false
        if let close = trimmed.lastIndex(of: ")") {
            guard let colon = trimmed[close...].firstIndex(of: ":") else {
                throw .invalidPattern(pattern: pattern, message: "placeholder at offset \(offset) has arguments but no ':name'")
            }
            converterPart = string(trimmed[..<colon])
            name = string(trimmed[(colon + 1)...])
            hasColon = true
        } else if let colon = trimmed.lastIndex(of: ":") {
            converterPart = string(trimmed[..<colon])
            name = string(trimmed[(colon + 1)...])
            hasColon = true
        }
        name = name.trimmingHTTPWhitespace()
        guard !name.isEmpty else {
            throw .invalidPattern(pattern: pattern, message: "placeholder at offset \(offset) has an empty name")
        }
        guard isIdentifier(name) else {
            throw .invalidPattern(pattern: pattern, message: "'\(name)' at offset \(offset) is not a valid name (letters, digits, '_')")
        }
        var converter = converterPart.trimmingHTTPWhitespace()
        var arguments = ConverterArguments()
        let converterScalars = Array(converter.unicodeScalars)[...]
        if let open = converterScalars.firstIndex(of: "(") {
            guard converterScalars.last == ")" else {
                throw .invalidPattern(pattern: pattern, message: "text after ')' in the converter at offset \(offset)")
            }
            let inside = string(converterScalars[(open + 1)..<(converterScalars.endIndex - 1)])
            converter = string(converterScalars[..<open]).trimmingHTTPWhitespace()
            do { arguments = try parseArguments(inside) } catch {
                throw .invalidPattern(pattern: pattern, message: "arguments of the placeholder at offset \(offset): \(error)")
            }
        }
        if converter.isEmpty {
            if hasColon { throw .invalidPattern(pattern: pattern, message: "empty converter name at offset \(offset)") }
            converter = "default"
        }
        guard isIdentifier(converter) else {
            throw .invalidPattern(pattern: pattern, message: "'\(converter)' at offset \(offset) is not a valid converter name")
        }
        return ParsedPlaceholder(converter: converter, arguments: arguments, name: name)
    }

    /// `a, 'b c', min=1, signed=True` -> positional and keyword literals.
    static func parseArguments(_ text: String) throws -> ConverterArguments {
        var arguments = ConverterArguments()
        let chars = Array(text.unicodeScalars)
        var pieces: [String] = []
        var current = ""
        var quote: Unicode.Scalar? = nil
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                current.unicodeScalars.append(c)
                if c == "\\", i + 1 < chars.count { current.unicodeScalars.append(chars[i + 1]); i += 1 } else if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
                current.unicodeScalars.append(c)
            } else if c == "," {
                pieces.append(current)
                current = ""
            } else {
                current.unicodeScalars.append(c)
            }
            i += 1
        }
        if quote != nil { throw RouteConverterError("unclosed quote") }
        pieces.append(current)
        if pieces.count == 1 && pieces[0].trimmingHTTPWhitespace().isEmpty { return arguments }
        for raw in pieces {
            let piece = raw.trimmingHTTPWhitespace()
            guard !piece.isEmpty else { throw RouteConverterError("empty argument") }
            let scalars = Array(piece.unicodeScalars)[...]
            if let eq = scalars.firstIndex(of: "="), isIdentifier(string(scalars[..<eq]).trimmingHTTPWhitespace()) {
                let key = string(scalars[..<eq]).trimmingHTTPWhitespace()
                guard arguments.keyword[key] == nil else { throw RouteConverterError("'\(key)' given twice") }
                arguments.keyword[key] = try literal(string(scalars[(eq + 1)...]).trimmingHTTPWhitespace())
            } else {
                guard arguments.keyword.isEmpty else { throw RouteConverterError("positional argument after keyword argument") }
                arguments.positional.append(try literal(piece))
            }
        }
        return arguments
    }

    /// One literal: quoted string, number, True/False/None, or bare word.
    private static func literal(_ text: String) throws -> ConverterArgument {
        let scalars = text.unicodeScalars
        guard let first = scalars.first else { throw RouteConverterError("missing value") }
        if first == "'" || first == "\"" {
            guard scalars.count >= 2, scalars.last == first else { throw RouteConverterError("bad string \(text)") }
            var out = ""
            var escaped = false
            for c in scalars.dropFirst().dropLast() {
                if escaped {
                    out.unicodeScalars.append(c)
                    escaped = false
                } else if c == "\\" {
                    escaped = true
                } else {
                    out.unicodeScalars.append(c)
                }
            }
            return .string(out)
        }
        switch text {
        case "True", "true": return .bool(true)
        case "False", "false": return .bool(false)
        case "None": return .none
        default: break
        }
        if let n = Int(text) { return .int(n) }
        if let d = Double(text), text.contains(where: { $0.isNumber }), d.isFinite { return .double(d) }
        guard text.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }) else {
            throw RouteConverterError("'\(text)' is not a literal (quote it)")
        }
        return .string(text)
    }

    /// Groups tokens into segments at `separator`, one placeholder at most per segment.
    private static func segments(_ tokens: [Token], separator: Unicode.Scalar, pattern: String) throws(RoutingError) -> [ParsedSegment] {
        var result: [ParsedSegment] = []
        var prefix = ""
        var placeholder: ParsedPlaceholder? = nil
        var suffix = ""
        func finish() {
            if let placeholder { result.append(.placeholder(prefix: prefix, placeholder, suffix: suffix)) }
            else { result.append(.literal(prefix)) }
            prefix = ""; suffix = ""; placeholder = nil
        }
        for token in tokens {
            switch token {
            case .text(let text):
                for c in text.unicodeScalars {
                    if c == separator { finish() }
                    else if placeholder == nil { prefix.unicodeScalars.append(c) }
                    else { suffix.unicodeScalars.append(c) }
                }
            case .placeholder(let p):
                if let existing = placeholder {
                    throw .invalidPattern(pattern: pattern, message:
                        "'\(existing.name)' and '\(p.name)' share a segment; put at most one placeholder between '\(separator)'")
                }
                placeholder = p
            }
        }
        finish()
        return result
    }

    /// Letters, digits and `_`, not starting with a digit.
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }
}
