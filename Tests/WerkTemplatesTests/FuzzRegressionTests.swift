// Inputs the fuzzer (Benchmarks/Fuzz/FuzzTemplates.swift) found, and their neighbours: each
// must end in a thrown error or a page, never a crash.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import WerkTemplates

@Suite struct FuzzRegressionTests {
    /// Crash inputs saved by the fuzzer (Fixtures/crashes), rendered as .html and .txt.
    @Test(arguments: (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.folder + "/Fixtures/crashes")) ?? [])
    func savedCrashesRenderOrThrow(_ name: String) throws {
        let data = try #require(FileManager.default.contents(atPath: Fixtures.folder + "/Fixtures/crashes/" + name))
        let text = String(decoding: data, as: UTF8.self)
        for file in ["fuzz.html", "fuzz.txt"] {
            let templates = Templates(sources: [file: text], limits: RenderLimits(steps: 20_000, outputBytes: 1 << 20))
            do {
                _ = try templates.render(file, ["x": "<b>", "n": 3])
            } catch is TemplateError {
            } catch is TemplateSyntaxError {
            }
        }
    }

    /// Numbers in templates that would overflow a 64-bit integer are errors, not traps.
    @Test(arguments: [
        "{{ '%-44444444444444444444444444d' % 1 }}",
        "{{ '%.99999999999999999999999f' % 1.5 }}",
        "{{ '{:99999999999999999999999}'.format(1) }}",
        "{{ '{:.99999999999999999999999}'.format(1.5) }}",
        "{{ 'a'.center(9223372036854775807) }}",
        "{{ 'a'.zfill(9223372036854775807) }}",
        "{{ 'abc'|truncate(9223372036854775807) }}",
        "{{ 5|round(-9223372036854775807 - 1) }}",
        "{{ (-9223372036854775807 - 1) // -1 }}",
        "{{ (-9223372036854775807 - 1) % -1 }}",
        "{{ 2 ** 64 }}",
        "{{ 9223372036854775807 + 1 }}",
        "{{ -(-9223372036854775807 - 1) }}",
        "{{ range(0, -9223372036854775807 - 1, -1)|length }}",
        "{{ [1, 2, 3]|batch(9223372036854775807)|list }}",
        "{{ x|tojson(9223372036854775807) }}",
        "{{ 'ab' * 9223372036854775807 }}",
        "{{ [1] * 9223372036854775807 }}",
        "{{ 99999999999999999999 }}",
        "{{ 0x1F1CCCCCCC * CCCCCCCCCCCCCCCCCCCCC|trim }}",
        "{{ '' * 9223372036854775807 }}",
        "{{ [] * 9223372036854775807 }}",
    ])
    func overflowingNumbersThrowOrRender(_ source: String) throws {
        let templates = Templates(sources: ["t.html": source])
        do {
            let page = try templates.render("t.html", ["x": [1, 2]])
            #expect(page.utf8.count < 1 << 20)
        } catch is TemplateError {
        } catch is TemplateSyntaxError {
        }
    }

    /// `split('')` looped for ever; Python says "empty separator".
    @Test func splitWithAnEmptySeparatorIsAValueError() {
        let templates = Templates(sources: ["t.html": "{{ 'a b'.split('') }}"])
        let error = #expect(throws: TemplateError.self) { try templates.render("t.html") }
        #expect(error?.message == "empty separator")
    }

    @Test func formatWidthOverflowIsAValueError() {
        let templates = Templates(sources: ["t.html": "{{ '%-44444444444444444444444444d' % 1 }}"])
        let error = #expect(throws: TemplateError.self) { try templates.render("t.html") }
        #expect(error?.kind == .value)
        #expect(error?.line == 1)
    }
}

/// Recursion in templates ends in an error at a fixed depth, well before the stack runs out
/// (the tests run on worker threads with small stacks, in debug builds with large frames).
@Suite struct RecursionTests {
    @Test func macroRecursionIsLimited() throws {
        let templates = Templates(sources: ["t.html": "{% macro r(n) %}{% if n > 0 %}<{{ r(n - 1) }}>{% endif %}{% endmacro %}{{ r(depth) }}"])
        #expect(try templates.render("t.html", ["depth": 150]).utf8.count == 300)
        let error = #expect(throws: TemplateError.self) { try templates.render("t.html", ["depth": 100_000]) }
        #expect(error?.kind == .recursion)
    }

    @Test func includeRecursionIsLimited() {
        let templates = Templates(sources: ["a.html": "a{% include 'b.html' %}", "b.html": "b{% include 'a.html' %}"])
        let error = #expect(throws: TemplateError.self) { try templates.render("a.html") }
        #expect(error?.kind == .recursion)
    }

    @Test func recursiveLoopsAndSelfBlocksAreLimited() {
        let templates = Templates(sources: [
            "loop.html": "{% for x in [1] recursive %}{{ loop([1]) }}{% endfor %}",
            "self.html": "{% block a %}{{ self.a() }}{% endblock %}",
            "super.html": "{% extends 'super.html' %}{% block a %}{{ super() }}{% endblock %}",
        ])
        for name in ["loop.html", "self.html", "super.html"] {
            let error = #expect(throws: TemplateError.self) { try templates.render(name) }
            #expect(error?.kind == .recursion || error?.kind == .value, "\(name): \(String(describing: error))")
        }
    }
}
