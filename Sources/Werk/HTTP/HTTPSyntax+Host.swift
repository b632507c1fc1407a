// The Host grammar, once for the server's request parser (Host header, absolute-form and
// CONNECT targets) and for middleware that takes a host from elsewhere (ProxyFix's
// X-Forwarded-Host). Inlinable for the same reason as the byte classes: the parser is in
// another module and runs it on every request.

extension HTTPSyntax {
    /// `uri-host [ ":" port ]` (RFC 9112 s3.2, RFC 3986 s3.2.2-3.2.3): an IP literal in brackets
    /// or a reg-name/IPv4 of unreserved, sub-delims and `%` characters, then optionally `:` and
    /// digits only. An empty value is valid (an empty authority).
    ///
    ///     HTTPSyntax.isHost("[::1]:8080".utf8)        // true
    ///     HTTPSyntax.isHost("[::1]evil.example".utf8) // false
    @inlinable
    public static func isHost<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
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
            guard isDigit(bytes[index]) else { return false }
            index = bytes.index(after: index)
        }
        return true
    }

    /// A byte of a reg-name: unreserved, sub-delims and `%` (RFC 3986 s2.2-2.3), that is digits,
    /// letters and `-._~!$&'()*+,;=%`.
    @inlinable @inline(__always)
    public static func isHostByte(_ b: UInt8) -> Bool {
        inSet(b, 0x2BFF_7FF2_0000_0000, 0x47FF_FFFE_87FF_FFFE)
    }
}
