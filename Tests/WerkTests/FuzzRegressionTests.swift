import Testing
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import Werk

/// Inputs the libFuzzer targets of Benchmarks/fuzz.sh found breaking a property, kept as tests
/// once fixed. Each names the target and the property it broke.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// headers: `a *=...` kept the space in the key, so the dumped header parsed to another key.
    /// A name followed by a space is no parameter at all now (RFC 9110 s5.6.6, as Werkzeug
    /// reads it), and the round trip holds.
    @Test func extendedParameterNameIsTrimmedBeforeTheStar() {
        let parsed = parseOptionsHeader("x;a *=koi8-r''pr!oxy-rqBc")
        #expect(parsed.options == [:])
        let dumped = dumpOptionsHeader(parsed.value, parsed.options.map { ($0.key, $0.value) })
        #expect(parseOptionsHeader(dumped).options == parsed.options)
        #expect(parseOptionsHeader("attachment; filename *0=\"a\"; filename *1=b").options == [:])
        #expect(parseOptionsHeader("attachment; filename*0=\"a\"; filename*1=b").options == ["filename": "ab"])
    }

    /// headers: `a**=...` was read as the extended parameter `a*`, whose dumped form `a*=...`
    /// then failed to decode; a parmname has no `*` (RFC 8187 s3.2.1), so `a**` is a plain key.
    @Test func onlyOneStarMakesAnExtendedParameter() {
        #expect(parseDictHeader("a**=F-'e%C1") == ["a**": "F-'e%C1"])
        #expect(parseDictHeader("a*=UTF-8''%C3%A9") == ["a": "\u{E9}"])
        let cache = CacheControl(parsing: "a**=F-'e%C1%, max-age=5")
        #expect(CacheControl(parsing: cache.headerValue) == cache)
        #expect(cache.extensions["a**"] == .some("F-'e%C1%"))
    }

    /// headers: Authorization kept auth-param names that are not tokens, which headerValue then
    /// wrote as a different header.
    @Test func authorizationParameterNamesAreTokens() throws {
        let parsed = try #require(Authorization(parsing: "X 0aa0; **utf-'; a=\"m\", ok=1, b c=2"))
        #expect(parsed.parameters == ["ok": "1"])
        #expect(Authorization(parsing: parsed.headerValue) == parsed)
    }

    /// cookies: dumpCookie dropped the leading dot of a domain as a Character, and with it a
    /// combining mark that followed the dot.
    @Test func onlyTheDomainsDotIsDropped() throws {
        let header = try dumpCookie(name: "a", value: "b", path: nil, domain: ".\u{301}\u{35F}r")
        #expect(header == "a=b; Domain=" + werkIDNAEncodeHost("\u{301}\u{35F}r")!)
        #expect(try dumpCookie(name: "a", value: "b", path: nil, domain: ".example.com") == "a=b; Domain=example.com")
    }

    /// percent: safeJoin split the path by Character, so a "/" followed by a combining mark was
    /// no separator and `../\u{301}x` passed as one segment, which the file system reads as `..`.
    @Test(arguments: ["../\u{301}x", "/\u{6D7}w", "a/\u{301}/../../etc", "a//\u{301}", "./\u{301}"])
    func safeJoinSplitsAtEverySlashByte(path: String) {
        #expect(safeJoin(root: "/srv/static", path, resolvingLinks: false) == nil)
    }

    /// The same Character split in uploadFilename (found reading the code after the safeJoin
    /// finding; the multipart target now checks it): `etc/\u{301}passwd` kept the "/".
    @Test(arguments: [("../../etc/\u{301}passwd", "\u{301}passwd"), ("C:\\x\\\u{301}a.txt", "\u{301}a.txt"), ("a/..", "")])
    func uploadFilenameKeepsOneComponent(raw: String, expected: String) {
        #expect(uploadFilename(raw) == expected)
    }

    @Test func safeJoinKeepsNamesWithMarks() {
        #expect(safeJoin(root: "/srv/static/", "a/\u{301}b", resolvingLinks: false) == "/srv/static/a/\u{301}b")
    }

    /// httpdate: a +hhmm offset moved the instant before year 1, which format cannot write, so
    /// format then parse gave another instant.
    @Test(arguments: ["Mon, 01 Jan 0001 00:00:00 +2359", "Fri, 31 Dec 9999 23:59:59 -0001"])
    func offsetsOutsideTheWritableYearsAreRefused(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test func offsetsInsideTheWritableYearsStillParse() throws {
        let date = try #require(HTTPDate.parse("Mon, 01 Jan 0001 00:00:00 -0100"))
        #expect(HTTPDate.format(date) == "Mon, 01 Jan 0001 01:00:00 GMT")
        #expect(HTTPDate.parse(HTTPDate.format(date)) == date)
    }

    /// iri: uriToIRI decoded an `xn--` label holding percent escapes, inserting characters into
    /// them, so URI -> IRI -> URI changed the URI.
    @Test func aPunycodeLabelWithEscapesIsNotDecoded() {
        let uri = "http://xn--%7B%7D%7C%5C%5E%60-9z78aa/"
        #expect(uriToIRI(uri) == uri)
        #expect(iriToURI(uriToIRI(uri)) == uri)
        // Real ACE labels still decode, and only when they encode back the same.
        #expect(uriToIRI("http://xn--n3h.net/") == "http://\u{2603}.net/")
        #expect(werkIDNADecodeHost("xn--abc-") == "xn--abc-")
        #expect(werkIDNADecodeHost(werkIDNAEncodeHost("\u{FC}\u{E4}=\u{F6}")!) == "\u{FC}\u{E4}=\u{F6}")
    }

    /// percent: URLParts took `127.0.0.1:54A1]...` (a colon, no brackets) as a host and wrote it
    /// back in brackets, which did not parse.
    @Test(arguments: ["ht.p://127.0.0.1:54A1]x:", "http://a:b:80/", "http://a:b:/"])
    func aHostWithAColonOutsideBracketsIsRefused(url: String) {
        #expect(URLParts(parsing: url) == nil)
    }

    /// percent: `//[[]/` gave the host `[`, written back without brackets as `//[/`.
    @Test(arguments: ["//[[]/", "http://[]/", "http://[a]/", "http://[::1%25]/", "http://[::1%zz]/", "http://[::1%25a%2]/"])
    func aBracketedHostMustBeAnIPv6Address(url: String) {
        #expect(URLParts(parsing: url) == nil)
    }

    @Test(arguments: ["http://[::1]:80/", "http://h:/", "http://h:8080/x", "http://[fe80::1%25en0]/", "http://[::ffff:1.2.3.4]/",
                      "http://[FE80::A%25e%41]/"])
    func hostsThatRoundTripStillParse(url: String) throws {
        let parts = try #require(URLParts(parsing: url))
        #expect(URLParts(parsing: parts.description) == parts)
    }

    /// percent: a combining mark after "/." hid the "." segment from a Character comparison.
    @Test(arguments: [
        ("//./\u{73D}x", "//\u{73D}x"),
        ("/a/.\u{301}/b", "/a/.\u{301}/b"),
        ("/a/../\u{301}", "/\u{301}"),
        ("/./../\u{301}/.", "/\u{301}/"),
    ])
    func dotSegmentsAreFoundByBytes(path: String, expected: String) {
        #expect(werkRemoveDotSegments(Substring(path)) == expected)
        #expect(werkRemoveDotSegments(Substring(expected)) == expected)
    }

    /// rules: a quote followed by a combining mark was one Character, not a quote, so a
    /// parsed argument written back quoted did not parse.
    @Test func ruleArgumentsAreReadByScalars() throws {
        #expect(try RuleParser.parseArguments("'\u{65D}__'") == ConverterArguments(positional: [.string("\u{65D}__")]))
        #expect(try RuleParser.parseArguments("\u{65D}__") == ConverterArguments(positional: [.string("\u{65D}__")]))
        #expect(try RuleParser.parseArguments("k='\u{301}a, b'") == ConverterArguments(keyword: ["k": .string("\u{301}a, b")]))
    }

    /// routing: an unsigned float placeholder given -0.0 built `/-0.0`, which it does not match.
    @Test func negativeZeroBuildsAsZero() throws {
        let map = try Map([Rule("/<float:f>", endpoint: "f"), Rule("/s/<float(signed=True):f>", endpoint: "s")])
        let adapter = map.bind()
        #expect(try adapter.build("f", ["f": "-0"]) == "/0.0")
        #expect(try adapter.build("f", ["f": -0.0]) == "/0.0")
        #expect(try adapter.match("/0.0").values.double("f") == 0)
        #expect(try adapter.build("s", ["f": -0.0]) == "/s/-0.0")
        #expect(try adapter.match("/s/-0.0").values.double("f") == 0)
    }

    @Test func rulePatternsSplitAtEverySlash() throws {
        // The matcher splits paths at every "/" byte; the pattern parser must split the same way.
        let segments = try RuleParser.parsePath("/a/\u{301}b/<x>")
        #expect(segments.count == 3)
        #expect(segments.first == .literal("a"))
        let map = try Map([Rule("/a/\u{301}b", endpoint: "e")])
        #expect(try map.bind().match("/a/\u{301}b").endpoint == "e")
    }

    /// percent: the harness took `!text.contains("%")` for "nothing to decode", but U+0600 (a
    /// Prepend scalar) or a combining mark joins "%" into one Character that `contains` misses.
    /// Decoding works on bytes, so the escape is decoded; any() checks its words by bytes too.
    @Test func aPercentSignInsideOneCharacterIsStillAnEscape() throws {
        #expect(percentDecode("\u{600}%41") == "\u{600}A")
        #expect(percentDecodeBytes("%\u{301}") == Array("%\u{301}".utf8))
        // The router's any() refuses a word with a slash byte however the Characters fall.
        #expect(throws: RouteConverterError.self) {
            try AnyConverter(arguments: ConverterArguments(positional: [.string("a/\u{301}b")]))
        }
    }
}

/// More inputs from the `iri` target.
@Suite("Fuzz regressions: IRI")
struct IRIFuzzRegressionTests {
    /// iri: text before the first ":" that is not a scheme was copied into the URI as it was,
    /// control characters and all.
    @Test(arguments: [
        ("\u{1}Yhttp://\u{2603}.net/p", "%01Yhttp://xn--n3h.net/p"),
        ("h\u{E9}:x", "h%C3%A9:x"),
        ("1a:b", "1a:b"),
        ("http://h/", "http://h/"),
    ])
    func anInvalidSchemeIsEncoded(iri: String, uri: String) {
        #expect(iriToURI(iri) == uri)
        #expect(iriToURI(uri) == uri)
        #expect(iriToURI(uriToIRI(uri)) == uri)
    }

    /// iri: an authority with an unterminated IP literal was encoded keeping its colons, and the
    /// result read back as a host and a port, so iriToURI was not idempotent.
    @Test(arguments: ["http://[:::8\u{6BC}B6/x", "http://u@[::1/", "http://[v1.x"])
    func aBrokenIPLiteralIsEncodedOnce(iri: String) {
        let uri = iriToURI(iri)
        #expect(uri.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F })
        #expect(iriToURI(uri) == uri)
        #expect(iriToURI(uriToIRI(uri)) == uri)
    }

    /// iri: uriToIRI percent-decoded a host, and iriToURI then IDNA-encoded it, so the URI
    /// changed; now escapes in a host stay as they are, and only `xn--` labels are decoded.
    @Test(arguments: [
        "http://%5B%3A%3A%3A8%DA%BCB6/x",
        "http://h%C3%A9.example/",
        "http://user:p%C3%A4@xn--bcher-kva.xn--de%01%00-fc57g#f%20g",
        "http://xn--r6jz45g.example/",   // decodes to a label ending in U+3002, an IDNA dot
        "http://xn--t%00-fg4n.xn--f-vduq770f/",   // the second label starts with a combining mark
    ])
    func hostEscapesSurviveURIToIRIAndBack(uri: String) {
        #expect(iriToURI(uriToIRI(uri)) == uri)
    }
}
