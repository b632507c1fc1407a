import Werk

/// The request parser's own byte helpers, on raw bytes (no String): the field name and value
/// scans, and ASCII case-insensitive comparison. The byte classes (tchar, DIGIT, HEXDIG, OWS)
/// and the Host grammar (`HTTPSyntax.isHost`) are `HTTPSyntax`'s.
extension RequestHeadParser {
    /// The offset of the colon ending the field name that starts at `start` (or `end` when the
    /// line has none), every byte before it checked to be a `tchar` (RFC 9110 s5.6.2); sets
    /// `underscore` when the name holds `_`.
    @inline(__always)
    static func scanName(_ base: UnsafeRawPointer, from start: Int, to end: Int,
                         underscore: inout Bool) throws(RequestError) -> Int {
        var at = start
        while at < end {
            let b = base.load(fromByteOffset: at, as: UInt8.self)
            if b == 0x3A { return at }
            // RFC 9112 s5.1: no whitespace between name and colon (MUST reject with 400); name is a token.
            guard HTTPSyntax.isTChar(b) else {
                throw .bad(HTTPSyntax.isOWS(b) ? "whitespace before the colon of a header" : "invalid character in header name")
            }
            if b == 0x5F { underscore = true }
            at += 1
        }
        return end
    }

    /// Checks the bytes `start..<end` of a field value (RFC 9110 s5.5: VCHAR, obs-text, SP and
    /// HTAB; CR, LF, NUL and the other CTLs are refused) and tells whether they are all ASCII.
    /// Eight bytes at a time while none is a CTL or DEL; bytewise from the first word with one.
    @inline(__always)
    static func checkFieldValue(_ base: UnsafeRawPointer, from start: Int, to end: Int) throws(RequestError) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var at = start, high: UInt64 = 0
        while at + 8 <= end {
            let word = base.loadUnaligned(fromByteOffset: at, as: UInt64.self)
            // A byte below 0x20, or a byte equal to 0x7F (a zero byte of word ^ 0x7F...).
            let delMask = word ^ (ones &* 0x7F)
            let below = (word &- ones &* 0x20) & ~word & highs
            let del = (delMask &- ones) & ~delMask & highs
            if below | del != 0 { break }
            high |= word & highs
            at += 8
        }
        var ascii = high == 0
        while at < end {
            let b = base.load(fromByteOffset: at, as: UInt8.self)
            if HTTPSyntax.isObsText(b) {
                ascii = false
            } else if !HTTPSyntax.isFieldValueByte(b) {
                throw .bad("invalid character in value of a header")
            }
            at += 1
        }
        return ascii
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
