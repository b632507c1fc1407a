import Testing
@testable import Werk

@Suite("Cookie header parsing")
struct CookieTests {
    @Test(arguments: [
        ("a=1; b=2", [("a", "1"), ("b", "2")]),
        ("a=1;b=2", [("a", "1"), ("b", "2")]),
        ("  a = 1 ;  b=2  ", [("a", "1"), ("b", "2")]),
        ("a=1; a=2", [("a", "1"), ("a", "2")]),
        ("a=", [("a", "")]),
        ("a=1; novalue; b=2", [("a", "1"), ("novalue", ""), ("b", "2")]),
        ("=3; b=2", [("b", "2")]),
        ("  =x", []),
        ("", []),
        (";;;", []),
        ("a=b=c", [("a", "b=c")]),
        (#"d="q\"x""#, [("d", "q\"x")]),
        (#"d="a;b"; e=1"#, [("d", "a;b"), ("e", "1")]),
        (#"a="\342\200\234""#, [("a", "“")]),
        (#"a="x\\y""#, [("a", "x\\y")]),
        (#"a="\q""#, [("a", "q")]),
        (#"a="\400""#, [("a", "400")]),
        (#"a="\377""#, [("a", "\u{FFFD}")]),
        (#"a="""#, [("a", "")]),
        (#"e="unterminated; f=6"#, [("e", "\"unterminated"), ("f", "6")]),
        (#"a="x"junk; b=1"#, [("a", "\"x\"junk"), ("b", "1")]),
        (#"a="trailing\"#, [("a", "\"trailing\\")]),
        ("a=\"", [("a", "\"")]),
        ("a=ü; ö=2", [("a", "ü"), ("ö", "2")]),
        ("a=1\t;\tb=2", [("a", "1"), ("b", "2")]),
        ("a=%41", [("a", "%41")]),
    ] as [(String, [(String, String)])])
    func parse(_ header: String, _ expected: [(String, String)]) {
        let cookies = parseCookieHeader(header)
        #expect(cookies.items.map(\.key) == expected.map(\.0))
        #expect(cookies.items.map(\.value) == expected.map(\.1))
    }

    @Test func garbageNeverCrashes() {
        let garbage = ["\"", "\\", "=\"", "a=\"\\", "a=\"\\1", "a=\"\\12", ";=;=;", "\u{0}=\u{0}", "a=\"\"\"\"",
                       String(repeating: "=\";\\", count: 100)]
        for header in garbage {
            _ = parseCookieHeader(header)
        }
        #expect(parseCookieHeader("a=\"\\12").first("a") == "\"\\12")
    }
}
