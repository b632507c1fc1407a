// Every case of Fixtures/cases.json rendered by Werk must equal Jinja2's output byte for byte,
// and every case where Jinja2 fails must fail in Werk too (syntax errors as syntax errors).
import Testing
@testable import WerkTemplates

@Suite struct JinjaCasesTests {
    @Test func fixturesAreThere() {
        #expect(Fixtures.cases.count >= 250)
    }

    @Test(arguments: Fixtures.cases(where: { $0.output != nil }))
    func rendersAsJinja(_ jinja: JinjaCase) throws {
        let templates = Templates(sources: jinja.files)
        let context = try TemplateValue(json: jinja.context)
        let output = try templates.render(jinja.template, context)
        #expect(output == jinja.output!)
        #expect(Array(output.utf8) == Array(jinja.output!.utf8))
    }

    @Test(arguments: Fixtures.cases(where: { $0.error == "syntax" }))
    func syntaxErrorsAsJinja(_ jinja: JinjaCase) throws {
        let templates = Templates(sources: jinja.files)
        #expect(throws: TemplateSyntaxError.self) { try templates.template(named: jinja.template) }
    }

    @Test(arguments: Fixtures.cases(where: { $0.error == "runtime" }))
    func runtimeErrorsAsJinja(_ jinja: JinjaCase) throws {
        let templates = Templates(sources: jinja.files)
        _ = try templates.template(named: jinja.template)
        let error = #expect(throws: TemplateError.self) { try templates.render(jinja.template, try TemplateValue(json: jinja.context)) }
        #expect(error?.line ?? 0 > 0, "the error names a line: \(String(describing: error))")
    }
}
