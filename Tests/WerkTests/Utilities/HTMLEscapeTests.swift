import Testing
@testable import Werk

@Suite("HTML escaping")
struct HTMLEscapeTests {
    @Test(arguments: [
        ("plain text", "plain text"),
        ("", ""),
        ("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        (#"a & b "c""#, "a &amp; b &#34;c&#34;"),
        ("&amp;", "&amp;amp;"),
        ("ü <ü> €", "ü &lt;ü&gt; €"),
        ("😀&", "😀&amp;"),
    ])
    func escape(_ input: String, _ expected: String) {
        #expect(escapeHTML(input) == expected)
        #expect(unescapeHTML(expected) == input)
    }

    @Test(arguments: [
        ("&lt;b&gt; &#233;&#x263A; &bogus;", "<b> é☺ &bogus;"),
        ("&quot;&apos;&nbsp;&#34;&#39;", "\"'\u{A0}\"'"),
        ("&#X41;&#x41;&#65;", "AAA"),
        ("&#0;", "\u{FFFD}"),
        ("&#xD800;", "\u{FFFD}"),
        ("&#x110000;", "\u{FFFD}"),
        ("&#99999999999999999999999;", "\u{FFFD}"),
        ("&#x;", "&#x;"),
        ("&#;", "&#;"),
        ("&#65", "&#65"),
        ("&amp", "&amp"),
        ("&", "&"),
        ("&&amp;", "&&"),
        ("&AMP;", "&AMP;"),
        ("&verylongentityname;", "&verylongentityname;"),
        ("a&b", "a&b"),
        ("&#x1F600;", "😀"),
        ("no entities", "no entities"),
    ])
    func unescape(_ input: String, _ expected: String) {
        #expect(unescapeHTML(input) == expected)
    }
}
