// An application's own filters, tests, globals and functions.
import Testing
@testable import WerkTemplates

@Suite struct RegistrationTests {
    @Test func customFiltersTestsAndGlobals() throws {
        let templates = Templates(sources: ["t.html": "{{ name|shout }} {{ name|repeat(3) }} {{ 7 is prime }} {{ site }} {{ greet('Ann') }} {{ name|shout|e }}"])
        templates.addFilter("shout") { value, _ in .string(value.description.uppercased() + "!") }
        templates.addFilter("repeat") { value, arguments in
            let times = try arguments.bind(["times"], defaults: [2], for: "repeat")[0].intValue ?? 2
            return .string(String(repeating: value.description, count: times))
        }
        templates.addTest("prime") { value, _ in
            guard let n = value.intValue, n > 1 else { return false }
            return (2..<n).allSatisfy { n % $0 != 0 }
        }
        templates.setGlobal("site", "Werk & co")
        templates.addFunction("greet") { arguments in .safe("<b>Hello \(arguments[0]?.description ?? "")</b>") }
        #expect(try templates.render("t.html", ["name": "<a>"]) == "&lt;A&gt;! &lt;a&gt;&lt;a&gt;&lt;a&gt; True Werk &amp; co <b>Hello Ann</b> &lt;A&gt;!")
    }

    struct Failure: Error {}

    @Test func aThrowingFilterIsATemplateError() throws {
        let templates = Templates(sources: ["t.html": "a\n{{ x|boom }}"])
        templates.addFilter("boom") { _, _ in throw Failure() }
        let error = #expect(throws: TemplateError.self) { try templates.render("t.html", ["x": 1]) }
        #expect(error?.kind == .filter)
        #expect(error?.line == 2)
        #expect(error?.underlying is Failure)
    }

    @Test func contextShadowsGlobals() throws {
        let templates = Templates(sources: ["t.html": "{{ site }}"])
        templates.setGlobal("site", "global")
        #expect(try templates.render("t.html") == "global")
        #expect(try templates.render("t.html", ["site": "context"]) == "context")
    }
}
