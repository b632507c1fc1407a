// Percent-encoding of URL components (RFC 3986 s2.1, s2.3).

/// Whether `byte` is an unreserved character (RFC 3986 s2.3: ALPHA / DIGIT / "-" / "." / "_" / "~").
@inline(__always)
func werkIsUnreservedByte(_ byte: UInt8) -> Bool {
    HTTPSyntax.inSet(byte, 0x03FF_6000_0000_0000, 0x47FF_FFFE_87FF_FFFE)
}

/// Appends `%XX` for `byte` to `out`, in uppercase hex as RFC 3986 s2.1 recommends.
@inline(__always)
func werkAppendEscape(_ byte: UInt8, to out: inout [UInt8]) {
    out.append(UInt8(ascii: "%"))
    out.append(HTTPSyntax.hexDigit(byte >> 4, uppercase: true))
    out.append(HTTPSyntax.hexDigit(byte & 0x0F, uppercase: true))
}

/// Percent-encodes the UTF-8 bytes of `s`.
///
/// Unreserved characters (RFC 3986 s2.3) and the ASCII characters in `safe` are kept;
/// every other byte becomes `%XX` with uppercase hex. With `spaceAsPlus`, a space is
/// written as `+` (form encoding) unless space is in `safe`.
///
/// ```swift
/// percentEncode("a b/ü")                   // "a%20b/%C3%BC"
/// percentEncode("a b", spaceAsPlus: true)  // "a+b"
/// ```
public func percentEncode(_ s: String, safe: String = "/", spaceAsPlus: Bool = false) -> String {
    var safeTable = [Bool](repeating: false, count: 128)
    for byte in safe.utf8 where byte < 128 {
        safeTable[Int(byte)] = true
    }
    @inline(__always) func keeps(_ byte: UInt8) -> Bool {
        werkIsUnreservedByte(byte) || (byte < 128 && safeTable[Int(byte)])
    }
    let utf8 = s.utf8
    // Fast path: nothing to encode.
    if utf8.allSatisfy(keeps) { return s }
    var out: [UInt8] = []
    out.reserveCapacity(utf8.count + utf8.count / 2)
    for byte in utf8 {
        if keeps(byte) {
            out.append(byte)
        } else if spaceAsPlus && byte == UInt8(ascii: " ") {
            out.append(UInt8(ascii: "+"))
        } else {
            werkAppendEscape(byte, to: &out)
        }
    }
    return String(decoding: out, as: UTF8.self)
}

/// Decodes percent escapes in `s` into raw bytes.
///
/// A `%` not followed by two hex digits (`%zz`, `%4`, a trailing `%`) is kept literally,
/// as Werkzeug does. With `plusAsSpace`, `+` becomes a space (form decoding).
///
/// ```swift
/// percentDecodeBytes("%FF%41")   // [0xFF, 0x41]
/// ```
public func percentDecodeBytes(_ s: String, plusAsSpace: Bool = false) -> [UInt8] {
    var out: [UInt8] = []
    s.utf8.withContiguousStorageIfAvailable { werkPercentDecode($0, plusAsSpace: plusAsSpace, into: &out) }
        ?? werkPercentDecode(Array(s.utf8), plusAsSpace: plusAsSpace, into: &out)
    return out
}

/// Decodes percent escapes in `s` and interprets the bytes as UTF-8.
///
/// Invalid or truncated escapes are kept literally; decoded bytes that are not valid
/// UTF-8 become U+FFFD. With `plusAsSpace`, `+` becomes a space.
///
/// ```swift
/// percentDecode("caf%C3%A9")               // "café"
/// percentDecode("100%")                    // "100%"
/// percentDecode("a+b", plusAsSpace: true)  // "a b"
/// ```
public func percentDecode(_ s: String, plusAsSpace: Bool = false) -> String {
    // Fast path: nothing to decode.
    let plus = UInt8(ascii: "+")
    let percent = UInt8(ascii: "%")
    if !s.utf8.contains(where: { $0 == percent || (plusAsSpace && $0 == plus) }) {
        return s
    }
    return String(decoding: percentDecodeBytes(s, plusAsSpace: plusAsSpace), as: UTF8.self)
}

/// Percent-decodes `input` (RFC 3986 s2.1) and appends the bytes to `out`.
func werkPercentDecode(_ input: some Collection<UInt8>, plusAsSpace: Bool, into out: inout [UInt8]) {
    out.reserveCapacity(out.count + input.count)
    var i = input.startIndex
    while i != input.endIndex {
        let byte = input[i]
        if byte == UInt8(ascii: "%") {
            let h = input.index(after: i)
            if h != input.endIndex, let high = HTTPSyntax.hexValue(input[h]) {
                let l = input.index(after: h)
                if l != input.endIndex, let low = HTTPSyntax.hexValue(input[l]) {
                    out.append(high << 4 | low)
                    i = input.index(after: l)
                    continue
                }
            }
            out.append(byte)
        } else if plusAsSpace && byte == UInt8(ascii: "+") {
            out.append(UInt8(ascii: " "))
        } else {
            out.append(byte)
        }
        i = input.index(after: i)
    }
}
