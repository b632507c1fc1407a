import Werk

/// What `werk run` answers with while no build of the app serves: the build is running past
/// the wait bound, the build failed, or the app crashed. HTML with the live-reload script (so
/// the page turns into the app once a good build serves), JSON or text on request.
enum SupervisorPage: Sendable {
    /// A build runs longer than the wait bound.
    case rebuilding(product: String)
    /// The last build failed with these errors (`output` when none could be parsed).
    case compileErrors(product: String, diagnostics: [CompilerDiagnostic], output: String)
    /// The app process ended by itself; the last good build starts again.
    case crash(product: String, CrashReport)

    /// The response for `request`. Without `detailed` (debug off) it names the problem only
    /// and points at the terminal: no source lines, no crash report.
    func response(for request: Request, detailed: Bool, liveToken: String?) -> Response {
        var headers = DevPage.headers()
        let status: Status
        switch self {
        case .rebuilding:
            status = .serviceUnavailable
            headers.addUnchecked("Retry-After", "2")
        case .compileErrors, .crash: status = .internalServerError
        }
        switch DevPage.format(for: request) {
        case .json:
            if let json = try? Response.json(facts(detailed: detailed), status: status, headers: headers) { return json }
            return Response(text(detailed: detailed), status: status, headers: headers)
        case .text:
            return Response(text(detailed: detailed), status: status, headers: headers)
        case .html:
            return Response(html(detailed: detailed, liveToken: liveToken), status: status, headers: headers,
                            contentType: "text/html; charset=utf-8")
        }
    }

    /// The title and the sentence under it.
    var heading: (title: String, lead: String) {
        switch self {
        case .rebuilding(let product):
            return ("Rebuilding \(product)", "The build is still running; this page reloads itself when the new build serves.")
        case .compileErrors(let product, let diagnostics, _):
            let count = diagnostics.filter { $0.severity == "error" }.count
            return ("Build failed: \(product)", count == 0 ? "swift build failed; its output is below and in the terminal."
                    : "\(count) compile error\(count == 1 ? "" : "s"); fix and save, and this page reloads with the new build.")
        case .crash(let product, let report):
            return ("\(product) crashed", "The app process \(report.summary). The last good build has been started again.")
        }
    }

    func html(detailed: Bool, liveToken: String?) -> String {
        var sections: [String] = []
        if detailed {
            switch self {
            case .rebuilding: break
            case .compileErrors(_, let diagnostics, let output):
                let errors = diagnostics.filter { $0.severity == "error" }
                if errors.isEmpty { sections.append(DevPage.section("Build output", DevPage.pre(output.lastLines(80)))) }
                for error in errors {
                    var source = ""
                    if let line = error.sourceLine {
                        source = "<pre>\(escapeHTML(line))\n<span class=\"marker\">\(escapeHTML(error.marker))</span></pre>"
                    }
                    sections.append(DevPage.section("\(error.file):\(error.line):\(error.column)",
                                                    "<p>error: \(escapeHTML(error.message))</p>\(source)"))
                }
            case .crash(_, let report):
                if let fatal = report.fatalError { sections.append(DevPage.section("Fatal error", "<p>\(escapeHTML(fatal))</p>")) }
                sections.append(DevPage.section("Crash report", DevPage.pre(report.report)))
            }
        } else if case .rebuilding = self {} else {
            sections.append("<p>Details are in the terminal (debug mode is off).</p>")
        }
        return DevPage.html(title: heading.title, lead: heading.lead, sections: sections, liveToken: liveToken)
    }

    func text(detailed: Bool) -> String {
        var out = "\(heading.title)\n\(heading.lead)\n"
        guard detailed else { return out }
        switch self {
        case .rebuilding: break
        case .compileErrors(_, let diagnostics, let output):
            let errors = diagnostics.filter { $0.severity == "error" }
            out += "\n" + (errors.isEmpty ? output.lastLines(80) + "\n" : errors.map(\.text).joined())
        case .crash(_, let report): out += "\n\(report.report)\n"
        }
        return out
    }

    /// The JSON form.
    struct Facts: Encodable {
        var kind: String
        var title: String
        var message: String
        var errors: [CompilerDiagnostic]?
        var crash: CrashReport?
    }

    func facts(detailed: Bool) -> Facts {
        var facts = Facts(kind: "", title: heading.title, message: heading.lead)
        switch self {
        case .rebuilding: facts.kind = "rebuilding"
        case .compileErrors(_, let diagnostics, _):
            facts.kind = "compile-errors"
            if detailed { facts.errors = diagnostics.filter { $0.severity == "error" } }
        case .crash(_, let report):
            facts.kind = "crash"
            if detailed { facts.crash = report }
        }
        return facts
    }
}

extension String {
    /// The last `count` lines.
    func lastLines(_ count: Int) -> String {
        split(separator: "\n", omittingEmptySubsequences: false).suffix(count).joined(separator: "\n")
    }
}
