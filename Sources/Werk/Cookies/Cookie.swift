// Parsing the Cookie request header (RFC 6265 s4.2.1, s5.4), leniently like browsers and Werkzeug.

/// Parses a `Cookie` request header into ordered name/value pairs.
///
/// The header is split on `;` and each pair on its first `=`; spaces and tabs around
/// names and values are trimmed. A value wrapped in double quotes is unquoted and its
/// backslash escapes are undone (`\\`, `\"`, any `\c`, and three-digit octal such as
/// `\342\200\234`, decoded as UTF-8 with U+FFFD for invalid bytes), which round-trips
/// ``dumpCookie(name:value:maxAge:expires:path:domain:secure:httpOnly:sameSite:partitioned:)``.
/// A quoted value may contain `;`. A piece without `=` is a name with an empty value (as
/// Werkzeug reads `flag`); pairs with an empty name are skipped; duplicate names are all kept
/// in order. Never fails.
///
/// ```swift
/// let cookies = parseCookieHeader(#"session=abc; theme="dark blue"; session=old"#)
/// cookies["session"]           // "abc"
/// cookies["theme"]             // "dark blue"
/// ```
public func parseCookieHeader(_ header: String) -> MultiDict<String, String> {
    var result = MultiDict<String, String>()
    let bytes = Array(header.utf8)
    let count = bytes.count
    let semicolon = UInt8(ascii: ";")
    let equals = UInt8(ascii: "=")
    let quote = UInt8(ascii: "\"")
    let backslash = UInt8(ascii: "\\")

    var i = 0
    while i < count {
        // Name: up to "=" or ";".
        let nameStart = i
        while i < count && bytes[i] != equals && bytes[i] != semicolon { i += 1 }
        let nameEnd = i
        guard i < count, bytes[i] == equals else {
            // No "=": a name with an empty value, as Werkzeug reads it (`flag` -> flag = "").
            var lo = nameStart, hi = nameEnd
            while lo < hi && HTTPSyntax.isOWS(bytes[lo]) { lo += 1 }
            while hi > lo && HTTPSyntax.isOWS(bytes[hi - 1]) { hi -= 1 }
            if lo < hi { result.append("", for: String(decoding: bytes[lo..<hi], as: UTF8.self)) }
            i += 1  // past ";"
            continue
        }
        i += 1  // past "="
        while i < count && HTTPSyntax.isOWS(bytes[i]) { i += 1 }
        let valueStart = i
        var value: String?
        if i < count && bytes[i] == quote {
            // Quoted string: find the closing quote, skipping escaped characters.
            var j = i + 1
            var closed = false
            while j < count {
                if bytes[j] == backslash {
                    j += 2
                } else if bytes[j] == quote {
                    closed = true
                    break
                } else {
                    j += 1
                }
            }
            if closed {
                var k = j + 1
                while k < count && HTTPSyntax.isOWS(bytes[k]) { k += 1 }
                if k >= count || bytes[k] == semicolon {
                    value = unslashCookieValue(bytes[(i + 1)..<j])
                    i = k
                }
            }
        }
        if value == nil {
            // Plain value (or a broken quoted one): everything up to the next ";".
            var end = valueStart
            while end < count && bytes[end] != semicolon { end += 1 }
            i = end
            var trimmedEnd = end
            while trimmedEnd > valueStart && HTTPSyntax.isOWS(bytes[trimmedEnd - 1]) { trimmedEnd -= 1 }
            value = String(decoding: bytes[valueStart..<trimmedEnd], as: UTF8.self)
        }
        i += 1  // past ";"
        var lo = nameStart
        var hi = nameEnd
        while lo < hi && HTTPSyntax.isOWS(bytes[lo]) { lo += 1 }
        while hi > lo && HTTPSyntax.isOWS(bytes[hi - 1]) { hi -= 1 }
        if lo < hi, let value {
            result.append(value, for: String(decoding: bytes[lo..<hi], as: UTF8.self))
        }
    }
    return result
}

/// Undoes the backslash escapes of a quoted cookie value: `\ooo` (octal, first digit
/// 0-3) becomes that byte, any other `\c` becomes `c`; bytes are decoded as UTF-8.
private func unslashCookieValue(_ inner: ArraySlice<UInt8>) -> String {
    let backslash = UInt8(ascii: "\\")
    guard inner.contains(backslash) else { return String(decoding: inner, as: UTF8.self) }
    @inline(__always) func octal(_ b: UInt8) -> UInt8? {
        b >= UInt8(ascii: "0") && b <= UInt8(ascii: "7") ? b - UInt8(ascii: "0") : nil
    }
    var out: [UInt8] = []
    out.reserveCapacity(inner.count)
    var i = inner.startIndex
    let end = inner.endIndex
    while i < end {
        let byte = inner[i]
        guard byte == backslash, i + 1 < end else {
            out.append(byte)
            i += 1
            continue
        }
        if i + 3 < end, let a = octal(inner[i + 1]), a <= 3, let b = octal(inner[i + 2]), let c = octal(inner[i + 3]) {
            out.append(a << 6 | b << 3 | c)
            i += 4
        } else {
            out.append(inner[i + 1])
            i += 2
        }
    }
    return String(decoding: out, as: UTF8.self)
}
