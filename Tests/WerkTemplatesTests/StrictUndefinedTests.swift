// Undefined values: empty by default (Jinja's Undefined), an error naming the variable and
// where it was used in strict mode (Jinja's StrictUndefined).
import Testing
@testable import WerkTemplates

@Suite struct StrictUndefinedTests {
    @Test func undefinedRendersEmptyByDefault() throws {
        let templates = Templates(sources: ["t.html": "[{{ missing }}][{{ user.nick }}][{% for x in missing %}x{% endfor %}][{{ missing|length }}]"])
        #expect(try templates.render("t.html", ["user": ["name": "n"]]) == "[][][][0]")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let source: String
        let name: String
        let line: Int
        let column: Int
        var testDescription: String { source }
    }

    static let failing: [Case] = [
        Case(source: "a\n  {{ missing }}", name: "'missing' is undefined", line: 2, column: 6),
        Case(source: "{{ user.nick }}", name: "'dict object' has no attribute 'nick'", line: 1, column: 4),
        Case(source: "{% for x in items %}{% endfor %}", name: "'items' is undefined", line: 1, column: 4),
        Case(source: "{% if flag %}x{% endif %}", name: "'flag' is undefined", line: 1, column: 7),
        Case(source: "{{ 'a' ~ missing }}", name: "'missing' is undefined", line: 1, column: 4),
        Case(source: "{{ missing|upper }}", name: "'missing' is undefined", line: 1, column: 12),
        Case(source: "{{ missing == 1 }}", name: "'missing' is undefined", line: 1, column: 4),
        Case(source: "{% macro m(a) %}{{ a }}{% endmacro %}{{ m() }}", name: "parameter 'a' was not provided", line: 1, column: 20),
    ]

    @Test(arguments: failing)
    func strictModeNamesTheVariableAndWhere(_ test: Case) {
        let templates = Templates(sources: ["page.html": test.source], strict: true)
        let error = #expect(throws: TemplateError.self) { try templates.render("page.html", ["user": ["name": "n"]]) }
        #expect(error?.kind == .undefined)
        #expect(error?.message == test.name)
        #expect(error?.templateName == "page.html")
        #expect(error?.line == test.line)
        #expect(error?.column == test.column)
        #expect(error?.description == "page.html:\(test.line):\(test.column): \(test.name)")
    }

    @Test func strictModeStillAllowsDefinedAndDefault() throws {
        let templates = Templates(sources: ["t.html": "{{ missing is defined }}|{{ missing|default('d') }}|{{ missing is undefined }}|{{ x|d('y') }}"], strict: true)
        #expect(try templates.render("t.html") == "False|d|True|y")
    }

    @Test func undefinedAttributeOfUndefinedFailsInBothModes() {
        for strict in [false, true] {
            let templates = Templates(sources: ["t.html": "{{ user.name }}"], strict: strict)
            let error = #expect(throws: TemplateError.self) { try templates.render("t.html") }
            #expect(error?.message == "'user' is undefined")
        }
    }
}
