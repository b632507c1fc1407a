// Text filters: upper, lower, title, capitalize, trim, truncate, replace, urlencode, striptags,
// wordcount, indent, center, format.
import Werk

extension BuiltinFilters {
    /// A filter taking no arguments that maps the text, keeping a safe string safe.
    private static func text(_ name: String, _ transform: @escaping @Sendable (String) -> String) -> FilterFunction {
        return { value, arguments, _, _ in
            _ = try bind(arguments, [], [], name)
            let text = softString(value)
            return like(text, transform(text.stringValue ?? ""))
        }
    }

    static let textFilters: [String: FilterFunction] = [
        "upper": text("upper", Strings.upper),
        "lower": text("lower", Strings.lower),
        "capitalize": text("capitalize", Strings.capitalize),
        // Jinja's title joins plain strings: the result is never safe.
        "title": { value, arguments, _, _ in
            _ = try bind(arguments, [], [], "title")
            return .string(Strings.jinjaTitle(value.description))
        },
        "trim": { value, arguments, _, _ in
            let chars = try bind(arguments, ["chars"], [.none], "trim")[0]
            let text = softString(value)
            return like(text, Strings.strip(text.stringValue ?? "", chars.isNone ? nil : chars.description))
        },
        "truncate": truncate,
        "replace": replace,
        "urlencode": urlencode,
        "striptags": { value, arguments, _, _ in
            _ = try bind(arguments, [], [], "striptags")
            return .string(stripTags(value.description))
        },
        "wordcount": { value, arguments, _, _ in
            _ = try bind(arguments, [], [], "wordcount")
            var count = 0, inWord = false
            for scalar in value.description.unicodeScalars {
                let word = scalar == "_" || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                if word && !inWord { count += 1 }
                inWord = word
            }
            return .int(count)
        },
        "indent": indent,
        "center": { value, arguments, _, _ in
            let width = try bind(arguments, ["width"], [.int(80)], "center")[0].integerLike ?? 80
            let text = softString(value)
            return like(text, Strings.pad(text.stringValue ?? "", width: min(width, PythonFormat.maximumWidth), fill: " ", align: "center"))
        },
        "format": { value, arguments, _, _ in
            if !arguments.positional.isEmpty && !arguments.keyword.isEmpty {
                throw TemplateRuntimeError(.value, "format can't handle positional and keyword arguments at the same time")
            }
            let values: TemplateValue = arguments.keyword.isEmpty ? .tuple(arguments.positional) : .dictionary(TemplateDictionary(arguments.keyword.map { ($0.name, $0.value) }))
            let text = softString(value)
            return like(text, try PythonFormat.format(text.stringValue ?? "", values, escapingArguments: text.isSafe))
        },
    ]

    /// `truncate(length=255, killwords=False, end='...', leeway=5)`: text longer than
    /// length + leeway is cut to length (with `end`), at a space unless `killwords`.
    static let truncate: FilterFunction = { value, arguments, _, _ in
        let bound = try bind(arguments, ["length", "killwords", "end", "leeway"], [.int(255), .false, .string("..."), .none], "truncate")
        guard let length = bound[0].integerLike else { throw TemplateRuntimeError(.type, "truncate length must be an integer") }
        let end = bound[2].description
        let leeway = bound[3].isNone ? 5 : (bound[3].integerLike ?? 5)
        let endLength = end.unicodeScalars.count
        guard length >= endLength else { throw TemplateRuntimeError(.value, "expected length >= \(endLength), got \(length)") }
        guard leeway >= 0 else { throw TemplateRuntimeError(.value, "expected leeway >= 0, got \(leeway)") }
        guard let count = value.pythonLength else { throw TemplateRuntimeError(.type, "object of type '\(value.typeName)' has no len()") }
        // Short enough (any sized value, as Jinja only measures it): unchanged.
        if length > Int.max - leeway || count <= length + leeway { return value }
        guard let string = value.stringValue else { throw TemplateRuntimeError(.type, "truncate can only cut strings, not \(value.typeName)") }
        var kept = Array(string.unicodeScalars.prefix(length - endLength))
        if !bound[1].isTruthy, let space = kept.lastIndex(of: " ") { kept = Array(kept[..<space]) }
        let cut = String(String.UnicodeScalarView(kept))
        return value.isSafe ? .safe(cut + TemplateValue.string(end).escapedText(true)) : .string(cut + end)
    }


    /// `replace(old, new, count=None)`; with autoescaping, a safe `old`/`new` makes the text
    /// escaped and safe, and on safe text the new text is escaped (Markup's replace).
    static let replace: FilterFunction = { value, arguments, _, autoescape in
        let bound = try bind(arguments, ["old", "new", "count"], [.none], "replace")
        let count = bound[2].isNone ? -1 : (bound[2].integerLike ?? -1)
        if !autoescape {
            return .string(Strings.replace(value.description, bound[0].description, bound[1].description, count: count))
        }
        var subject = softString(value)
        if (bound[0].isSafe || bound[1].isSafe) && !subject.isSafe { subject = .safe(value.escapedText(true)) }
        let text = subject.stringValue ?? ""
        if subject.isSafe {
            // Markup's replace escapes the new text only: the old one is searched for as written.
            return .safe(Strings.replace(text, bound[0].description, bound[1].escapedText(true), count: count))
        }
        return .string(Strings.replace(text, bound[0].description, bound[1].description, count: count))
    }

    /// `urlencode`: a string percent-encoded (keeping `/`); a dictionary or a list of pairs
    /// as a query string (`+` for spaces).
    static let urlencode: FilterFunction = { value, arguments, _, _ in
        _ = try bind(arguments, [], [], "urlencode")
        func quote(_ value: TemplateValue, query: Bool) -> String {
            percentEncode(value.description, safe: query ? "" : "/", spaceAsPlus: query)
        }
        switch value.storage {
        case .string, .markup: return .string(quote(value, query: false))
        case .dictionary(let d):
            return .string(zip(d.keys, d.values).map { "\(quote(.string($0), query: true))=\(quote($1, query: true))" }.joined(separator: "&"))
        case .list(let items), .tuple(let items):
            var pairs: [String] = []
            for item in items {
                let pair = try Iteration.unpack(item, count: 2)
                pairs.append("\(quote(pair[0], query: true))=\(quote(pair[1], query: true))")
            }
            return .string(pairs.joined(separator: "&"))
        default:
            return .string(quote(value, query: false))
        }
    }

    /// markupsafe's `striptags`: comments and tags removed, entities decoded, whitespace runs
    /// made single spaces.
    /// Linear in the text: once no `-->` follows, no later `<!--` looks for one again (each
    /// unclosed `<!--` scanned to the end made `"<!--a>" * n` quadratic). Whitespace is
    /// collapsed before entities are decoded, as markupsafe does (`&nbsp;&nbsp;` stays two).
    static func stripTags(_ html: String) -> String {
        var text = ""
        var rest = Substring(html)
        var commentsCanClose = true
        while let open = rest.firstIndex(of: "<") {
            text += rest[..<open]
            let after = rest[open...]
            if commentsCanClose, after.hasPrefix("<!--") {
                if let close = after.firstRange(of: "-->") {
                    rest = after[close.upperBound...]
                    continue
                }
                commentsCanClose = false
            }
            if let close = after.dropFirst().firstIndex(of: ">") {
                rest = after[after.index(after: close)...]
            } else {
                text += after
                rest = ""
            }
        }
        text += rest
        return unescapeHTML(Strings.split(text, nil).joined(separator: " "))
    }

    /// `indent(width=4, first=False, blank=False)`: every line but the first (or all with
    /// `first`) indented; blank lines only with `blank`.
    static let indent: FilterFunction = { value, arguments, _, _ in
        let bound = try bind(arguments, ["width", "first", "blank"], [.int(4), .false, .false], "indent")
        let indention = bound[0].stringValue ?? String(repeating: " ", count: min(max(bound[0].integerLike ?? 4, 0), PythonFormat.maximumWidth))
        // Jinja adds a newline to the value first, which only strings allow.
        if value.isUndefined { throw TemplateRuntimeError.undefined(value) }
        guard value.stringValue != nil else {
            throw TemplateRuntimeError(.type, "unsupported operand type(s) for +=: '\(value.typeName)' and 'str'")
        }
        let text = softString(value)
        let lines = splitLines((text.stringValue ?? "") + "\n")
        var result: String
        if bound[2].isTruthy {
            result = lines.joined(separator: "\n" + indention)
        } else {
            result = lines.first ?? ""
            if lines.count > 1 {
                result += "\n" + lines.dropFirst().map { $0.isEmpty ? $0 : indention + $0 }.joined(separator: "\n")
            }
        }
        if bound[1].isTruthy { result = indention + result }
        return like(text, result)
    }

    /// Python's `str.splitlines()`: lines without their breaks (`\n`, `\r`, `\r\n`, `\v`,
    /// `\f`, `\x1c`-`\x1e`, `\x85`, U+2028, U+2029); no empty last line for a final break.
    static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            if previousCR && scalar == "\n" { previousCR = false; continue }
            previousCR = scalar == "\r"
            switch scalar.value {
            case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029:
                lines.append(String(current))
                current = String.UnicodeScalarView()
            default:
                current.append(scalar)
            }
        }
        if !current.isEmpty { lines.append(String(current)) }
        return lines
    }
}
