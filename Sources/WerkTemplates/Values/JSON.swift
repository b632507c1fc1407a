// JSON in and out of template values, as Python's json module does it: `tojson` writes what
// `json.dumps(value, sort_keys=True)` writes (made safe for HTML), and contexts read from
// JSON keep the difference between `1` and `1.0` that Python's json.loads keeps.

enum JSON {
    /// Jinja's `tojson`: sorted keys, ASCII only, then `<`, `>`, `&`, `'` as `\u003c`-style
    /// escapes so the result is safe in HTML and in `<script>`.
    static func htmlSafe(_ value: TemplateValue, indent: Int?) throws(TemplateRuntimeError) -> String {
        var out = ""
        try write(value, to: &out, indent: indent, level: 0)
        var safe = ""
        safe.reserveCapacity(out.utf8.count)
        for scalar in out.unicodeScalars {
            switch scalar {
            case "<": safe += "\\u003c"
            case ">": safe += "\\u003e"
            case "&": safe += "\\u0026"
            case "'": safe += "\\u0027"
            default: safe.unicodeScalars.append(scalar)
            }
        }
        return safe
    }

    static func write(_ value: TemplateValue, to out: inout String, indent: Int?, level: Int) throws(TemplateRuntimeError) {
        guard level < 200 else { throw TemplateRuntimeError(.value, "value nested too deeply for JSON") }
        func newline(_ depth: Int) {
            guard let indent else { return }
            out += "\n" + String(repeating: " ", count: max(indent, 0) * depth)
        }
        switch value.storage {
        case .none: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isNaN { out += "NaN" } else if d.isInfinite { out += d < 0 ? "-Infinity" : "Infinity" } else { out += PythonFloat.repr(d) }
        case .string(let s), .markup(let s): quote(s, to: &out)
        case .list(let items), .tuple(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += indent == nil ? ", " : "," }
                newline(level + 1)
                try write(item, to: &out, indent: indent, level: level + 1)
            }
            newline(level)
            out += "]"
        case .dictionary(let d):
            guard !d.isEmpty else { out += "{}"; return }
            out += "{"
            let order = d.keys.indices.sorted { Array(d.keys[$0].utf8).lexicographicallyPrecedes(Array(d.keys[$1].utf8)) }
            for (n, i) in order.enumerated() {
                if n > 0 { out += indent == nil ? ", " : "," }
                newline(level + 1)
                quote(d.keys[i], to: &out)
                out += ": "
                try write(d.values[i], to: &out, indent: indent, level: level + 1)
            }
            newline(level)
            out += "}"
        case .undefined, .missing:
            throw TemplateRuntimeError(.type, "Object of type Undefined is not JSON serializable")
        case .object(let object):
            throw TemplateRuntimeError(.type, "Object of type \(object.typeName) is not JSON serializable")
        }
    }

    /// A JSON string with Python's `ensure_ascii` escapes.
    static func quote(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value >= 0x20 && scalar.value < 0x7F {
                    out.unicodeScalars.append(scalar)
                } else if scalar.value < 0x10000 {
                    out += hex4(scalar.value)
                } else {
                    let v = scalar.value - 0x10000
                    out += hex4(0xD800 + (v >> 10)) + hex4(0xDC00 + (v & 0x3FF))
                }
            }
        }
        out += "\""
    }

    private static func hex4(_ value: UInt32) -> String {
        let digits = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
    }
}
