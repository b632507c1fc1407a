import Testing
@testable import Werk

/// The byte classes of `HTTPSyntax`, checked for all 256 bytes against the sets as the RFCs
/// spell them (character lists and ranges, written independently of the bit masks).
@Suite struct HTTPSyntaxTests {
    static let digits = "0123456789"
    static let letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

    /// A class by name, its implementation, and the bytes RFC 9110 / RFC 5234 / RFC 3986 put in it.
    static let classes: [(name: String, test: @Sendable (UInt8) -> Bool, members: Set<UInt8>)] = [
        ("tchar (RFC 9110 s5.6.2)", HTTPSyntax.isTChar, Set((digits + letters + "!#$%&'*+-.^_`|~").utf8)),
        ("DIGIT", HTTPSyntax.isDigit, Set(digits.utf8)),
        ("ALPHA", HTTPSyntax.isAlpha, Set(letters.utf8)),
        ("ALPHA / DIGIT", HTTPSyntax.isAlphanumeric, Set((digits + letters).utf8)),
        ("HEXDIG, either case", HTTPSyntax.isHexDigit, Set((digits + "ABCDEFabcdef").utf8)),
        ("lowercase hex", HTTPSyntax.isLowercaseHexDigit, Set((digits + "abcdef").utf8)),
        ("CTL", HTTPSyntax.isControl, Set(Array(0x00...0x1F) + [0x7F])),
        ("VCHAR", HTTPSyntax.isVChar, Set(0x21...0x7E)),
        ("obs-text", HTTPSyntax.isObsText, Set(0x80...0xFF)),
        ("OWS", HTTPSyntax.isOWS, [0x20, 0x09]),
        ("lenient space", HTTPSyntax.isSpace, [0x20, 0x09, 0x0D, 0x0A]),
        ("field value byte (RFC 9110 s5.5)", HTTPSyntax.isFieldValueByte, Set(Array(0x21...0x7E) + Array(0x80...0xFF) + [0x20, 0x09])),
        ("unreserved (RFC 3986 s2.3)", werkIsUnreservedByte, Set((digits + letters + "-._~").utf8)),
    ]

    @Test(arguments: 0..<classes.count)
    func byteClassMatchesItsDefinition(index: Int) {
        let (name, test, members) = Self.classes[index]
        for byte in UInt8.min...UInt8.max {
            #expect(test(byte) == members.contains(byte), "\(name): byte 0x\(String(byte, radix: 16))")
        }
    }

    @Test func hexValuesOfEveryByte() {
        for byte in UInt8.min...UInt8.max {
            let expected = Int(String(UnicodeScalar(byte)), radix: 16).map(UInt8.init)
            #expect(HTTPSyntax.hexValue(byte) == expected, "byte 0x\(String(byte, radix: 16))")
        }
    }

    @Test(arguments: 0...15)
    func hexDigitsWriteWhatHexValueReads(value: Int) {
        let lower = HTTPSyntax.hexDigit(UInt8(value))
        let upper = HTTPSyntax.hexDigit(UInt8(value), uppercase: true)
        #expect(String(UnicodeScalar(lower)) == String(value, radix: 16))
        #expect(String(UnicodeScalar(upper)) == String(value, radix: 16, uppercase: true))
        #expect(HTTPSyntax.hexValue(lower) == UInt8(value))
        #expect(HTTPSyntax.hexValue(upper) == UInt8(value))
    }

    @Test(arguments: [
        ("GET", true), ("Content-Type", true), ("x-custom_header.v2", true), ("!#$%&'*+-.^_`|~", true),
        ("", false), ("a b", false), ("a:b", false), ("a\"b", false), ("(comment)", false), ("a/b", false),
        ("caf\u{e9}", false), ("a\u{0}", false), ("a\r\n", false), ("{}", false),
    ])
    func tokens(text: String, isToken: Bool) {
        #expect(HTTPSyntax.isToken(text.utf8) == isToken)
        #expect(isHTTPToken(text) == isToken)
    }

    @Test(arguments: [
        ("", ""), ("abc", "abc"), (" abc ", "abc"), ("\t a b \t", "a b"), ("   ", ""),
        ("\r\nabc", "\r\nabc"), ("abc\u{0B}", "abc\u{0B}"), (" \u{e9} ", "\u{e9}"),
    ])
    func trimmingOWS(text: String, expected: String) {
        let trimmed = HTTPSyntax.trimmingOWS(Array(text.utf8))
        #expect(String(decoding: trimmed, as: UTF8.self) == expected)
        #expect(text.trimmingHTTPWhitespace() == expected)
    }

    /// The word-at-a-time media-type check agrees with the bytewise rule for every byte at every
    /// place in values of 1 to 24 bytes (across word boundaries).
    @Test func plainMediaTypeAgreesWithTheByteRule() {
        let rule = { (b: UInt8) in b > 0x20 && b < 0x7F && b != 0x22 && b != 0x3B && !(0x41...0x5A).contains(b) }
        for length in 1...24 {
            for place in 0..<length {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length)
                for b in 0...255 {
                    bytes[place] = UInt8(b)
                    let plain = bytes.withUnsafeBytes { HTTPSyntax.isPlainMediaType($0) }
                    #expect(plain == rule(UInt8(b)), "byte \(b) at \(place) of \(length)")
                }
            }
        }
        #expect([UInt8]().withUnsafeBytes { HTTPSyntax.isPlainMediaType($0) })
        #expect(Array("application/x-www-form-urlencoded".utf8).withUnsafeBytes { HTTPSyntax.isPlainMediaType($0) })
        #expect(!Array("application/x-www-form-urlencodeD".utf8).withUnsafeBytes { HTTPSyntax.isPlainMediaType($0) })
    }
}
