/// The one strict parser of `Content-Length` values (RFC 9110 s8.6), shared by the server's
/// request parser, the response framing rules, the test client and `lint`.
///
/// The grammar is `1*DIGIT`; surrounding whitespace (OWS) is dropped. A comma-separated list
/// of identical values is read as that value (s8.6 lets a recipient do so); anything else
/// (signs, hex, spaces inside, differing values, an empty value) is invalid.
///
///     ContentLength.parse("42")      // .value(42)
///     ContentLength.parse("5, 5")    // .value(5)
///     ContentLength.parse("5, 6")    // .invalid
public enum ContentLength: Sendable, Equatable {
    /// A valid length.
    case value(Int)
    /// Not a valid Content-Length value.
    case invalid
    /// Digits only, but too large for an `Int` (s8.6: a recipient MUST anticipate large numbers).
    case overflow

    /// The length, when valid.
    public var length: Int? {
        if case .value(let n) = self { return n }
        return nil
    }

    /// Parses a field value given as bytes.
    public static func parse<C: Collection>(_ bytes: C) -> ContentLength where C.Element == UInt8 {
        parseBytes(bytes)
    }

    /// Parses a field value in a raw buffer (the server's request parser): the same rules,
    /// compiled for the buffer here instead of through the generic entry point.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> ContentLength {
        parseBytes(bytes)
    }

    private static func parseBytes<C: Collection>(_ bytes: C) -> ContentLength where C.Element == UInt8 {
        var result: Int?
        var overflow = false
        var value = 0, digits = 0, elementOverflow = false
        var trailingSpace = false
        // One pass: digits, optional OWS, commas between elements.
        func finish() -> Bool {
            guard digits > 0 else { return false }
            if elementOverflow {
                overflow = true
            } else if let result, result != value {
                return false
            } else {
                result = value
            }
            value = 0; digits = 0; elementOverflow = false; trailingSpace = false
            return true
        }
        for b in bytes {
            if HTTPSyntax.isDigit(b) {
                // A space between digits ("5 5") is invalid.
                if trailingSpace { return .invalid }
                let (times, o1) = value.multipliedReportingOverflow(by: 10)
                let (plus, o2) = times.addingReportingOverflow(Int(b &- 0x30))
                if o1 || o2 { elementOverflow = true }
                value = plus
                digits += 1
            } else if HTTPSyntax.isOWS(b) {
                if digits > 0 { trailingSpace = true }
            } else if b == 0x2C {
                guard finish() else { return .invalid }
            } else {
                return .invalid
            }
        }
        guard finish() else { return .invalid }
        if overflow { return result == nil ? .overflow : .invalid }
        return result.map { .value($0) } ?? .invalid
    }

    /// Parses a field value given as a string (a response header an application set).
    public static func parse(_ text: String) -> ContentLength {
        text.utf8.withContiguousStorageIfAvailable { parse($0) } ?? parse(text.utf8)
    }

    /// The field value for a length: its decimal digits (`Response` adds it to every body of
    /// known length, so this avoids the generic integer formatting).
    ///
    ///     ContentLength.format(13)   // "13"
    public static func format(_ length: Int) -> String {
        guard length >= 0 else { return String(length) }
        var digits = 1, rest = length
        while rest >= 10 { rest /= 10; digits += 1 }
        // Exactly the digits' room: up to 15 bytes the string is stored inline, not allocated.
        return String(unsafeUninitializedCapacity: digits) { buffer in
            var n = length, at = digits - 1
            repeat {
                buffer[at] = UInt8(truncatingIfNeeded: 0x30 + n % 10)
                n /= 10
                at -= 1
            } while n > 0
            return digits
        }
    }
}
