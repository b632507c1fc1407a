import Werk

/// Everything the debugger page shows about one failed request: the error (type, text,
/// where it was thrown), the route that served it, the request and the environ. Made from
/// facts only; `DebugReport+Rendering.swift` turns it into HTML, text or JSON.
struct DebugReport: Encodable {
    /// The error's type, module-qualified: `"MyApp.LookupError"`.
    var errorType: String
    /// `String(describing:)` of the error.
    var errorDescription: String
    /// `String(reflecting:)` of the error when it says more than the description.
    var errorDetail: String?
    /// Where the error was made (`LocatedError`), as `"MyApp/main.swift:12"`.
    var thrownAt: String?
    /// The route that matched, when a router served the request.
    var route: Route?
    /// The request's method.
    var method: String
    /// The request's URL.
    var url: String
    /// Query arguments, cookies, headers and form fields in order, duplicates kept.
    var args: [[String]], cookies: [[String]], headers: [[String]]
    /// The form fields, or nil when the body is not a form (or could not be read).
    var form: [[String]]?
    /// The environ's CGI variables by name, sorted, then the server's extra keys.
    var environ: [[String]]

    /// The route part: pattern, name, methods and the matched values.
    struct Route: Encodable {
        var pattern: String
        var name: String?
        var methods: [String]?
        var values: [[String]]
    }

    /// The report for `error`, thrown while serving `environ`.
    init(error: any Error, environ: Environ) {
        errorType = String(reflecting: type(of: error))
        errorDescription = String(describing: error)
        let detail = String(reflecting: error)
        errorDetail = detail == errorDescription ? nil : detail
        thrownAt = (error as? any LocatedError)?.location.description
        if let matched = environ[MatchedRouteKey.self] {
            route = Route(pattern: matched.pattern, name: matched.name, methods: matched.methods,
                          values: matched.values.pairs.map { [$0.name, String(describing: $0.value)] })
        }
        let request = Request(environ)
        method = environ.method
        url = request.url
        args = request.args.items.map { [$0.key, $0.value] }
        cookies = request.cookies.items.map { [$0.key, $0.value] }
        headers = environ.headers.fields.map { [$0.name, $0.value] }
        form = DebugReport.formFields(of: request)
        self.environ = environ.cgiVariables.sorted { $0.key < $1.key }.map { [$0.key, $0.value] }
            + [["wsgi.multithread", String(environ.multithread)], ["wsgi.multiprocess", String(environ.multiprocess)],
               ["wsgi.run_once", String(environ.runOnce)]]
    }

    /// The form fields when the body is a form of at most 1 MiB (parsed now if the app did not).
    static func formFields(of request: Request) -> [[String]]? {
        let type = request.headers["Content-Type"]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") || type.hasPrefix("multipart/form-data"),
              (Int(request.headers["Content-Length"] ?? "") ?? 0) <= 1 << 20,
              let form = try? request.form else { return nil }
        var fields = form.items.map { [$0.key, $0.value] }
        if let files = try? request.files {
            fields += files.items.map { [$0.key, "(file \($0.value.filename ?? "without a name"), \($0.value.contentType ?? "no type"))"] }
        }
        return fields
    }
}
