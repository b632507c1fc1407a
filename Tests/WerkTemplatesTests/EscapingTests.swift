// Autoescaping: every character Jinja escapes, never twice, safe values as they are.
import Testing
import Werk
@testable import WerkTemplates

@Suite struct EscapingTests {
    @Test(arguments: [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&#34;"), ("'", "&#39;")])
    func escapesEachCharacterAsJinja(_ character: String, _ reference: String) throws {
        let templates = Templates(sources: ["t.html": "{{ v }}|{{ v|e }}|{{ v|safe }}", "t.txt": "{{ v }}"])
        let value = "a\(character)b\(character)"
        #expect(try templates.render("t.html", ["v": .string(value)]) == "a\(reference)b\(reference)|a\(reference)b\(reference)|\(value)")
        #expect(try templates.render("t.txt", ["v": .string(value)]) == value)
        // The same references as Werk's escapeHTML.
        #expect(escapeHTML(value) == "a\(reference)b\(reference)")
    }

    @Test func neverEscapesTwice() throws {
        let templates = Templates(sources: ["t.html": "{{ v|e }}|{{ v|e|e }}|{{ v|escape|escape|safe }}|{% set s %}{{ v }}{% endset %}{{ s }}|{{ s|e }}"])
        #expect(try templates.render("t.html", ["v": "<&>"]) == "&lt;&amp;&gt;|&lt;&amp;&gt;|&lt;&amp;&gt;|&lt;&amp;&gt;|&lt;&amp;&gt;")
    }

    @Test func safeValuesFromSwiftAreNotEscaped() throws {
        let templates = Templates(sources: ["t.html": "{{ html }}|{{ text }}|{{ html ~ text }}"])
        #expect(try templates.render("t.html", ["html": .safe("<b>bold</b>"), "text": "<i>"]) == "<b>bold</b>|&lt;i&gt;|<b>bold</b>&lt;i&gt;")
    }

    @Test func longAndUnicodeTextEscapesEveryOccurrence() throws {
        let piece = "naïve <O'Brien> & \"co\" — ok "
        let value = String(repeating: piece, count: 50)
        let templates = Templates(sources: ["t.html": "{{ v }}"])
        #expect(try templates.render("t.html", ["v": .string(value)]) == escapeHTML(value))
    }

    @Test func autoescapeFollowsTheExtension() throws {
        let names = ["a.html", "a.HTM", "a.xml", "a.txt", "a.js", "a"]
        var sources: [String: String] = [:]
        for name in names { sources[name] = "{{ v }}" }
        let templates = Templates(sources: sources)
        let rendered = try names.map { try templates.render($0, ["v": "<"]) }
        #expect(rendered == ["&lt;", "&lt;", "&lt;", "<", "<", "<"])
        let always = Templates(sources: ["a.txt": "{{ v }}"], autoescape: .always)
        #expect(try always.render("a.txt", ["v": "<"]) == "&lt;")
        let never = Templates(sources: ["a.html": "{{ v }}"], autoescape: .never)
        #expect(try never.render("a.html", ["v": "<"]) == "<")
    }
}
