// One Templates shared by many threads: compiling, caching and rendering at once give every
// thread the same pages.
import Dispatch
import Synchronization
import Testing
@testable import WerkTemplates

@Suite struct ConcurrencyTests {
    static let sources: [String: String] = [
        "base.html": "<title>{% block title %}{% endblock %}</title><main>{% block main %}{% endblock %}</main>",
        "page.html": """
            {% extends 'base.html' %}{% from 'forms.html' import input %}
            {% block title %}{{ title }}{% endblock %}
            {% block main %}{% for row in rows %}<p class="{{ loop.cycle('a', 'b') }}">{{ loop.index }} {{ row.name }} {{ input('q', row.name) }}</p>{% endfor %}{% endblock %}
            """,
        "forms.html": "{% macro input(name, value='') %}<input name=\"{{ name }}\" value=\"{{ value }}\">{% endmacro %}",
    ]

    static func context(_ n: Int) -> TemplateValue {
        ["title": .string("page \(n) <&>"), "rows": .list((0..<20).map { ["name": .string("row \($0) of \(n) 'q'")] })]
    }

    @Test func manyThreadsRenderTheSamePages() throws {
        let templates = Templates(sources: ConcurrencyTests.sources)
        // What one thread alone renders, computed first.
        let expected = try (0..<8).map { try templates.render("page.html", ConcurrencyTests.context($0)) }
        templates.clearCache()
        let mismatches = Atomic<Int>(0), failures = Atomic<Int>(0), renders = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: 16) { thread in
            for round in 0..<100 {
                let n = (thread + round) % 8
                do {
                    let page = try templates.render("page.html", ConcurrencyTests.context(n))
                    if page != expected[n] { mismatches.add(1, ordering: .relaxed) }
                    renders.add(1, ordering: .relaxed)
                } catch {
                    failures.add(1, ordering: .relaxed)
                }
                if round % 25 == 0 && thread == 0 { templates.clearCache() }
            }
        }
        #expect(renders.load(ordering: .relaxed) == 1600)
        #expect(mismatches.load(ordering: .relaxed) == 0)
        #expect(failures.load(ordering: .relaxed) == 0)
    }

    @Test func filtersAddedWhileRenderingAreSeenAfterwards() throws {
        let templates = Templates(sources: ["t.html": "{{ 'x'|upper }}"])
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for _ in 0..<50 {
                if thread == 0 { templates.addFilter("shout") { value, _ in .string(value.description + "!") } }
                _ = try? templates.render("t.html")
            }
        }
        let templates2 = templates
        #expect(try templates2.template(source: "{{ 'a'|shout }}").render() == "a!")
    }
}
