// Reading a context from JSON (`werk render --context FILE.json`, tests), the way Python's
// json.loads reads it: `1` is an int, `1.0` a float, objects keep their key order.

/// JSON that could not be read as a template value.
public struct TemplateJSONError: Error, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    /// The byte offset where reading stopped.
    public let offset: Int
    /// `"expected ',' or '}' at byte 17"`.
    public var description: String { "\(message) at byte \(offset)" }
}

extension TemplateValue {
    /// Reads JSON text into a value: objects become dictionaries (in their order), arrays
    /// lists, numbers ints or floats as written, `null` none.
    ///
    ///     let context = try TemplateValue(json: #"{"title": "Products", "rows": [1, 2.5]}"#)
    public init(json text: String) throws {
        var reader = JSONReader(bytes: Array(text.utf8))
        reader.skipSpace()
        let value = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.at == reader.bytes.count else { throw reader.error("extra data after the JSON value") }
        self = value
    }
}

private struct JSONReader {
    let bytes: [UInt8]
    var at = 0

    func error(_ message: String) -> TemplateJSONError { TemplateJSONError(message: message, offset: at) }

    mutating func skipSpace() {
        while at < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[at]) { at += 1 }
    }

    mutating func expect(_ word: String) throws -> Bool {
        let w = Array(word.utf8)
        guard at + w.count <= bytes.count, Array(bytes[at..<(at + w.count)]) == w else { return false }
        at += w.count
        return true
    }

    mutating func value(depth: Int) throws -> TemplateValue {
        guard depth < 500 else { throw error("JSON nested too deeply") }
        guard at < bytes.count else { throw error("unexpected end of JSON") }
        switch bytes[at] {
        case UInt8(ascii: "{"):
            at += 1
            var pairs: [(String, TemplateValue)] = []
            skipSpace()
            if at < bytes.count && bytes[at] == UInt8(ascii: "}") { at += 1; return .dictionary(TemplateDictionary(pairs)) }
            while true {
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw error("expected a string key") }
                let key = try string()
                skipSpace()
                guard at < bytes.count, bytes[at] == UInt8(ascii: ":") else { throw error("expected ':'") }
                at += 1
                skipSpace()
                pairs.append((key, try value(depth: depth + 1)))
                skipSpace()
                guard at < bytes.count else { throw error("expected ',' or '}'") }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                guard bytes[at] == UInt8(ascii: "}") else { throw error("expected ',' or '}'") }
                at += 1
                return .dictionary(TemplateDictionary(pairs))
            }
        case UInt8(ascii: "["):
            at += 1
            var items: [TemplateValue] = []
            skipSpace()
            if at < bytes.count && bytes[at] == UInt8(ascii: "]") { at += 1; return .list(items) }
            while true {
                skipSpace()
                items.append(try value(depth: depth + 1))
                skipSpace()
                guard at < bytes.count else { throw error("expected ',' or ']'") }
                if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                guard bytes[at] == UInt8(ascii: "]") else { throw error("expected ',' or ']'") }
                at += 1
                return .list(items)
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        default:
            if try expect("true") { return .true }
            if try expect("false") { return .false }
            if try expect("null") { return .none }
            if try expect("NaN") { return .double(.nan) }
            if try expect("Infinity") { return .double(.infinity) }
            if try expect("-Infinity") { return .double(-.infinity) }
            return try number()
        }
    }

    mutating func number() throws -> TemplateValue {
        let start = at
        var isFloat = false
        if at < bytes.count && bytes[at] == UInt8(ascii: "-") { at += 1 }
        while at < bytes.count {
            let b = bytes[at]
            if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") { at += 1; continue }
            if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") || ((b == UInt8(ascii: "+") || b == UInt8(ascii: "-")) && isFloat) {
                isFloat = true
                at += 1
                continue
            }
            break
        }
        let text = String(decoding: bytes[start..<at], as: UTF8.self)
        guard !text.isEmpty, text != "-" else { throw error("expected a JSON value") }
        if !isFloat, let i = Int(text) { return .int(i) }
        guard let d = Double(text) else { throw error("bad number '\(text)'") }
        return .double(d)
    }

    mutating func string() throws -> String {
        at += 1
        var out: [UInt8] = []
        var scalars = String.UnicodeScalarView()
        func flush() {
            scalars.append(contentsOf: String(decoding: out, as: UTF8.self).unicodeScalars)
            out.removeAll(keepingCapacity: true)
        }
        while at < bytes.count {
            let b = bytes[at]
            at += 1
            if b == UInt8(ascii: "\"") {
                flush()
                return String(scalars)
            }
            guard b == UInt8(ascii: "\\") else { out.append(b); continue }
            guard at < bytes.count else { break }
            let e = bytes[at]
            at += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800..<0xDC00).contains(code), at + 1 < bytes.count, bytes[at] == UInt8(ascii: "\\"), bytes[at + 1] == UInt8(ascii: "u") {
                    at += 2
                    let low = try hex4()
                    if (0xDC00..<0xE000).contains(low) { code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) } else { at -= 6 }
                }
                flush()
                scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
            default: out.append(e)
            }
        }
        throw error("unterminated string")
    }

    mutating func hex4() throws -> UInt32 {
        guard at + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[at..<(at + 4)], as: UTF8.self), radix: 16) else {
            throw error("bad \\u escape")
        }
        at += 4
        return value
    }
}
