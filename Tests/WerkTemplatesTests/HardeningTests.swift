// What a hostile value or template must not do: escape past autoescaping, crash the process,
// or take time out of proportion to its size. Each case is one jinja2 3.1 / markupsafe 3
// answers the same way (named where it differs).
import Testing
import Werk
@testable import WerkTemplates

@Suite struct HardeningTests {
    static func render(_ source: String, _ context: [String: TemplateValue] = [:], name: String = "t.html") throws -> String {
        try Templates(sources: [name: source]).render(name, context)
    }

    /// `%c` takes no escaped value (markupsafe raises TypeError): a quote put in raw would
    /// close the attribute.
    @Test func percentCOfASafeFormatIsAnError() throws {
        let name = "\" onerror=alert(1) x=\""
        for source in ["{{ ('<img alt=\"%c%s\">'|safe) % (name[0], name[1:]) }}",
                       "{{ '<img alt=\"%c%s\">'|safe|format(name[0], name[1:]) }}",
                       "{% set f %}<b>%c</b>{% endset %}{{ f % 34 }}"] {
            #expect(throws: (any Error).self, "\(source)") { try Self.render(source, ["name": .string(name)]) }
        }
        #expect(try Self.render("{{ '%c%c' % (65, 'b') }}") == "Ab")
    }

    /// A fill character goes into a safe string escaped, so `"` is no longer one character.
    @Test func aFillCharacterIsEscapedIntoASafeString() throws {
        #expect(throws: (any Error).self) { try Self.render("{{ (x|e).center(9, f) }}", ["x": "ab", "f": "\""]) }
        #expect(try Self.render("{{ (x|e).center(6, '*') }}", ["x": "ab"]) == "**ab**")
        #expect(throws: (any Error).self) { try Self.render("{{ x.ljust(5, 'ab') }}", ["x": "a"]) }
    }

    /// Flask autoescapes `.svg` and `.xhtml` too: an SVG opened directly runs its scripts.
    @Test(arguments: ["t.svg", "t.xhtml", "t.html", "t.xml"])
    func svgAndXHTMLAreEscaped(_ name: String) throws {
        #expect(try Self.render("<text>{{ x }}</text>", ["x": "<script>"], name: name) == "<text>&lt;script&gt;</text>")
    }

    /// A namespace that holds itself prints as Python prints a recursive dictionary (it
    /// recursed until the process crashed); a value nested deeper than 200 prints `...`.
    @Test func selfReferenceAndDeepNestingPrint() throws {
        #expect(try Self.render("{% set ns = namespace() %}{% set ns.me = ns %}{{ ns }}") == "&lt;Namespace {&#39;me&#39;: &lt;Namespace {...}&gt;}&gt;")
        // Python writes the inner list as `[...]` (the same list object); Werk's lists are
        // values, so the namespace is where the cycle is seen.
        #expect(try Self.render("{% set ns = namespace() %}{% set ns.l = [ns] %}{{ ns.l ~ '' }}", name: "t.txt") == "[<Namespace {'l': [<Namespace {...}>]}>]")
        let deep = try Self.render("{% set ns = namespace(l=[]) %}{% for i in range(5000) %}{% set ns.l = [ns.l] %}{% endfor %}{{ ns.l }}", name: "t.txt")
        #expect(deep.hasPrefix("[[[") && deep.contains("..."))
    }

    /// Linear where it was quadratic: `striptags` of many unclosed comments, `unique` of many
    /// distinct values, and compiling many tags on one line (a minified template).
    @Test func largeInputsStayLinear() throws {
        let started = ContinuousClock.now
        let comments = String(repeating: "<!--a>", count: 20_000)
        #expect(try Self.render("{{ x|striptags }}", ["x": .string(comments)]) == "")
        let values = TemplateValue.list((0..<20_000).map { .string("v\($0)") })
        #expect(try Self.render("{{ x|unique|length }}", ["x": values]) == "20000")
        let oneLine = String(repeating: "{{ x }}", count: 20_000)
        #expect(try Self.render(oneLine, ["x": "a"]).count == 20_000)
        #expect(ContinuousClock.now - started < .seconds(20))
    }

    @Test func uniqueTreatsEqualNumbersAsPythonDoes() throws {
        #expect(try Self.render("{{ [1, 1.0, true, 'a', 'A', none, none, 2.5]|unique|list }}", name: "t.txt")
                == "[1, 'a', None, 2.5]")
    }

    /// markupsafe: `striptags` collapses whitespace before decoding entities.
    @Test func striptagsKeepsNonBreakingSpaces() throws {
        #expect(try Self.render("{{ x|striptags }}", ["x": "a&nbsp;&nbsp;<b>b</b> <!-- c -->  d"], name: "t.txt") == "a\u{A0}\u{A0}b d")
    }

    /// `?page=inf` through `|int` is the default, as in Jinja, never an error page. (`1e30`:
    /// Jinja gives the big integer; Werk's integers are 64-bit, so it gives the default.)
    @Test(arguments: [("inf", "0"), ("-inf", "0"), ("1e400", "0"), ("nan", "0"), ("1e30", "0"), ("42.9", "42"), ("x", "0")])
    func intOfTextGivesTheDefault(_ text: String, _ expected: String) throws {
        #expect(try Self.render("{{ p|int }}", ["p": .string(text)], name: "t.txt") == expected)
        #expect(try Self.render("{{ p|int(5) }}", ["p": .string(text)], name: "t.txt") == (expected == "0" ? "5" : expected))
    }

    /// Methods of a safe string search for their arguments as written (markupsafe escapes only
    /// what goes into the result: `replace`'s new text, `join`'s items, fill characters).
    @Test func safeStringMethodsSearchTheTextAsWritten() throws {
        let source = "{% set h %}<p>a<br>b</p>{% endset %}{{ h.startswith('<p>') }}|{{ h.count('<') }}|{{ h.split('<br>')|length }}|{{ h.strip('<>p/') }}|{{ h|replace('<br>', ' ') }}|{{ h.replace('<br>', '<i>') }}"
        #expect(try Self.render(source) == "True|3|2|a<br>b|<p>a b</p>|<p>a&lt;i&gt;b</p>")
    }
}
