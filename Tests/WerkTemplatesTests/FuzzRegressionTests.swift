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
