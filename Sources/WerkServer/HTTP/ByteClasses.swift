#if canImport(Glibc)
import Glibc
#endif

/// Byte classes and small helpers of the HTTP/1.1 grammar, on raw bytes (no String).
extension RequestHeadParser {
    /// tchar (RFC 9110 s5.6.2): digits, letters and `!#$%&'*+-.^_`|~`, as two 64-bit masks.
    @inline(__always)
    static func isTokenByte(_ b: UInt8) -> Bool {
        inMask(b, 0x03FF6CFA00000000, 0x57FFFFFFC7FFFFFE)
    }

    /// Whether ASCII byte `b` is in the set whose bits for 0...63 are `low` and 64...127 `high`.
    @inline(__always)
    static func inMask(_ b: UInt8, _ low: UInt64, _ high: UInt64) -> Bool {
        b < 64 ? low & (1 << UInt64(b)) != 0 : b < 128 && high & (1 << UInt64(b &- 64)) != 0
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: return b - 0x30
        case 0x41...0x46: return b - 0x41 + 10
        case 0x61...0x66: return b - 0x61 + 10
        default: return nil
        }
    }

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
            guard bytes[index] >= 0x30 && bytes[index] <= 0x39 else { return false }
            index = bytes.index(after: index)
        }
        return true
    }

    /// unreserved, sub-delims and '%' (RFC 3986 s2.2-2.3): digits, letters and `-._~!$&'()*+,;=%`.
    @inline(__always)
    static func isHostByte(_ b: UInt8) -> Bool {
        inMask(b, 0x2BFF7FF200000000, 0x47FFFFFE87FFFFFE)
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

    /// Without leading and trailing SP/HTAB (OWS).
    static func trimmed<C: BidirectionalCollection>(_ bytes: C) -> C.SubSequence where C.Element == UInt8 {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start = bytes.index(after: start) }
        while end > start {
            let before = bytes.index(before: end)
            guard bytes[before] == 0x20 || bytes[before] == 0x09 else { break }
            end = before
        }
        return bytes[start..<end]
    }
}
