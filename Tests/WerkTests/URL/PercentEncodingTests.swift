import Testing
@testable import Werk

@Suite("Percent encoding")
struct PercentEncodingTests {
    @Test(arguments: [
        ("abcXYZ019-._~", "/", false, "abcXYZ019-._~"),
        ("a b", "/", false, "a%20b"),
        ("a b", "/", true, "a+b"),
        ("a b", " ", true, "a b"),
        ("/path/to", "/", false, "/path/to"),
        ("/path/to", "", false, "%2Fpath%2Fto"),
        ("ü€", "/", false, "%C3%BC%E2%82%AC"),
        ("100%", "/", false, "100%25"),
        ("a+b=c&d", "/", false, "a%2Bb%3Dc%26d"),
        ("a+b=c&d", "+=&", false, "a+b=c&d"),
        ("", "/", false, ""),
        ("\u{0}\n", "/", false, "%00%0A"),
        ("😀", "😀", false, "%F0%9F%98%80"),
    ])
    func encode(_ input: String, _ safe: String, _ plus: Bool, _ expected: String) {
        #expect(percentEncode(input, safe: safe, spaceAsPlus: plus) == expected)
    }

    @Test(arguments: [
        ("plain", false, "plain"),
        ("a%20b", false, "a b"),
        ("a+b", false, "a+b"),
        ("a+b", true, "a b"),
        ("caf%C3%A9", false, "café"),
        ("caf%c3%a9", false, "café"),
        ("%zz", false, "%zz"),
        ("%4", false, "%4"),
        ("100%", false, "100%"),
        ("%", false, "%"),
        ("%%41", false, "%A"),
        ("%4%41", false, "%4A"),
        ("%FF", false, "\u{FFFD}"),
        ("a%C3", false, "a\u{FFFD}"),
        ("%C3%28", false, "\u{FFFD}("),
        ("%ED%A0%80", false, "\u{FFFD}\u{FFFD}\u{FFFD}"),
        ("%2B", true, "+"),
        ("", false, ""),
    ])
    func decode(_ input: String, _ plus: Bool, _ expected: String) {
        #expect(percentDecode(input, plusAsSpace: plus) == expected)
    }

    @Test func decodeBytesKeepsRawBytes() {
        #expect(percentDecodeBytes("%FF%00a+") == [0xFF, 0x00, 0x61, 0x2B])
        #expect(percentDecodeBytes("a+", plusAsSpace: true) == [0x61, 0x20])
        #expect(percentDecodeBytes("%g0%") == Array("%g0%".utf8))
        #expect(percentDecodeBytes("") == [])
    }

    @Test func roundTripsArbitraryText() {
        let samples = ["", "a b+c", "ü/€?#&=", "%41", "😀 \u{0}", String(repeating: "x%", count: 50)]
        for s in samples {
            #expect(percentDecode(percentEncode(s, safe: "")) == s)
            #expect(percentDecode(percentEncode(s, safe: "", spaceAsPlus: true), plusAsSpace: true) == s)
        }
    }
}
