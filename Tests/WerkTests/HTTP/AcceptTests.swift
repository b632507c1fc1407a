import Testing
@testable import Werk

@Suite struct AcceptTests {
    static let rfcExample = "text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed, text/plain;format=fixed;q=0.4, */*;q=0.5"

    /// RFC 9110 s12.5.1. The published table's `text/html;level=3` row says
    /// 0.7, a leftover from RFC 7231's example; by the stated rule only
    /// `text/*` matches it, giving 0.3 (Werkzeug agrees).
    @Test(arguments: [
        ("text/plain;format=flowed", 1.0),
        ("text/plain", 0.7),
        ("text/html", 0.3),
        ("image/jpeg", 0.5),
        ("text/plain;format=fixed", 0.4),
        ("text/html;level=3", 0.3),
        ("TEXT/PLAIN", 0.7),
        ("text/plain; format=\"flowed\"", 1.0),
    ])
    func rfcMediaRangeExample(offer: String, quality: Double) {
        let accept = Accept(parsing: Self.rfcExample, kind: .mime)
        #expect(accept.quality(of: offer) == quality)
    }

    @Test func entriesSortedStably() {
        let accept = Accept(parsing: Self.rfcExample, kind: .mime)
        #expect(accept.entries.map(\.value) == ["text/plain", "text/plain", "*/*", "text/plain", "text/*"])
        #expect(accept.entries.map(\.quality) == [1, 0.7, 0.5, 0.4, 0.3])
        #expect(accept.entries[0].parameters == ["format": "flowed"])
        #expect(accept.entries[1].parameters == [:])
    }

    @Test(arguments: [
        // Werkzeug skips elements with malformed or out-of-range q values.
        ("text/html;q=abc, a/b;q=0.5", ["a/b"]),
        ("text/html;q=2, a/b", ["a/b"]),
        ("text/html;q=-1, a/b", ["a/b"]),
        ("text/html;q=, a/b", ["a/b"]),
        ("text/html;q=1.0001, a/b", ["a/b"]),
        ("text/html;q=0.5.5, a/b", ["a/b"]),
        ("text/html;q=99999999999999999999999, a/b", ["a/b"]),
        ("c/d;q=.3", ["c/d"]),
        // Malformed media ranges are skipped; a lone * means */*.
        ("text, /html, html/, a/b/c, */*", ["*/*"]),
        ("*; q=.2", ["*/*"]),
        (", , ;q=1", []),
        ("", []),
    ])
    func malformedEntries(input: String, values: [String]) {
        #expect(Accept(parsing: input, kind: .mime).entries.map(\.value) == values)
    }

    @Test(arguments: [("1", 1.0), ("0", 0.0), ("0.5", 0.5), (".5", 0.5), ("1.000", 1.0), ("0.123", 0.123), ("0.3", 0.3)])
    func qualityValues(q: String, expected: Double) {
        #expect(Accept.parseQuality(q) == expected)
    }

    @Test func qZeroNeverMatches() {
        let accept = Accept(parsing: "text/html;q=0, */*", kind: .mime)
        #expect(accept.entries.count == 2)
        #expect(accept.quality(of: "text/html") == 0)
        #expect(accept.quality(of: "image/png") == 1)
        #expect(accept.bestMatch(["text/html"]) == nil)
        #expect(accept.bestMatch(["text/html"], default: "x/y") == "x/y")
        #expect(accept.bestMatch(["text/html", "image/png"]) == "image/png")
    }

    @Test func acceptExtensionsAfterQAreNotParameters() {
        let accept = Accept(parsing: "text/plain;a=1;q=0.5;ext=2", kind: .mime)
        #expect(accept.entries == [Accept.Entry(value: "text/plain", quality: 0.5, parameters: ["a": "1"])])
    }

    @Test(arguments: [nil, "", "  "] as [String?])
    func missingHeaderAcceptsEverything(input: String?) {
        for kind in [Accept.Kind.mime, .language, .charset, .encoding] {
            let accept = Accept(parsing: input, kind: kind)
            #expect(accept.isEmpty)
            #expect(accept.quality(of: "anything/else") == 1)
            #expect(accept.bestMatch(["b", "a"]) == "b")
            #expect(accept.bestMatch([], default: "d") == "d")
        }
    }

    @Test(arguments: [
        ("text/html, application/json", ["application/json", "text/html"], "application/json"),
        ("text/html, */*", ["application/json", "text/html"], "text/html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", ["application/json", "text/html"], "text/html"),
        ("application/json;q=0.5, text/*;q=0.5", ["text/plain", "application/json"], "application/json"),
        ("image/*", ["text/html", "image/png", "image/gif"], "image/png"),
        ("text/html;q=0.1", ["application/json"], nil),
    ] as [(String, [String], String?)])
    func mimeBestMatch(header: String, offers: [String], expected: String?) {
        #expect(Accept(parsing: header, kind: .mime).bestMatch(offers) == expected)
    }

    @Test(arguments: [
        ("application/json", true),
        ("*/*", false),
        ("", false),
        ("text/html, application/json", false),
        ("application/json, text/html;q=0.9", true),
        ("application/*, text/*;q=0.5", true),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", false),
        ("application/json;q=0, */*", false),
        ("text/html", false),
    ] as [(String, Bool)])
    func prefersJSON(header: String, expected: Bool) {
        #expect(Accept(parsing: header, kind: .mime).prefersJSON == expected)
    }

    @Test(arguments: [
        ("da, en-gb;q=0.8, en;q=0.7", "da", 1.0),
        ("da, en-gb;q=0.8, en;q=0.7", "en-GB", 0.8),
        ("da, en-gb;q=0.8, en;q=0.7", "en-us", 0.7),
        ("da, en-gb;q=0.8, en;q=0.7", "en", 0.7),
        ("da, en-gb;q=0.8, en;q=0.7", "eng", 0.0),
        ("da, en-gb;q=0.8, en;q=0.7", "fr", 0.0),
        ("en-US", "en-us", 1.0),
        ("en-US", "en", 0.0),
        ("en-US", "en-US-x-twain", 1.0),
        ("en_US", "en-us", 1.0),
        ("fr;q=0.5, *;q=0.1", "de", 0.1),
        ("fr;q=0.5, *;q=0.1", "FR-ca", 0.5),
    ] as [(String, String, Double)])
    func languages(header: String, offer: String, quality: Double) {
        #expect(Accept(parsing: header, kind: .language).quality(of: offer) == quality)
    }

    @Test func languageBestMatch() {
        let accept = Accept(parsing: "da, en-gb;q=0.8, en;q=0.7", kind: .language)
        #expect(accept.bestMatch(["en-US", "en-GB"]) == "en-GB")
        #expect(accept.bestMatch(["fr", "de"], default: "en") == "en")
        // equal quality and specificity: first offer wins
        #expect(accept.bestMatch(["en-US", "en-AU"]) == "en-US")
    }

    @Test(arguments: [
        ("iso-8859-5, unicode-1-1;q=0.8", "ISO-8859-5", 1.0),
        ("iso-8859-5, unicode-1-1;q=0.8", "unicode-1-1", 0.8),
        ("iso-8859-5, unicode-1-1;q=0.8", "utf-8", 0.0),
        ("utf-8, *;q=0.5", "latin1", 0.5),
        ("utf-8, *;q=0.5", "UTF-8", 1.0),
    ] as [(String, String, Double)])
    func charsets(header: String, offer: String, quality: Double) {
        #expect(Accept(parsing: header, kind: .charset).quality(of: offer) == quality)
    }

    /// RFC 9110 s12.5.3 examples and the identity rule.
    @Test(arguments: [
        ("compress, gzip", "gzip", 1.0),
        ("compress, gzip", "br", 0.0),
        ("compress, gzip", "identity", 1.0),
        ("*", "br", 1.0),
        ("compress;q=0.5, gzip;q=1.0", "compress", 0.5),
        ("gzip;q=1.0, identity; q=0.5, *;q=0", "identity", 0.5),
        ("gzip;q=1.0, identity; q=0.5, *;q=0", "br", 0.0),
        ("gzip, *;q=0", "identity", 0.0),
        ("identity;q=0", "identity", 0.0),
        ("GZIP", "gzip", 1.0),
    ] as [(String, String, Double)])
    func encodings(header: String, offer: String, quality: Double) {
        #expect(Accept(parsing: header, kind: .encoding).quality(of: offer) == quality)
    }

    @Test func encodingBestMatch() {
        let accept = Accept(parsing: "gzip;q=0.8, br", kind: .encoding)
        #expect(accept.bestMatch(["gzip", "br", "identity"]) == "br")
        #expect(accept.bestMatch(["zstd"]) == nil)
        #expect(accept.bestMatch(["zstd", "identity"]) == "identity")
    }
}
