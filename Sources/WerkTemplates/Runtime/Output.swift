// Writing values into the output: escaped as Jinja's `escape` does, numbers as Python prints them.
import Werk

extension TemplateValue {
    /// Writes `str(value)` to `out`, escaped when `escape` is on and the value is not safe.
    /// Undefined writes nothing (strict mode checks before calling this).
    @inline(__always)
    func write(to out: inout OutputBuffer, escape: Bool) {
        switch storage {
        case .string(let s): if escape { out.append(escaping: s) } else { out.append(text: s) }
        case .markup(let s): out.append(text: s)
        case .int(let i): out.append(integer: i)
        case .missing, .undefined: break
        case .double(let d): out.append(double: d)
        case .bool(let b): out.append(text: b ? "True" : "False")
        case .none: out.append(text: "None")
        default: if escape { out.append(escaping: description) } else { out.append(text: description) }
        }
    }

    /// The bytes `write(to:escape:)` writes.
    func written(escape: Bool) -> [UInt8] {
        var out = OutputBuffer(capacity: 64)
        write(to: &out, escape: escape)
        return out.array()
    }

    /// Python's `str()`, escaped into a safe string when `escape` is on and the value is not
    /// already safe: what joining it to a safe string gives (markupsafe's `escape`).
    func escapedText(_ escape: Bool) -> String {
        switch storage {
        case .markup(let s): return s
        case .string(let s): return escape ? escapeHTML(s) : s
        default: return escape ? escapeHTML(description) : description
        }
    }
}
