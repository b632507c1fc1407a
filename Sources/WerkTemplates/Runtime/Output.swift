import Werk

// Writing values into the output buffer: escaped as Jinja's `escape` does, numbers as Python
// prints them.

/// Bits 0-63: set for the ASCII bytes HTML escaping replaces (`"` `&` `'` `<` `>`).
private let escapedBytes: UInt64 = (1 << 0x22) | (1 << 0x26) | (1 << 0x27) | (1 << 0x3C) | (1 << 0x3E)

extension Array where Element == UInt8 {
    /// Appends the UTF-8 of `text`.
    @inline(__always)
    mutating func append(text: String) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ append(contentsOf: $0) }) { return done }
        append(contentsOf: text.utf8)
    }

    /// Appends `text` with `&`, `<`, `>`, `"`, `'` replaced by `&amp;`, `&lt;`, `&gt;`, `&#34;`,
    /// `&#39;` (the references markupsafe writes, so output matches Jinja byte for byte).
    @inline(__always)
    mutating func append(escaping text: String) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) { return done }
        appendEscaped(Array(text.utf8).withUnsafeBufferPointer { $0 })
    }

    mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        var start = 0
        var i = 0
        let count = bytes.count
        while i < count {
            let byte = bytes[i]
            if byte < 64 && (escapedBytes >> UInt64(byte)) & 1 != 0 {
                if i > start { append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i])) }
                switch byte {
                case UInt8(ascii: "&"): append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B] as [UInt8])          // &amp;
                case UInt8(ascii: "<"): append(contentsOf: [0x26, 0x6C, 0x74, 0x3B] as [UInt8])                // &lt;
                case UInt8(ascii: ">"): append(contentsOf: [0x26, 0x67, 0x74, 0x3B] as [UInt8])                // &gt;
                case UInt8(ascii: "\""): append(contentsOf: [0x26, 0x23, 0x33, 0x34, 0x3B] as [UInt8])         // &#34;
                default: append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B] as [UInt8])                         // &#39;
                }
                start = i + 1
            }
            i += 1
        }
        if count > start { append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<count])) }
    }

    /// Appends the decimal digits of `value`.
    @inline(__always)
    mutating func append(integer value: Int) {
        if value >= 0 && value < 10 {
            append(UInt8(truncatingIfNeeded: value) &+ 0x30)
            return
        }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // room for 20 digits and a sign
        var magnitude = value.magnitude
        Swift.withUnsafeMutableBytes(of: &digits) { raw in
            var at = raw.count
            repeat {
                at -= 1
                raw[at] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                at -= 1
                raw[at] = UInt8(ascii: "-")
            }
            append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[at...]))
        }
    }
}

extension TemplateValue {
    /// Writes `str(value)` to `out`, escaped when `escape` is on and the value is not safe.
    /// Undefined writes nothing (strict mode checks before calling this).
    @inline(__always)
    func write(to out: inout [UInt8], escape: Bool) {
        switch storage {
        case .string(let s): if escape { out.append(escaping: s) } else { out.append(text: s) }
        case .markup(let s): out.append(text: s)
        case .int(let i): out.append(integer: i)
        case .missing, .undefined: break
        case .double(let d): out.append(text: PythonFloat.repr(d))
        case .bool(let b): out.append(text: b ? "True" : "False")
        case .none: out.append(text: "None")
        default: if escape { out.append(escaping: description) } else { out.append(text: description) }
        }
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
