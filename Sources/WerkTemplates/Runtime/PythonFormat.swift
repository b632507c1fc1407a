// Python's string formatting: `'%s-%05.2f' % (a, b)` (the `format` filter and `%`) and
// `'{} {:>4}'.format(a, b)`. Numbers go through C's printf, which rounds exactly as Python does.
#if canImport(Glibc)
import Glibc
#endif
import Werk

enum PythonFormat {
    /// The largest width or precision accepted (so a format cannot ask for gigabytes).
    static let maximumWidth = 10_000

    /// `format % arguments`: a tuple gives the positional values, a dictionary the `%(name)s`
    /// values, anything else is the one value.
    static func format(_ format: String, _ arguments: TemplateValue, escapingArguments: Bool = false) throws(TemplateRuntimeError) -> String {
        var positional: [TemplateValue]
        var mapping: TemplateDictionary?
        switch arguments.storage {
        case .tuple(let items): positional = items
        case .dictionary(let d): positional = [arguments]; mapping = d
        default: positional = [arguments]
        }
        let scalars = Array(format.unicodeScalars)
        var out = ""
        var next = 0
        var i = 0
        func take() throws(TemplateRuntimeError) -> TemplateValue {
            guard next < positional.count else { throw TemplateRuntimeError(.type, "not enough arguments for format string") }
            defer { next += 1 }
            return positional[next]
        }
        func number() -> Int? {
            var value: Int?
            while i < scalars.count, let digit = Int(String(scalars[i])), scalars[i].isASCII {
                // Saturates: anything above the limit is refused later, without overflowing here.
                value = min((value ?? 0) * 10 + digit, maximumWidth + 1)
                i += 1
            }
            return value
        }
        var usedMapping = false
        while i < scalars.count {
            guard scalars[i] == "%" else { out.unicodeScalars.append(scalars[i]); i += 1; continue }
            i += 1
            guard i < scalars.count else { throw TemplateRuntimeError(.value, "incomplete format") }
            var value: TemplateValue?
            if scalars[i] == "(" {
                guard let mapping else { throw TemplateRuntimeError(.type, "format requires a mapping") }
                var key = ""
                i += 1
                while i < scalars.count && scalars[i] != ")" { key.unicodeScalars.append(scalars[i]); i += 1 }
                i += 1
                guard let found = mapping[key] else { throw TemplateRuntimeError(.value, "format key '\(key)' not found") }
                value = found
                usedMapping = true
            }
            var flags = Set<Unicode.Scalar>()
            while i < scalars.count, "-+ #0".unicodeScalars.contains(scalars[i]) { flags.insert(scalars[i]); i += 1 }
            var width: Int? = nil
            if i < scalars.count && scalars[i] == "*" { i += 1; width = try take().integerLike } else { width = number() }
            var precision: Int?
            if i < scalars.count && scalars[i] == "." {
                i += 1
                if i < scalars.count && scalars[i] == "*" { i += 1; precision = try take().integerLike } else { precision = number() ?? 0 }
            }
            while i < scalars.count, "hlL".unicodeScalars.contains(scalars[i]) { i += 1 }
            guard i < scalars.count else { throw TemplateRuntimeError(.value, "incomplete format") }
            let type = scalars[i]
            i += 1
            if type == "%" { out += "%"; continue }
            guard (width ?? 0) <= maximumWidth, (precision ?? 0) <= maximumWidth else {
                throw TemplateRuntimeError(.value, "format width or precision above \(maximumWidth)")
            }
            let argument: TemplateValue
            if let value { argument = value } else { argument = try take() }
            var text = try convert(argument, type: type, flags: flags, precision: precision, escaping: escapingArguments)
            if let width, text.unicodeScalars.count < width {
                let padding = width - text.unicodeScalars.count
                if flags.contains("-") {
                    text += String(repeating: " ", count: padding)
                } else if flags.contains("0") && "dioxXeEfFgG".unicodeScalars.contains(type) {
                    let signed = text.hasPrefix("-") || text.hasPrefix("+") || text.hasPrefix(" ")
                    let sign = signed ? String(text.removeFirst()) : ""
                    text = sign + String(repeating: "0", count: padding) + text
                } else {
                    text = String(repeating: " ", count: padding) + text
                }
            }
            out += text
        }
        // Python treats any argument with item access (a list too) as a possible mapping and
        // then does not complain about arguments left over.
        let mappingLike: Bool
        switch arguments.storage {
        case .list, .dictionary, .undefined, .missing: mappingLike = true
        default: mappingLike = false
        }
        if !mappingLike && next < positional.count && !usedMapping {
            throw TemplateRuntimeError(.type, "not all arguments converted during string formatting")
        }
        return out
    }

    private static func convert(_ value: TemplateValue, type: Unicode.Scalar, flags: Set<Unicode.Scalar>, precision: Int?, escaping: Bool) throws(TemplateRuntimeError) -> String {
        switch type {
        case "s":
            let text = escaping ? value.escapedText(true) : value.description
            guard let precision else { return text }
            return String(String.UnicodeScalarView(text.unicodeScalars.prefix(precision)))
        case "r", "a": return escaping ? escapeHTML(value.repr) : value.repr
        case "c":
            // markupsafe wraps every argument of a safe format, and `%c` takes no wrapped value:
            // a character put in unescaped would be a hole (`"` closing an attribute).
            if escaping { throw TemplateRuntimeError(.type, "%c requires int or char") }
            if let code = value.integerLike, let scalar = Unicode.Scalar(UInt32(clamping: code)) { return String(Character(scalar)) }
            if let s = value.stringValue, s.unicodeScalars.count == 1 { return s }
            throw TemplateRuntimeError(.type, "%c requires int or char")
        case "d", "i", "u", "x", "X", "o":
            var integer: Int
            if let i = value.integerLike { integer = i } else if case .double(let d) = value.storage, d.isFinite, abs(d) < 9.2e18 { integer = Int(d) } else {
                throw TemplateRuntimeError(.type, "%\(type) format: a real number is required, not \(value.typeName)")
            }
            let negative = integer < 0
            var digits = String(integer.magnitude, radix: type == "x" || type == "X" ? 16 : (type == "o" ? 8 : 10), uppercase: type == "X")
            if flags.contains("#") { digits = (type == "x" ? "0x" : type == "X" ? "0X" : type == "o" ? "0o" : "") + digits }
            if let precision, digits.count < precision { digits = String(repeating: "0", count: precision - digits.count) + digits }
            return (negative ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : "") + digits
        case "e", "E", "f", "F", "g", "G":
            guard let number = value.numeric else {
                throw TemplateRuntimeError(.type, "must be real number, not \(value.typeName)")
            }
            var spec = "%"
            for flag in ["+", " ", "#"] where flags.contains(Unicode.Scalar(flag)!) { spec += flag }
            spec += ".\(precision ?? 6)" + String(type)
            return printf(spec, number)
        default:
            throw TemplateRuntimeError(.value, "unsupported format character '\(type)'")
        }
    }

    /// C's printf of one double (`spec` like `%.2f`); Python's `inf`/`nan` spelling.
    static func printf(_ spec: String, _ number: Double) -> String {
        if number.isNaN { return spec.last!.isUppercase ? "NAN" : "nan" }
        if number.isInfinite {
            let text = number < 0 ? "-inf" : (spec.contains("+") ? "+inf" : "inf")
            return spec.last!.isUppercase ? text.uppercased() : text
        }
        var buffer = [CChar](repeating: 0, count: 400)
        let count = withVaList([number]) { vsnprintf(&buffer, buffer.count, spec, $0) }
        if count >= buffer.count {
            buffer = [CChar](repeating: 0, count: Int(count) + 1)
            _ = withVaList([number]) { vsnprintf(&buffer, buffer.count, spec, $0) }
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
