/// The boundary of a multipart body, checked against RFC 2046 s5.1.1:
///
///     boundary      := 0*69<bchars> bcharsnospace
///     bchars        := bcharsnospace / " "
///     bcharsnospace := DIGIT / ALPHA / "'" / "(" / ")" / "+" / "_" / "," / "-" / "." / "/" / ":" / "=" / "?"
///
/// so 1 to 70 characters, not ending in a space.
enum MultipartBoundary {
    /// The boundary's bytes; throws `malformed` for a missing, empty, too long or invalid one.
    static func validated(_ boundary: String) throws(FormParseError) -> [UInt8] {
        let bytes = Array(boundary.utf8)
        if bytes.isEmpty { throw .malformed("the multipart boundary parameter is empty (RFC 2046 s5.1.1)") }
        if bytes.count > 70 {
            throw .malformed("the multipart boundary is \(bytes.count) characters long; at most 70 are allowed (RFC 2046 s5.1.1)")
        }
        for byte in bytes where !isBoundaryByte(byte) {
            throw .malformed("the multipart boundary contains \(describe(byte)), which RFC 2046 s5.1.1 does not allow")
        }
        if bytes.last == 0x20 { throw .malformed("the multipart boundary ends with a space (RFC 2046 s5.1.1)") }
        return bytes
    }

    /// True for `bchars` of RFC 2046 s5.1.1.
    static func isBoundaryByte(_ byte: UInt8) -> Bool {
        if HTTPSyntax.isAlphanumeric(byte) { return true }
        switch byte {
        case UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "+"), UInt8(ascii: "_"),
             UInt8(ascii: ","), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"), UInt8(ascii: ":"),
             UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: " "): return true
        default: return false
        }
    }

    private static func describe(_ byte: UInt8) -> String {
        HTTPSyntax.isVChar(byte) ? "\"\(Character(Unicode.Scalar(byte)))\"" : "byte 0x\(String(byte, radix: 16))"
    }
}
