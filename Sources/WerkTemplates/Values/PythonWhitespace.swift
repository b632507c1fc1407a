// Python's whitespace (str.isspace, regex \s): the set `-` markers and `trim` strip.

enum PythonWhitespace {
    /// True for a character Python's `str.isspace()` accepts.
    @inline(__always)
    static func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// The number of bytes of whitespace at `start` in `bytes` (UTF-8).
    static func prefixLength(_ bytes: [UInt8], from start: Int, to end: Int) -> Int {
        var i = start
        while i < end {
            let byte = bytes[i]
            if byte < 0x80 {
                guard contains(Unicode.Scalar(byte)) else { break }
                i += 1
            } else {
                let (scalar, length) = decode(bytes, at: i, end: end)
                guard let scalar, contains(scalar) else { break }
                i += length
            }
        }
        return i - start
    }

    /// The offset where the trailing whitespace of `bytes[start..<end]` begins.
    static func trimmedEnd(_ bytes: [UInt8], from start: Int, to end: Int) -> Int {
        var i = end
        while i > start {
            var j = i - 1
            while j > start, bytes[j] & 0xC0 == 0x80 { j -= 1 }
            let (scalar, _) = decode(bytes, at: j, end: i)
            guard let scalar, contains(scalar) else { break }
            i = j
        }
        return i
    }

    /// Decodes one UTF-8 scalar at `at`; nil for an invalid sequence (length 1).
    static func decode(_ bytes: [UInt8], at: Int, end: Int) -> (Unicode.Scalar?, Int) {
        var iterator = bytes[at..<end].makeIterator()
        var decoder = UTF8()
        switch decoder.decode(&iterator) {
        case .scalarValue(let scalar): return (scalar, UTF8.width(scalar))
        default: return (nil, 1)
        }
    }

    /// `text` without leading and trailing Python whitespace (`str.strip()`).
    static func strip(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !contains($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !contains($0) })!
        return String(scalars[first...last])
    }
}
