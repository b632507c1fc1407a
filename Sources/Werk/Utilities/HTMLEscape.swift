// Escaping text for HTML (HTML Living Standard s13.1.4 character references).

/// Escapes `&`, `<`, `>`, `"` and `'` so the result is safe in HTML text and in
/// quoted attribute values.
///
/// ```swift
/// escapeHTML(#"<a href="x">Tom & 'Jerry'</a>"#)
/// // "&lt;a href=&#34;x&#34;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
/// ```
public func escapeHTML(_ s: String) -> String {
    @inline(__always) func needsEscape(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "&") || b == UInt8(ascii: "<") || b == UInt8(ascii: ">")
            || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'")
    }
    let utf8 = s.utf8
    // Fast path: nothing to escape.
    guard utf8.contains(where: needsEscape) else { return s }
    var out: [UInt8] = []
    out.reserveCapacity(utf8.count + utf8.count / 4 + 16)
    for byte in utf8 {
        switch byte {
        case UInt8(ascii: "&"): out.append(contentsOf: "&amp;".utf8)
        case UInt8(ascii: "<"): out.append(contentsOf: "&lt;".utf8)
        case UInt8(ascii: ">"): out.append(contentsOf: "&gt;".utf8)
        case UInt8(ascii: "\""): out.append(contentsOf: "&#34;".utf8)
        case UInt8(ascii: "'"): out.append(contentsOf: "&#39;".utf8)
        default: out.append(byte)
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// Named references understood by ``unescapeHTML(_:)``.
private let namedReferences: [String: Unicode.Scalar] = [
    "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
]

/// Reverses ``escapeHTML(_:)`` and decodes common character references.
///
/// Decodes `&amp; &lt; &gt; &quot; &apos; &nbsp;` and numeric references `&#NN;` /
/// `&#xHH;` (the terminating `;` is required). Numeric references to NUL, surrogates or
/// beyond U+10FFFF become U+FFFD; unknown or unterminated references are left as is.
///
/// ```swift
/// unescapeHTML("&lt;b&gt; &#233;&#x263A; &bogus;")   // "<b> é☺ &bogus;"
/// ```
public func unescapeHTML(_ s: String) -> String {
    let bytes = Array(s.utf8)
    // Fast path: no references at all.
    guard let firstAmp = bytes.firstIndex(of: UInt8(ascii: "&")) else { return s }
    var out: [UInt8] = Array(bytes[..<firstAmp])
    out.reserveCapacity(bytes.count)
    var i = firstAmp
    while i < bytes.count {
        let byte = bytes[i]
        guard byte == UInt8(ascii: "&") else {
            out.append(byte)
            i += 1
            continue
        }
        if let (scalar, length) = parseReference(bytes, at: i) {
            out.append(contentsOf: String(Character(scalar)).utf8)
            i += length
        } else {
            out.append(byte)
            i += 1
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// Parses a reference starting with `&` at `start`; returns the scalar and the number
/// of bytes consumed, or `nil` when there is no complete known reference.
private func parseReference(_ bytes: [UInt8], at start: Int) -> (Unicode.Scalar, Int)? {
    var i = start + 1
    guard i < bytes.count else { return nil }
    if bytes[i] == UInt8(ascii: "#") {
        i += 1
        var radix: UInt32 = 10
        if i < bytes.count && (bytes[i] | 0x20) == UInt8(ascii: "x") {
            radix = 16
            i += 1
        }
        let digitsStart = i
        var value: UInt32 = 0
        var tooBig = false
        while i < bytes.count, let digit = digitValue(bytes[i], radix: radix) {
            // Saturate instead of overflowing: anything above U+10FFFF is invalid anyway.
            if value > 0x10FFFF { tooBig = true } else { value = value * radix + digit }
            i += 1
        }
        guard i > digitsStart, i < bytes.count, bytes[i] == UInt8(ascii: ";") else { return nil }
        let length = i + 1 - start
        if tooBig || value == 0 { return ("\u{FFFD}", length) }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }
    let nameStart = i
    while i < bytes.count, i - nameStart < 8,
          (bytes[i] | 0x20) >= UInt8(ascii: "a") && (bytes[i] | 0x20) <= UInt8(ascii: "z") {
        i += 1
    }
    guard i > nameStart, i < bytes.count, bytes[i] == UInt8(ascii: ";"),
          let scalar = namedReferences[String(decoding: bytes[nameStart..<i], as: UTF8.self)] else { return nil }
    return (scalar, i + 1 - start)
}

/// The value of `byte` as a digit in `radix` (10 or 16), or `nil`.
private func digitValue(_ byte: UInt8, radix: UInt32) -> UInt32? {
    guard let value = HTTPSyntax.hexValue(byte) else { return nil }
    if radix == 10 && value > 9 { return nil }
    return UInt32(value)
}
