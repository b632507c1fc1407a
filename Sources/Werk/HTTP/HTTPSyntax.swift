// The byte classes of the HTTP grammar, each defined once for every parser and writer in the
// package: the server's request parser, the header parsers, cookies, multipart, URLs and the
// middleware. A set of ASCII bytes is two 64-bit masks (bits for 0...63 and for 64...127), so a
// test is a shift and an AND, with no table to load. The functions are public and inlinable so
// the server's parser (another module) gets them inline: the compiler does not inline `package`
// functions across modules, and a call per byte costs the hot path about 5% of its instructions.

/// Byte classes of the HTTP grammar (RFC 9110 s5.5-s5.6, RFC 5234 B.1), shared by every parser
/// and writer in Werk, and there for middleware that checks bytes the same way.
///
///     HTTPSyntax.isToken("Content-Type".utf8)   // true
///     HTTPSyntax.hexValue(UInt8(ascii: "b"))    // 11
public enum HTTPSyntax {
    /// Whether `b` is in the ASCII set whose bits for 0...63 are `low` and for 64...127 are
    /// `high`; bytes from 128 on are in no such set.
    @inlinable @inline(__always)
    public static func inSet(_ b: UInt8, _ low: UInt64, _ high: UInt64) -> Bool {
        b < 64 ? low & (1 &<< UInt64(b)) != 0 : b < 128 && high & (1 &<< UInt64(b &- 64)) != 0
    }

    // MARK: Tokens (RFC 9110 s5.6.2)

    /// `tchar`: DIGIT, ALPHA and ``!#$%&'*+-.^_`|~`` (RFC 9110 s5.6.2).
    @inlinable @inline(__always)
    public static func isTChar(_ b: UInt8) -> Bool {
        inSet(b, 0x03FF_6CFA_0000_0000, 0x57FF_FFFF_C7FF_FFFE)
    }

    /// `token = 1*tchar` (RFC 9110 s5.6.2): methods, field names, parameter names, schemes.
    @inlinable
    public static func isToken<C: Sequence>(_ bytes: C) -> Bool where C.Element == UInt8 {
        var any = false
        for b in bytes {
            guard isTChar(b) else { return false }
            any = true
        }
        return any
    }

    // MARK: Core rules (RFC 5234 B.1)

    /// `DIGIT`: `0`-`9`.
    @inlinable @inline(__always)
    public static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    /// `ALPHA`: `A`-`Z`, `a`-`z`.
    @inlinable @inline(__always)
    public static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }

    /// `ALPHA / DIGIT`.
    @inlinable @inline(__always)
    public static func isAlphanumeric(_ b: UInt8) -> Bool { isDigit(b) || isAlpha(b) }

    /// `HEXDIG`, in either case (RFC 5234 B.1 lists uppercase; every HTTP and URI use is
    /// case-insensitive).
    @inlinable @inline(__always)
    public static func isHexDigit(_ b: UInt8) -> Bool { hexValue(b) != nil }

    /// A lowercase hex digit (`0`-`9`, `a`-`f`), as `hexString` writes them: session ids, tokens.
    @inlinable @inline(__always)
    public static func isLowercaseHexDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 || b &- 0x61 < 6 }

    /// The value of a hex digit in either case, or nil.
    @inlinable @inline(__always)
    public static func hexValue(_ b: UInt8) -> UInt8? {
        let digit = b &- 0x30
        if digit < 10 { return digit }
        let letter = (b | 0x20) &- 0x61
        return letter < 6 ? letter &+ 10 : nil
    }

    /// The hex digit for `value` (0...15): lowercase, or uppercase as percent-encoding
    /// recommends (RFC 3986 s2.1).
    @inlinable @inline(__always)
    public static func hexDigit(_ value: UInt8, uppercase: Bool = false) -> UInt8 {
        value < 10 ? 0x30 &+ value : (uppercase ? 0x37 : 0x57) &+ value
    }

    /// `CTL`: 0x00-0x1F and DEL.
    @inlinable @inline(__always)
    public static func isControl(_ b: UInt8) -> Bool { b < 0x20 || b == 0x7F }

    /// `VCHAR`: the visible ASCII characters, 0x21-0x7E.
    @inlinable @inline(__always)
    public static func isVChar(_ b: UInt8) -> Bool { b &- 0x21 < 0x5E }

    /// `obs-text`: 0x80-0xFF, opaque octets in field values (RFC 9110 s5.5).
    @inlinable @inline(__always)
    public static func isObsText(_ b: UInt8) -> Bool { b >= 0x80 }

    // MARK: Whitespace and field values (RFC 9110 s5.5, s5.6.3)

    /// `OWS` bytes: SP and HTAB (RFC 9110 s5.6.3).
    @inlinable @inline(__always)
    public static func isOWS(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// Whitespace the lenient header parsers skip around elements: OWS plus CR and LF, which
    /// only appear in hand-written or folded input.
    @inlinable @inline(__always)
    public static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }

    /// A byte a field value may hold: `VCHAR / obs-text / SP / HTAB` (RFC 9110 s5.5), that is
    /// anything but a CTL other than HTAB. CR, LF and NUL are never field bytes.
    @inlinable @inline(__always)
    public static func isFieldValueByte(_ b: UInt8) -> Bool { b >= 0x20 ? b != 0x7F : b == 0x09 }

    /// Whether a `Content-Type` value is its own media type (no parser needed): printable ASCII
    /// other than SP, `"`, `;`, DEL and upper-case letters. Eight bytes at a time: per byte
    /// adds on 7-bit bytes never carry into the next byte, so each test is exact.
    ///
    ///     HTTPSyntax.isPlainMediaType(Array("application/json".utf8))   // true
    public static func isPlainMediaType(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        // The top bit of each byte of the result is set where that byte of `v` (< 0x80) is zero.
        @inline(__always) func zeros(_ v: UInt64) -> UInt64 { ~((v &+ ones &* 0x7F) | v) }
        var at = 0
        let count = bytes.count
        while at + 8 <= count {
            let word = bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self)
            if word & highs != 0 { return false }
            let control = ~(word &+ ones &* 0x5F)                                 // below 0x21
            let upper = (word &+ ones &* 0x3F) & ~(word &+ ones &* 0x25)          // 0x41 ... 0x5A
            let marks = zeros(word ^ (ones &* 0x22)) | zeros(word ^ (ones &* 0x3B)) | zeros(word ^ (ones &* 0x7F))
            if (control | upper | marks) & highs != 0 { return false }
            at += 8
        }
        while at < count {
            if !inSet(bytes[at], 0xF7FF_FFFA_0000_0000, 0x7FFF_FFFF_F800_0001) { return false }
            at += 1
        }
        return true
    }

    /// `bytes` without leading and trailing OWS (SP, HTAB).
    @inlinable
    public static func trimmingOWS<C: BidirectionalCollection>(_ bytes: C) -> C.SubSequence where C.Element == UInt8 {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end && isOWS(bytes[start]) { start = bytes.index(after: start) }
        while end > start {
            let before = bytes.index(before: end)
            guard isOWS(bytes[before]) else { break }
            end = before
        }
        return bytes[start..<end]
    }
}
