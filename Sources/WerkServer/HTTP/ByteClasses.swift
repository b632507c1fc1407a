import Werk

/// The request parser's own byte helpers, on raw bytes (no String): the Host check and ASCII
/// case-insensitive comparison. The byte classes (tchar, DIGIT, HEXDIG, OWS) are `HTTPSyntax`'s.
extension RequestHeadParser {
    /// `uri-host [ ":" port ]` (RFC 9112 s3.2, RFC 3986 s3.2.2-3.2.3): an IP literal in brackets
    /// or a reg-name/IPv4 of unreserved, sub-delims and `%` characters, then optionally `:` and
    /// digits only. An empty value is valid (an empty authority).
    static func isValidHost<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var index = bytes.startIndex
        if index != bytes.endIndex && bytes[index] == UInt8(ascii: "[") {
            // IP-literal: hex digits, '.', ':' and the IPvFuture characters up to ']'.
            index = bytes.index(after: index)
            var closed = false
            while index != bytes.endIndex {
                let b = bytes[index]
                index = bytes.index(after: index)
                if b == UInt8(ascii: "]") { closed = true; break }
                guard isHostByte(b) || b == UInt8(ascii: ":") else { return false }
            }
            guard closed else { return false }
        } else {
            while index != bytes.endIndex && bytes[index] != UInt8(ascii: ":") {
                guard isHostByte(bytes[index]) else { return false }
                index = bytes.index(after: index)
            }
        }
        guard index != bytes.endIndex else { return true }
        // port = *DIGIT
        guard bytes[index] == UInt8(ascii: ":") else { return false }
        index = bytes.index(after: index)
        while index != bytes.endIndex {
            guard HTTPSyntax.isDigit(bytes[index]) else { return false }
            index = bytes.index(after: index)
        }
        return true
    }

    /// unreserved, sub-delims and '%' (RFC 3986 s2.2-2.3): digits, letters and `-._~!$&'()*+,;=%`.
    @inline(__always)
    static func isHostByte(_ b: UInt8) -> Bool {
        HTTPSyntax.inSet(b, 0x2BFF_7FF2_0000_0000, 0x47FF_FFFE_87FF_FFFE)
    }

    /// ASCII case-insensitive comparison with a lowercase literal.
    static func equalsLowercase<C: Collection>(_ bytes: C, _ literal: StaticString) -> Bool where C.Element == UInt8 {
        guard bytes.count == literal.utf8CodeUnitCount else { return false }
        var p = literal.utf8Start
        for b in bytes {
            let lower = (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b
            if lower != p.pointee { return false }
            p += 1
        }
        return true
    }
}
