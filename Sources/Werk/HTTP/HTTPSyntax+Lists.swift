// The list, quoted-string and small text helpers the header parsers share (RFC 9110 s5.6).
// Everything works on UTF-8 bytes; every delimiter the grammars use is ASCII,
// so slicing at those delimiters never splits a multi-byte scalar.

extension HTTPSyntax {
    /// Trims surrounding whitespace from a byte slice.
    static func trim(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lo = bytes.startIndex
        var hi = bytes.endIndex
        while lo < hi, isSpace(bytes[lo]) { lo += 1 }
        while hi > lo, isSpace(bytes[hi - 1]) { hi -= 1 }
        return bytes[lo..<hi]
    }

    /// Trims surrounding whitespace from a string.
    static func trim(_ s: String) -> String {
        let bytes = Array(s.utf8)
        let t = trim(bytes[...])
        if t.count == bytes.count { return s }
        return string(t)
    }

    static func string(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// ASCII-lowercases a string (header names, tokens and units are ASCII).
    static func lowercased(_ s: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(s.utf8.count)
        for b in s.utf8 {
            out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses a non-empty run of ASCII digits into an `Int`; `nil` on any
    /// other byte, on empty input, or when the value does not fit in `Int`.
    static func parseDigits(_ bytes: ArraySlice<UInt8>) -> Int? {
        if bytes.isEmpty { return nil }
        var n = 0
        for b in bytes {
            guard isDigit(b) else { return nil }
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int(b - UInt8(ascii: "0")))
            if o1 || o2 { return nil }
            n = s
        }
        return n
    }

    /// Splits a comma-separated list (RFC 9110 s5.6.1) at commas outside
    /// quoted strings (RFC 9110 s5.6.4). Elements are trimmed; empty elements
    /// are dropped. Quotes are kept, so callers can tell quoted text apart.
    static func splitList(_ value: String) -> [ArraySlice<UInt8>] {
        splitList(Array(value.utf8))
    }

    /// Byte version of `splitList(_:)`.
    static func splitList(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        var i = 0
        var inQuotes = false
        while i < bytes.count {
            let b = bytes[i]
            if inQuotes {
                if b == UInt8(ascii: "\\") {
                    i += 1  // skip the escaped byte (quoted-pair, RFC 9110 s5.6.4)
                } else if b == UInt8(ascii: "\"") {
                    inQuotes = false
                }
            } else if b == UInt8(ascii: "\"") {
                inQuotes = true
            } else if b == UInt8(ascii: ",") {
                let item = trim(bytes[start..<i])
                if !item.isEmpty { result.append(item) }
                start = i + 1
            }
            i += 1
        }
        if start < bytes.count {
            let item = trim(bytes[start..<bytes.count])
            if !item.isEmpty { result.append(item) }
        }
        return result
    }

    /// Returns the content of a quoted-string (RFC 9110 s5.6.4) with its
    /// quoted-pairs resolved, or `nil` when `bytes` is not wrapped in DQUOTEs.
    static func unquote(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.count >= 2,
              bytes.first == UInt8(ascii: "\""),
              bytes.last == UInt8(ascii: "\"") else { return nil }
        let inner = bytes.dropFirst().dropLast()
        guard inner.contains(UInt8(ascii: "\\")) else { return string(inner) }
        // Only `\\` and `\"` are treated as quoted-pairs (RFC 9110 s5.6.4 lets a sender escape
        // any octet, but none do): real clients send Windows paths like `C:\Users\a.txt` with
        // bare backslashes inside quotes, and those must survive.
        var out = [UInt8]()
        out.reserveCapacity(inner.count)
        var index = inner.startIndex
        while index < inner.endIndex {
            let b = inner[index]
            let next = inner.index(after: index)
            if b == UInt8(ascii: "\\"), next < inner.endIndex,
               inner[next] == UInt8(ascii: "\\") || inner[next] == UInt8(ascii: "\"") {
                out.append(inner[next])
                index = inner.index(after: next)
                continue
            }
            out.append(b)
            index = next
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Reads a quoted-string starting at `bytes[i]` (which must be DQUOTE).
    /// Returns the unescaped content and the index just past the closing quote, or nil for an
    /// unterminated string.
    static func readQuoted(_ bytes: [UInt8], from i: Int) -> (String, Int)? {
        var out = [UInt8]()
        var j = i + 1
        while j < bytes.count {
            let b = bytes[j]
            if b == UInt8(ascii: "\\"), j + 1 < bytes.count,
               bytes[j + 1] == UInt8(ascii: "\\") || bytes[j + 1] == UInt8(ascii: "\"") {
                out.append(bytes[j + 1])  // quoted-pair, RFC 9110 s5.6.4 (only \\ and \" as above)
                j += 2
                continue
            }
            if b == UInt8(ascii: "\"") {
                return (String(decoding: out, as: UTF8.self), j + 1)
            }
            out.append(b)
            j += 1
        }
        return nil
    }
}
