// `'{} {name!r:>8} {0:.2f}'.format(...)`: Python's str.format with the common format specs.

extension PythonFormat {
    static func braces(_ format: String, _ arguments: TemplateArguments, escaping: Bool) throws(TemplateRuntimeError) -> String {
        let scalars = Array(format.unicodeScalars)
        var out = ""
        var i = 0
        var automatic = 0
        while i < scalars.count {
            let scalar = scalars[i]
            if scalar == "}" {
                guard i + 1 < scalars.count, scalars[i + 1] == "}" else { throw TemplateRuntimeError(.value, "Single '}' encountered in format string") }
                out += "}"
                i += 2
                continue
            }
            guard scalar == "{" else { out.unicodeScalars.append(scalar); i += 1; continue }
            if i + 1 < scalars.count && scalars[i + 1] == "{" { out += "{"; i += 2; continue }
            var field = ""
            var depth = 1
            i += 1
            while i < scalars.count {
                if scalars[i] == "{" { depth += 1 } else if scalars[i] == "}" { depth -= 1; if depth == 0 { break } }
                field.unicodeScalars.append(scalars[i])
                i += 1
            }
            guard i < scalars.count else { throw TemplateRuntimeError(.value, "expected '}' before end of string") }
            i += 1
            // field_name[!conversion][:spec]
            var spec = ""
            if let colon = field.firstIndex(of: ":") {
                spec = String(field[field.index(after: colon)...])
                field = String(field[..<colon])
            }
            var conversion: Character?
            if let bang = field.firstIndex(of: "!") {
                conversion = field[field.index(after: bang)...].first
                field = String(field[..<bang])
            }
            var value = try lookup(field, arguments, automatic: &automatic)
            if conversion == "r" || conversion == "a" { value = .string(value.repr) } else if conversion == "s" { value = .string(value.description) }
            var text = try formatValue(value, spec: spec)
            if escaping && !value.isSafe { text = escapeHTMLText(text) }
            out += text
        }
        return out
    }

    private static func escapeHTMLText(_ text: String) -> String { TemplateValue.string(text).escapedText(true) }

    private static func lookup(_ field: String, _ arguments: TemplateArguments, automatic: inout Int) throws(TemplateRuntimeError) -> TemplateValue {
        var rest = Substring(field)
        let head = rest.prefix { $0 != "." && $0 != "[" }
        rest = rest.dropFirst(head.count)
        var value: TemplateValue
        if head.isEmpty {
            guard automatic < arguments.positional.count else { throw TemplateRuntimeError(.value, "Replacement index \(automatic) out of range for positional args tuple") }
            value = arguments.positional[automatic]
            automatic += 1
        } else if let index = Int(head) {
            guard index < arguments.positional.count else { throw TemplateRuntimeError(.value, "Replacement index \(index) out of range for positional args tuple") }
            value = arguments.positional[index]
        } else {
            guard let found = arguments[String(head)] else { throw TemplateRuntimeError(.value, "format key '\(head)' not found") }
            value = found
        }
        while let first = rest.first {
            rest = rest.dropFirst()
            if first == "." {
                let name = rest.prefix { $0 != "." && $0 != "[" }
                rest = rest.dropFirst(name.count)
                value = try Attributes.attribute(value, String(name))
            } else {
                let key = rest.prefix { $0 != "]" }
                rest = rest.dropFirst(key.count + 1)
                value = try Attributes.item(value, Int(key).map { .int($0) } ?? .string(String(key)))
            }
        }
        return value
    }

    /// Python's format-spec mini-language: [[fill]align][sign][#][0][width][,|_][.precision][type].
    static func formatValue(_ value: TemplateValue, spec: String) throws(TemplateRuntimeError) -> String {
        let s = Array(spec.unicodeScalars)
        var i = 0
        var fill: Unicode.Scalar = " ", align: Unicode.Scalar?
        if s.count >= 2 && "<>^=".unicodeScalars.contains(s[1]) { fill = s[0]; align = s[1]; i = 2 } else if let first = s.first, "<>^=".unicodeScalars.contains(first) { align = first; i = 1 }
        var sign: Unicode.Scalar = "-"
        if i < s.count && "+- ".unicodeScalars.contains(s[i]) { sign = s[i]; i += 1 }
        var alternate = false
        if i < s.count && s[i] == "#" { alternate = true; i += 1 }
        if i < s.count && s[i] == "0" { if align == nil { fill = "0"; align = "=" }; i += 1 }
        var width = 0
        while i < s.count, let d = Int(String(s[i])), s[i].isASCII { width = min(width * 10 + d, maximumWidth + 1); i += 1 }
        var grouping: Character?
        if i < s.count && (s[i] == "," || s[i] == "_") { grouping = Character(s[i]); i += 1 }
        var precision: Int?
        if i < s.count && s[i] == "." {
            i += 1
            var p = 0
            while i < s.count, let d = Int(String(s[i])), s[i].isASCII { p = min(p * 10 + d, maximumWidth + 1); i += 1 }
            precision = p
        }
        let type: Unicode.Scalar? = i < s.count ? s[i] : nil
        guard width <= maximumWidth, (precision ?? 0) <= maximumWidth, i + (type == nil ? 0 : 1) == s.count else {
            throw TemplateRuntimeError(.value, "Invalid format specifier '\(spec)'")
        }
        var body: String
        var negative = false
        let isNumber = value.numeric != nil && value.stringValue == nil
        switch (value.storage, type) {
        case (.string, nil), (.markup, nil), (_, "s"?):
            guard value.stringValue != nil || type == nil else { throw TemplateRuntimeError(.value, "Unknown format code 's' for object of type '\(value.typeName)'") }
            body = value.description
            if let precision { body = String(String.UnicodeScalarView(body.unicodeScalars.prefix(precision))) }
        case (.int, _) where type == nil || "dxXobcn".unicodeScalars.contains(type!),
             (.bool, _) where type == nil || "dxXobcn".unicodeScalars.contains(type!):
            let integer = value.integerLike!
            negative = integer < 0
            switch type {
            case "x"?: body = (alternate ? "0x" : "") + String(integer.magnitude, radix: 16)
            case "X"?: body = (alternate ? "0X" : "") + String(integer.magnitude, radix: 16, uppercase: true)
            case "o"?: body = (alternate ? "0o" : "") + String(integer.magnitude, radix: 8)
            case "b"?: body = (alternate ? "0b" : "") + String(integer.magnitude, radix: 2)
            case "c"?: body = Unicode.Scalar(UInt32(clamping: integer)).map { String(Character($0)) } ?? ""
            default:
                if case .bool(let b) = value.storage, type == nil { body = b ? "True" : "False" } else { body = String(integer.magnitude) }
            }
            if let grouping, type == nil || type == "d" { body = group(body, grouping) }
        default:
            guard let number = value.numeric else { throw TemplateRuntimeError(.value, "Unknown format code for object of type '\(value.typeName)'") }
            negative = number < 0 || (number == 0 && number.sign == .minus)
            let magnitude = abs(number)
            switch type {
            case nil:
                body = precision.map { printf("%.\($0)g", magnitude) } ?? PythonFloat.repr(magnitude)
            case "%"?:
                body = printf("%.\(precision ?? 6)f", magnitude * 100) + "%"
            case let t? where "eEfFgG".unicodeScalars.contains(t):
                body = printf("%\(alternate ? "#" : "").\(precision ?? 6)\(Character(t))", magnitude)
            default:
                throw TemplateRuntimeError(.value, "Unknown format code '\(type.map { String(Character($0)) } ?? "")' for object of type '\(value.typeName)'")
            }
            if let grouping {
                let parts = body.split(separator: ".", maxSplits: 1)
                body = group(String(parts[0]), grouping) + (parts.count > 1 ? "." + parts[1] : "")
            }
        }
        let signText = isNumber ? (negative ? "-" : sign == "+" ? "+" : sign == " " ? " " : "") : ""
        let length = signText.unicodeScalars.count + body.unicodeScalars.count
        guard width > length else { return signText + body }
        let padding = width - length
        let fillText = String(Character(fill))
        switch align ?? (isNumber ? ">" : "<") {
        case "<": return signText + body + String(repeating: fillText, count: padding)
        case "^":
            let left = padding / 2
            return String(repeating: fillText, count: left) + signText + body + String(repeating: fillText, count: padding - left)
        case "=": return signText + String(repeating: fillText, count: padding) + body
        default: return String(repeating: fillText, count: padding) + signText + body
        }
    }

    private static func group(_ digits: String, _ separator: Character) -> String {
        var out: [Character] = []
        for (i, c) in digits.reversed().enumerated() {
            if i > 0 && i % 3 == 0 { out.append(separator) }
            out.append(c)
        }
        return String(out.reversed())
    }
}
