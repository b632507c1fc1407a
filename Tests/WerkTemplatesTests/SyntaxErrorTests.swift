// Syntax errors name the template, the line and column of the problem, and show the line.
import Testing
@testable import WerkTemplates

@Suite struct SyntaxErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let source: String
        let line: Int
        let column: Int
        let message: String
        var testDescription: String { message }
    }

    static let cases: [Case] = [
        Case(source: "<table>\n{% for row in rows %}\n  <tr>{{ row }}</tr>\n{% endfor %}\n{% endfor %}", line: 5, column: 4, message: "unexpected 'endfor'"),
        Case(source: "{% if x %}\n  {% endfor %}", line: 2, column: 6, message: "unexpected 'endfor', expected 'elif', 'else' or 'endif'"),
        Case(source: "a\n{% for x in y %}\n  {{ x }}", line: 3, column: 10,
             message: "unexpected end of template, expected 'endfor' or 'else' (the 'for' on line 2 is not closed)"),
        Case(source: "x\n  {{ 1 + }}", line: 2, column: 10, message: "unexpected end of print statement"),
        Case(source: "{% frobnicate %}", line: 1, column: 4, message: "unknown tag 'frobnicate'"),
        Case(source: "ok\n{{ name|nosuch }}", line: 2, column: 9, message: "no filter named 'nosuch'"),
        Case(source: "{{ x is nosuchtest }}", line: 1, column: 9, message: "no test named 'nosuchtest'"),
        Case(source: "a {# b", line: 1, column: 3, message: "missing end of comment tag"),
        Case(source: "{% raw %}abc", line: 1, column: 1, message: "missing end of raw directive"),
        Case(source: "{{ 'abc }}", line: 1, column: 4, message: "unterminated string"),
        Case(source: "{{ a $ b }}", line: 1, column: 6, message: "unexpected character '$'"),
        Case(source: "{{ [1, 2 }}", line: 1, column: 10, message: "unexpected '}', expected ']'"),
        Case(source: "{{ x ", line: 1, column: 1, message: "unexpected end of template, expected '}}'"),
        Case(source: "{% block a %}{% endblock %}\n{% block a %}{% endblock %}", line: 2, column: 4, message: "block 'a' defined twice"),
        Case(source: "{% macro m(a, a) %}{% endmacro %}", line: 1, column: 15, message: "duplicate parameter 'a'"),
        Case(source: "{% macro m(a=1, b) %}{% endmacro %}", line: 1, column: 17, message: "a parameter without a default follows one with a default"),
        Case(source: "{{ f(a=1, 2) }}", line: 1, column: 11, message: "a positional argument follows a keyword argument"),
        Case(source: "{% set 1 = 2 %}", line: 1, column: 8, message: "cannot assign to this expression"),
        Case(source: "{% else %}", line: 1, column: 4, message: "unexpected 'else'"),
        Case(source: "naïve é\n\t{{ } }}", line: 2, column: 5, message: "unexpected '}'"),
    ]

    @Test(arguments: cases)
    func namesLineAndColumn(_ test: Case) {
        let templates = Templates(sources: ["page.html": test.source])
        let error = #expect(throws: TemplateSyntaxError.self) { try templates.template(named: "page.html") }
        #expect(error?.templateName == "page.html")
        #expect(error?.line == test.line)
        #expect(error?.column == test.column)
        #expect(error?.message == test.message)
        let lines = test.source.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(error?.sourceLine == String(lines[test.line - 1]))
    }

    @Test func descriptionShowsTheLineAndACaret() throws {
        let templates = Templates(sources: ["table.html": "<table>\n{% for r in rows %}{% endfor %}\n    {% endfor %}\n"])
        let error = try #require(throws: TemplateSyntaxError.self) { try templates.template(named: "table.html") }
        #expect(error.description == """
            table.html:3:8: unexpected 'endfor'
                    {% endfor %}
                       ^
            """)
    }

    @Test func tabsStayTabsBeforeTheCaret() throws {
        let templates = Templates(sources: ["t.html": "\t\t{{ x|nosuch }}"])
        let error = try #require(throws: TemplateSyntaxError.self) { try templates.template(named: "t.html") }
        #expect(error.description.hasSuffix("\n    \t\t     ^"))
    }

    @Test func errorInAnIncludedTemplateNamesThatTemplate() {
        let templates = Templates(sources: ["page.html": "a\n{% include 'part.html' %}", "part.html": "ok\n\n{% if %}"])
        let error = #expect(throws: TemplateSyntaxError.self) { try templates.render("page.html") }
        #expect(error?.templateName == "part.html")
        #expect(error?.line == 3)
    }

    @Test func deepNestingIsASyntaxErrorNotACrash() {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        let chain = "{{ x" + String(repeating: "|upper", count: 5000) + " }}"
        let ifs = String(repeating: "{% if true %}", count: 1000) + String(repeating: "{% endif %}", count: 1000)
        for source in ["{{ \(deep) }}", chain, ifs, "{{ " + String(repeating: "not ", count: 5000) + "x }}",
                       "{{ " + String(repeating: "[", count: 5000) + " }}", "{{ 1" + String(repeating: " + 1", count: 5000) + " }}"] {
            let templates = Templates(sources: ["t.html": source])
            let error = #expect(throws: TemplateSyntaxError.self) { try templates.template(named: "t.html") }
            let message = error?.message ?? ""
            #expect(message.contains("nested too deeply") || message.contains("unexpected"), "\(message)")
        }
    }

    @Test func reasonableNestingCompiles() throws {
        let nested = String(repeating: "(", count: 40) + "1" + String(repeating: ")", count: 40)
        let ifs = String(repeating: "{% if true %}", count: 60) + "x" + String(repeating: "{% endif %}", count: 60)
        let templates = Templates(sources: ["a.html": "{{ \(nested) }}", "b.html": ifs])
        #expect(try templates.render("a.html") == "1")
        #expect(try templates.render("b.html") == "x")
    }
}
