// libFuzzer entry for the template engine (issue 8): lexer, parser, compiler, and rendering
// with a small context. Not part of the package build: `Benchmarks/fuzz.sh template SECONDS`
// compiles it with the WerkTemplates sources against the instrumented Werk module.
//
// Oracles, beyond "no crash, no hang, no leak" (ASan, libFuzzer's timeout):
// - a syntax error names the template, a line inside the source and a column inside that
//   line, and quotes that line;
// - a template compiles the same way twice, and rendering it twice gives the same bytes (or
//   the same error);
// - a template without `{{`, `{%` or `{#` renders to itself (newlines normalised, one
//   trailing newline removed), escaped or not;
// - a runtime error names the template and a line inside it;
// - the output is valid UTF-8 whenever the input is.

/// Included, extended and imported by the fuzzed template.
private let companions: [String: String] = [
    "base.html": "<title>{% block title %}T{% endblock %}</title>{% block content %}{% endblock %}",
    "inc.html": "[{{ x }}{{ loop.index if loop is defined }}]",
    "macros.html": "{% macro input(name, value='', type='text') %}<input name=\"{{ name }}\" value=\"{{ value }}\" type=\"{{ type }}\">{% endmacro %}",
    "cycle.html": "{% extends 'cycle.html' %}",
    "again.html": "{% include 'again.html' %}",
]

private let context: TemplateValue = [
    "x": "<b>&'\"", "n": 3, "f": 2.5, "t": true, "none": nil,
    "rows": [["id": 1, "name": "a<b", "tags": ["x", "y"]], ["id": 2, "name": "c&d", "tags": []]],
    "d": ["b": 1, "a": [1, 2]],
]

private let limits = RenderLimits(steps: 20_000, outputBytes: 1 << 20)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplates(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)
    for name in ["fuzz.html", "fuzz.txt"] {
        var sources = companions
        sources[name] = text
        let templates = Templates(sources: sources, limits: limits)
        let first = outcome(templates, name, text)
        let again = outcome(Templates(sources: sources, limits: limits), name, text)
        precondition(first == again, "rendering twice differed: \(first) / \(again)")
        if !text.utf8.contains(UInt8(ascii: "{")) || !containsTagStart(text) {
            precondition(first == "ok:" + normalised(text), "plain text did not render to itself: \(first)")
        }
    }
    return 0
}

/// "ok:" + the output, or "syntax:" / "runtime:" + the error, after checking the error.
private func outcome(_ templates: Templates, _ name: String, _ text: String) -> String {
    do {
        let page = try templates.render(name, context)
        let second = try templates.render(name, context)
        precondition(page == second, "a compiled template rendered twice differed")
        return "ok:" + page
    } catch let error as TemplateSyntaxError {
        let source = TemplateSource(name: error.templateName, text: sources(templates, error.templateName) ?? text)
        precondition(error.line >= 1 && error.line <= source.lineStarts.count, "syntax error line \(error.line) outside the source")
        let lineText = source.line(error.line)
        precondition(error.column >= 1 && error.column <= lineText.unicodeScalars.count + 1,
                     "syntax error column \(error.column) outside line \(error.line) (\(lineText.unicodeScalars.count) characters)")
        precondition(error.sourceLine == lineText, "syntax error quotes the wrong line")
        precondition(error.description.hasPrefix("\(error.templateName):\(error.line):\(error.column): "))
        return "syntax:" + error.description
    } catch let error as TemplateError {
        if error.kind != .notFound {
            precondition(error.line >= 1, "runtime error without a line: \(error)")
            let source = TemplateSource(name: error.templateName, text: sources(templates, error.templateName) ?? text)
            precondition(error.line <= source.lineStarts.count, "runtime error line \(error.line) outside \(error.templateName)")
        }
        return "runtime:" + error.description
    } catch {
        preconditionFailure("an error that is not a template error: \(error)")
    }
}

private func sources(_ templates: Templates, _ name: String) -> String? {
    if case .memory(let sources) = templates.loader { return sources[name] }
    return nil
}

private func containsTagStart(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    for i in bytes.indices.dropLast() where bytes[i] == UInt8(ascii: "{") {
        let next = bytes[i + 1]
        if next == UInt8(ascii: "{") || next == UInt8(ascii: "%") || next == UInt8(ascii: "#") { return true }
    }
    return false
}

/// Jinja's newline handling: `\r\n` and `\r` become `\n`, one trailing newline goes.
private func normalised(_ text: String) -> String {
    String(decoding: TemplateSource(name: "", text: text).bytes, as: UTF8.self)
}
