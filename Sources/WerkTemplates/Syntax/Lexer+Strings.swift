// String literals: Jinja decodes them as Python's "unicode-escape" codec does.

extension Lexer {
    /// Lexes a quoted string at `i` into a `.string` token; returns the offset after it.
    mutating func string(at i: Int) throws(TemplateSyntaxError) -> Int {
        let bytes = source.bytes
        let quote = bytes[i]
        var j = i + 1
        while j < bytes.count && bytes[j] != quote {
            j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1
        }
        guard j < bytes.count else { throw TemplateSyntaxError("unterminated string", at: i, in: source) }
        let value = try Lexer.unescape(bytes[(i + 1)..<j], at: i, in: source)
        append(Token(kind: .string, offset: i, text: value))
        return j + 1
    }

    /// Python's escapes: `\\ \' \" \a \b \f \n \r \t \v`, octal `\ooo`, `\xhh`, `\uhhhh`,
    /// `\Uhhhhhhhh`, a backslash before a newline removes both; other backslashes stay.
    static func unescape(_ raw: ArraySlice<UInt8>, at offset: Int, in source: TemplateSource) throws(TemplateSyntaxError) -> String {
        guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
        var out = String.UnicodeScalarView()
        let text = String(decoding: raw, as: UTF8.self).unicodeScalars
        var index = text.startIndex
        func hex(_ count: Int) throws(TemplateSyntaxError) -> Unicode.Scalar {
            var value: UInt32 = 0
            for _ in 0..<count {
                guard index < text.endIndex, text[index].isASCII, let digit = UInt32(String(text[index]), radix: 16) else {
                    throw TemplateSyntaxError("truncated \\x, \\u or \\U escape in string", at: offset, in: source)
                }
                value = value * 16 + digit
                index = text.index(after: index)
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw TemplateSyntaxError("invalid character escape in string", at: offset, in: source)
            }
            return scalar
        }
        while index < text.endIndex {
            let scalar = text[index]
            index = text.index(after: index)
            guard scalar == "\\", index < text.endIndex else { out.append(scalar); continue }
            let escape = text[index]
            index = text.index(after: index)
            switch escape {
            case "\n": break
            case "\\", "'", "\"": out.append(escape)
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "x": out.append(try hex(2))
            case "u": out.append(try hex(4))
            case "U": out.append(try hex(8))
            case "0"..."7":
                var value = escape.value - 48
                for _ in 0..<2 {
                    guard index < text.endIndex, ("0"..."7").contains(text[index]) else { break }
                    value = value * 8 + text[index].value - 48
                    index = text.index(after: index)
                }
                out.append(Unicode.Scalar(value)!)
            default:
                out.append("\\")
                out.append(escape)
            }
        }
        return String(out)
    }
}
