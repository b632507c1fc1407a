import Testing
@testable import Werk

@Suite struct ETagTests {
    @Test(arguments: [
        (ETag("abc"), "\"abc\""),
        (ETag("abc", weak: true), "W/\"abc\""),
        (ETag(""), "\"\""),
    ])
    func headerValue(tag: ETag, expected: String) {
        #expect(tag.headerValue == expected)
    }

    @Test(arguments: [
        ("\"abc\"", ETag("abc")),
        ("W/\"abc\"", ETag("abc", weak: true)),
        ("w/\"abc\"", ETag("abc", weak: true)),
        ("  \"abc\"  ", ETag("abc")),
        ("\"\"", ETag("")),
        ("abc", ETag("abc")),          // bare value tolerated
        ("W/abc", ETag("abc", weak: true)),
        ("\"a b,c\"", ETag("a b,c")),
    ] as [(String, ETag)])
    func parses(input: String, expected: ETag) {
        #expect(ETag(parsing: input) == expected)
    }

    @Test(arguments: ["", "   ", "W/", "\"abc", "\"a\"b", "a b", "a\"b", "\"a\", \"b\"", "W/ \"a\""])
    func rejects(input: String) {
        #expect(ETag(parsing: input) == nil)
    }

    @Test(arguments: [ETag("x"), ETag("x", weak: true), ETag(""), ETag("a-b.c", weak: true)])
    func roundTrip(tag: ETag) {
        #expect(ETag(parsing: tag.headerValue) == tag)
    }
}

@Suite struct ETagsTests {
    @Test(arguments: [
        ("\"a\", W/\"b\", c, \"d", ["a", "c"], ["b"], false),
        ("*", [], [], true),
        (" * ", [], [], true),
        ("\"a\", *", [], [], true),
        ("", [], [], false),
        ("\"xyzzy\", \"r2d2xxxx\", \"c3piozzzz\"", ["xyzzy", "r2d2xxxx", "c3piozzzz"], [], false),
        ("W/\"xyzzy\", W/\"r2d2xxxx\"", [], ["xyzzy", "r2d2xxxx"], false),
        ("\"a,b\", \"c\"", ["a,b", "c"], [], false),
        (",,\"a\",, ", ["a"], [], false),
        ("\"a\"junk, \"b\"", ["b"], [], false),
        ("\"\"", [""], [], false),
    ])
    func parses(input: String, strong: [String], weak: [String], isAny: Bool) {
        let tags = ETags(parsing: input)
        #expect(tags.strong == strong)
        #expect(tags.weak == weak)
        #expect(tags.isAny == isAny)
    }

    @Test func nilIsEmpty() {
        let tags = ETags(parsing: nil)
        #expect(tags.isEmpty)
        #expect(!tags.containsWeak("a"))
        #expect(ETags(parsing: "").isEmpty)
        #expect(!ETags(parsing: "*").isEmpty)
        #expect(!ETags(parsing: "\"a\"").isEmpty)
    }

    /// RFC 9110 s8.8.3.2 comparison table.
    @Test(arguments: [
        // header, candidate, strong match, weak match
        ("W/\"1\"", ETag("1", weak: true), false, true),
        ("W/\"1\"", ETag("2", weak: true), false, false),
        ("W/\"1\"", ETag("1"), false, true),
        ("\"1\"", ETag("1"), true, true),
        ("\"1\"", ETag("1", weak: true), false, true),
        ("*", ETag("x", weak: true), true, true),
        ("*", ETag("x"), true, true),
    ] as [(String, ETag, Bool, Bool)])
    func comparison(header: String, candidate: ETag, strong: Bool, weak: Bool) {
        let tags = ETags(parsing: header)
        #expect(tags.contains(candidate, weakComparison: false) == strong)
        #expect(tags.contains(candidate, weakComparison: true) == weak)
    }

    @Test func containsByValue() {
        let tags = ETags(parsing: "\"a\", W/\"b\"")
        #expect(tags.containsStrong("a"))
        #expect(tags.containsStrong("\"a\""))
        #expect(!tags.containsStrong("b"))
        #expect(tags.containsWeak("b"))
        #expect(tags.containsWeak("a"))
        #expect(!tags.containsWeak("c"))
        #expect(ETags(parsing: "*").containsStrong("anything"))
    }

    @Test func headerValue() {
        #expect(ETags(parsing: "W/\"b\", \"a\"").headerValue == "\"a\", W/\"b\"")
        #expect(ETags(parsing: "*").headerValue == "*")
    }
}
