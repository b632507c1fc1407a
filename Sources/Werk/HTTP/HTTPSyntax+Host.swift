// The Host grammar, once for the server's request parser (Host header, absolute-form and
// CONNECT targets) and for middleware that takes a host from elsewhere (ProxyFix's
// X-Forwarded-Host). Inlinable for the same reason as the byte classes: the parser is in
// another module and runs it on every request.

extension HTTPSyntax {
    /// `uri-host [ ":" port ]` (RFC 9112 s3.2, RFC 3986 s3.2.2-3.2.3): an IP literal in brackets
    /// (an IPv6 address: hex digits, `.` and at least one `:`; or `v` HEXDIG `.` and more, an
    /// IPvFuture) or a reg-name/IPv4 of unreserved and sub-delims characters and `%HH` escapes,
    /// then optionally `:` and digits only. An empty value is valid (an empty authority).
    ///
    ///     HTTPSyntax.isHost("[::1]:8080".utf8)        // true
    ///     HTTPSyntax.isHost("[::1]evil.example".utf8) // false
    @inlinable
    public static func isHost<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var index = bytes.startIndex
        if index != bytes.endIndex && bytes[index] == UInt8(ascii: "[") {
            index = bytes.index(after: index)
            guard let close = bytes[index...].firstIndex(of: UInt8(ascii: "]")),
                  isIPLiteral(bytes[index..<close]) else { return false }
            index = bytes.index(after: close)
        } else {
            var escapeDigits = 0  // hex digits still owed to a '%'
            while index != bytes.endIndex && (escapeDigits > 0 || bytes[index] != UInt8(ascii: ":")) {
                let b = bytes[index]
                if escapeDigits > 0 {
                    guard isHexDigit(b) else { return false }
                    escapeDigits -= 1
                } else if b == UInt8(ascii: "%") {
                    escapeDigits = 2
                } else {
                    guard isHostByte(b) else { return false }
                }
                index = bytes.index(after: index)
            }
            guard escapeDigits == 0 else { return false }
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

    /// The inside of `[...]` (RFC 3986 s3.2.2): `v` 1*HEXDIG `.` 1*( unreserved / sub-delims /
    /// `:` ), or an IPv6 address, checked loosely: hex digits, `:` and `.` with a `:` in them.
    @inlinable
    static func isIPLiteral<C: Collection>(_ bytes: C) -> Bool where C.Element == UInt8 {
        guard let first = bytes.first else { return false }
        if first | 0x20 == UInt8(ascii: "v") {
            let rest = bytes.dropFirst()
            guard let dot = rest.firstIndex(of: UInt8(ascii: ".")), dot != rest.startIndex,
                  rest[..<dot].allSatisfy(isHexDigit) else { return false }
            let tail = rest[rest.index(after: dot)...]
            return !tail.isEmpty && tail.allSatisfy { ($0 != UInt8(ascii: "%") && isHostByte($0)) || $0 == UInt8(ascii: ":") }
        }
        var colon = false
        for b in bytes {
            if b == UInt8(ascii: ":") { colon = true } else if !isHexDigit(b) && b != UInt8(ascii: ".") { return false }
        }
        return colon
    }

    /// A byte of a reg-name: unreserved, sub-delims and `%` (RFC 3986 s2.2-2.3), that is digits,
    /// letters and `-._~!$&'()*+,;=%` (`isHost` also wants two hex digits after a `%`).
    @inlinable @inline(__always)
    public static func isHostByte(_ b: UInt8) -> Bool {
        inSet(b, 0x2BFF_7FF2_0000_0000, 0x47FF_FFFE_87FF_FFFE)
    }
}
