import Testing
@testable import Werk

@Suite struct OptionsHeaderTests {
    @Test(arguments: [
        ("text/html; charset=utf-8", "text/html", ["charset": "utf-8"]),
        ("text/html", "text/html", [:]),
        ("  text/html  ", "text/html", [:]),
        ("text/html; Charset=UTF-8", "text/html", ["charset": "UTF-8"]),
        ("text/html;charset=\"utf-8\"", "text/html", ["charset": "utf-8"]),
        ("attachment; filename=\"a;b.txt\"; x=1", "attachment", ["filename": "a;b.txt", "x": "1"]),
        ("x; a=\"b\\\"c\\\\d\"", "x", ["a": "b\"c\\d"]),
        ("text/html; foo; bar=baz", "text/html", ["bar": "baz"]),
        ("text/html;;; a=1 ;", "text/html", ["a": "1"]),
        ("form-data; name=\"field\"; filename=\"\"", "form-data", ["name": "field", "filename": ""]),
        ("x; a=1; a=2", "x", ["a": "2"]),
        // An unterminated quoted string is no value (Werkzeug drops it too); the next one counts.
        ("x; a=\"unterminated; b=2", "x", ["b": "2"]),
        // No space around "=" (RFC 9110 s5.6.6); an unquoted value is one token.
        ("x; a = 1 ", "x", [:]),
        ("x; a=1 2; b=3", "x", ["a": "1", "b": "3"]),
        ("x; =1", "x", [:]),
        ("x; a=\"q\"junk; b=2", "x", ["a": "q", "b": "2"]),
        ("", "", [:]),
        ("   ", "", [:]),
        (" ; a=b", "", [:]),
    ] as [(String, String, [String: String])])
    func parses(input: String, value: String, options: [String: String]) {
        let r = parseOptionsHeader(input)
        #expect(r.value == value)
        #expect(r.options == options)
    }

    @Test func nilInput() {
        let r = parseOptionsHeader(nil)
        #expect(r.value == "")
        #expect(r.options.isEmpty)
    }

    @Test(arguments: [
        // RFC 8187 s3.2.2 / RFC 5987 s3.2.2 examples
        ("attachment; title*=iso-8859-1'en'%A3%20rates", "title", "\u{a3} rates"),
        ("attachment; title*=UTF-8''%c2%a3%20and%20%e2%82%ac%20rates", "title", "\u{a3} and \u{20ac} rates"),
        ("attachment; filename*=UTF-8''na%C3%AFve.txt", "filename", "na\u{ef}ve.txt"),
        // The * form wins regardless of order.
        ("attachment; filename*=UTF-8''na%C3%AFve.txt; filename=\"x\"", "filename", "na\u{ef}ve.txt"),
        ("attachment; filename=\"x\"; filename*=UTF-8''na%C3%AFve.txt", "filename", "na\u{ef}ve.txt"),
        // Quoted extended value (seen in the wild).
        ("attachment; filename*=\"UTF-8''a%20b\"", "filename", "a b"),
        // RFC 2231 s4 example
        ("application/x-stuff; title*=us-ascii'en-us'This%20is%20%2A%2A%2Afun%2A%2A%2A",
         "title", "This is ***fun***"),
        // RFC 2231 s3 continuation example
        ("message/external-body; access-type=URL; URL*0=\"ftp://\"; URL*1=\"cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar\"",
         "url", "ftp://cs.utk.edu/pub/moore/bulk-mailer/bulk-mailer.tar"),
        // RFC 2231 s4.1 combined example
        ("application/x-stuff; title*0*=us-ascii'en'This%20is%20even%20more%20; title*1*=%2A%2A%2Afun%2A%2A%2A%20; title*2=\"isn't it!\"",
         "title", "This is even more ***fun*** isn't it!"),
        // Sections out of order are sorted.
        ("x; a*1=b; a*0=a", "a", "ab"),
        // A gap stops joining.
        ("x; a*0=a; a*2=c", "a", "a"),
        // Continuation with a multi-byte UTF-8 character split over sections.
        ("x; n*0*=utf-8''%C3; n*1*=%AF", "n", "\u{ef}"),
        // Unknown charset: decoded as UTF-8 when valid.
        ("x; a*=koi8-r''abc", "a", "abc"),
        // Invalid UTF-8 under a utf-8 label becomes U+FFFD, as in Werkzeug.
        ("x; a*=utf-8''%E9t%E9", "a", "\u{FFFD}t\u{FFFD}"),
        // Invalid UTF-8 under an unknown label falls back to ISO-8859-1.
        ("x; a*=x-unknown''%E9t%E9", "a", "\u{e9}t\u{e9}"),
    ])
    func extendedValues(input: String, key: String, expected: String) {
        let r = parseOptionsHeader(input)
        #expect(r.options[key] == expected)
        #expect(r.options.keys.allSatisfy { !$0.contains("*") })
    }

    /// A malformed extended value is still a value, as Werkzeug 3.1 reads it (each expected
    /// value is `werkzeug.http.parse_options_header`'s): dropping it turned an upload with a
    /// malformed `filename*` into a text field.
    @Test(arguments: [
        ("x; a*=utf-8''%ZZ", "%ZZ"),            // bad escape, kept as written
        ("x; a*=utf-8''%4", "%4"),              // truncated escape
        ("x; a*=nolanguage", "nolanguage"),     // no charset'lang': kept whole
        ("x; a*=utf-8'%41", "utf-8'%41"),       // only one quote
    ])
    func malformedExtendedValuesAreKept(input: String, expected: String) {
        let r = parseOptionsHeader(input)
        #expect(r.value == "x")
        #expect(r.options["a"] == expected)
    }

    @Test func theExtendedFormWinsEvenMalformed() {
        #expect(parseOptionsHeader("x; a=plain; a*=utf-8''%ZZ").options == ["a": "%ZZ"])
    }

    @Test(arguments: [
        ("text/html", [("charset", "utf-8")], "text/html; charset=utf-8"),
        ("form-data", [("name", "a b"), ("x", nil)], "form-data; name=\"a b\"; x"),
        ("attachment", [("filename", "say \"hi\".txt")], "attachment; filename=\"say \\\"hi\\\".txt\""),
        ("x", [("empty", "")], "x; empty=\"\""),
        ("x", [], "x"),
    ] as [(String, [(String, String?)], String)])
    func dumps(value: String, options: [(String, String?)], expected: String) {
        #expect(dumpOptionsHeader(value, options) == expected)
    }

    @Test func dumpThenParseRoundTrips() {
        let options: [(String, String?)] = [("a", "1"), ("b", "x y;z"), ("c", "q\"uo\\te")]
        let r = parseOptionsHeader(dumpOptionsHeader("v/w", options))
        #expect(r.value == "v/w")
        #expect(r.options == ["a": "1", "b": "x y;z", "c": "q\"uo\\te"])
    }
}
