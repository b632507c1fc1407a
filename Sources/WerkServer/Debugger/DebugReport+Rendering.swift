import Werk

extension DebugReport {
    /// The 500 response for this report in the form `request` prefers (HTML, JSON or text);
    /// the HTML page carries the live-reload script when `liveToken` is given.
    func response(for request: Request, liveToken: String?) -> Response {
        let headers = DevPage.headers()
        switch DevPage.format(for: request) {
        case .json:
            if let json = try? Response.json(self, status: .internalServerError, headers: headers) { return json }
            return Response(text, status: .internalServerError, headers: headers)
        case .text:
            return Response(text, status: .internalServerError, headers: headers)
        case .html:
            return Response(html(liveToken: liveToken), status: .internalServerError, headers: headers,
                            contentType: "text/html; charset=utf-8")
        }
    }

    /// The one-line summary: `"MyApp.LookupError: no user 7"`.
    var headline: String { "\(errorType): \(errorDescription)" }

    /// Where to look: the throwing line, else the route's handler.
    var origin: String {
        if let thrownAt { return "thrown at \(thrownAt)" }
        if let route {
            let name = route.name.map { " (\($0))" } ?? ""
            return "raised by the handler of route \(route.pattern)\(name)"
        }
        return "where it was thrown is not known (throw Werk's Failure to record the line)"
    }

    /// The HTML page; every value is escaped.
    func html(liveToken: String?) -> String {
        var sections = [DevPage.section("Error", DevPage.table(errorRows))]
        if let route { sections.append(DevPage.section("Route", DevPage.table(routeRows(route)))) }
        sections.append(DevPage.section("Request", DevPage.table([("Method", method), ("URL", url)])))
        sections.append(DevPage.section("Arguments", DevPage.table(args.pairs)))
        sections.append(DevPage.section("Form", form.map { DevPage.table($0.pairs) } ?? "<p class=\"none\">no form body</p>"))
        sections.append(DevPage.section("Cookies", DevPage.table(cookies.pairs)))
        sections.append(DevPage.section("Headers", DevPage.table(headers.pairs)))
        sections.append(DevPage.section("Environ", DevPage.table(environ.pairs)))
        return DevPage.html(title: "500 Internal Server Error: \(errorType)", lead: "\(errorDescription) (\(origin))",
                            sections: sections, liveToken: liveToken)
    }

    /// The same facts as plain text.
    var text: String {
        var out = "500 Internal Server Error\n\n\(headline)\n\(origin)\n"
        if let errorDetail { out += "\(errorDetail)\n" }
        if let route { out += "\n" + DevPage.textTable("Route", routeRows(route)) }
        out += "\nRequest: \(method) \(url)\n\n"
        out += DevPage.textTable("Arguments", args.pairs) + "\n"
        out += form.map { DevPage.textTable("Form", $0.pairs) } ?? "Form: no form body\n"
        out += "\n" + DevPage.textTable("Cookies", cookies.pairs)
        out += "\n" + DevPage.textTable("Headers", headers.pairs)
        out += "\n" + DevPage.textTable("Environ", environ.pairs)
        return out
    }

    private var errorRows: [(String, String)] {
        var rows = [("Type", errorType), ("Description", errorDescription)]
        if let errorDetail { rows.append(("Detail", errorDetail)) }
        rows.append(("Where", origin))
        return rows
    }

    private func routeRows(_ route: Route) -> [(String, String)] {
        var rows = [("Pattern", route.pattern)]
        if let name = route.name { rows.append(("Name", name)) }
        rows.append(("Methods", route.methods?.joined(separator: ", ") ?? "any"))
        rows += route.values.pairs
        return rows
    }
}

extension Array where Element == [String] {
    /// Two-element rows as name/value tuples.
    fileprivate var pairs: [(String, String)] { map { ($0.first ?? "", $0.count > 1 ? $0[1] : "") } }
}
