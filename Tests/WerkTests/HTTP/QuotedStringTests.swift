import Testing
@testable import Werk

@Suite struct QuotedStringTests {
    @Test(arguments: [
        ("gzip", true), ("text", true), ("!#$%&'*+-.^_`|~09azAZ", true),
        ("", false), ("a b", false), ("a,b", false), ("a;b", false), ("\"a\"", false),
        ("a/b", false), ("a=b", false), ("caf\u{e9}", false), ("a\tb", false), ("(x)", false),
    ])
    func token(input: String, expected: Bool) {
        #expect(isHTTPToken(input) == expected)
    }

    @Test(arguments: [
        ("utf-8", true, "utf-8"),
        ("utf-8", false, "\"utf-8\""),
        ("a b", true, "\"a b\""),
        ("", true, "\"\""),
        ("say \"hi\"", true, "\"say \\\"hi\\\"\""),
        ("C:\\dir", true, "\"C:\\\\dir\""),
        ("a;b", true, "\"a;b\""),
        ("na\u{ef}ve", true, "\"na\u{ef}ve\""),
    ])
    func quote(input: String, allowToken: Bool, expected: String) {
        #expect(quoteHeaderValue(input, allowToken: allowToken) == expected)
    }

    @Test(arguments: [
        ("\"a b\"", "a b"),
        ("plain", "plain"),
        ("\"\"", ""),
        ("\"say \\\"hi\\\"\"", "say \"hi\""),
        ("\"C:\\\\dir\"", "C:\\dir"),
        ("\"a\\nb\"", "a\\nb"),        // only \\\\ and \\" are escapes; other backslashes stay (Windows paths)
        ("\"C:\\Users\\a.txt\"", "C:\\Users\\a.txt"),
        ("\"unterminated", "\"unterminated"),
        ("\"", "\""),
        ("a\"b\"", "a\"b\""),
        ("\"trailing\\\"", "trailing\\"),
    ])
    func unquote(input: String, expected: String) {
        #expect(unquoteHeaderValue(input) == expected)
    }

    @Test(arguments: ["", "x", "a b", "\"\\", "\\\"\\\"", "tab\there", "\u{1F600}"])
    func roundTrip(value: String) {
        #expect(unquoteHeaderValue(quoteHeaderValue(value, allowToken: false)) == value)
        #expect(unquoteHeaderValue(quoteHeaderValue(value)) == value)
    }
}
