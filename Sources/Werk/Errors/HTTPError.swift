/// An HTTP error that is also a response: throw it from a handler and the client gets its
/// status and a small page (HTML, or JSON when the client prefers JSON).
///
/// Every status has a constructor: `.badRequest`, `.notFound`, `.methodNotAllowed(allowed:)`, ...
///
///     guard let user = users[id] else { throw HTTPError.notFound() }
///     throw HTTPError.badRequest("The 'page' argument must be a number.")
public struct HTTPError: LocatedError, Application, CustomStringConvertible {
    /// The response status.
    public var status: Status
    /// What went wrong, in a sentence for the client; nil uses the status's standard text.
    public var detail: String?
    /// Extra headers the response carries (`Allow`, `WWW-Authenticate`, `Retry-After`, ...).
    public var headers: Headers
    /// Diagnostic text (say, the underlying error) shown on the page only in debug mode.
    public var debugInfo: String?
    /// Where the error was made: the `#fileID` and `#line` of the constructor's caller. The
    /// debugger page shows it, and so does this error's own page in debug mode.
    public var location: CodeLocation

    /// An error with `status`, an optional `detail` sentence and extra `headers`, located at
    /// the caller (`fileID` and `line` are normally left to their defaults).
    public init(_ status: Status, detail: String? = nil, headers: Headers = Headers(), debugInfo: String? = nil,
                fileID: String = #fileID, line: Int = #line) {
        self.status = status
        self.detail = detail
        self.headers = headers
        self.debugInfo = debugInfo
        self.location = CodeLocation(fileID: fileID, line: line)
    }

    /// The sentence shown to the client: `detail`, or the status's standard text.
    public var message: String { detail ?? HTTPError.standardMessage(for: status.code) }

    /// `"404 Not Found: The requested URL was not found on this server."`
    public var description: String { "\(status): \(message)" }

    /// The error as a response, negotiated for `request` (JSON when it prefers JSON).
    /// `debug` adds `debugInfo` and where the error was made to the page.
    public func response(for request: Request? = nil, debug: Bool = false) -> Response {
        let prefersJSON = request?.acceptMimetypes.prefersJSON ?? false
        let shownDebug = debug ? [debugInfo, "Raised at \(location)."].compactMap { $0 }.joined(separator: "\n") : nil
        var response: Response
        if prefersJSON {
            response = Response(bytes: errorJSON(debug: shownDebug), status: status, contentType: "application/json")
        } else {
            response = Response(errorPage(debug: shownDebug), status: status, contentType: "text/html; charset=utf-8")
        }
        response.headers.add(contentsOf: headers)
        return response
    }

    /// Serves the error page as an application.
    public func callAsFunction(_ environ: inout Environ, _ startResponse: StartResponse) throws -> Body {
        try response(for: Request(environ))(&environ, startResponse)
    }

    /// The HTML page: title, heading and the message, all escaped.
    func errorPage(debug: String?) -> String {
        var page = """
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><title>\(status.code) \(escapeHTML(status.reason))</title></head>
        <body>
        <h1>\(escapeHTML(status.reason))</h1>
        <p>\(escapeHTML(message))</p>

        """
        if let debug { page += "<pre>\(escapeHTML(debug))</pre>\n" }
        page += "</body>\n</html>\n"
        return page
    }

    /// The JSON body: `{"code": 404, "name": "Not Found", "description": "..."}`.
    func errorJSON(debug: String?) -> [UInt8] {
        var json = "{\"code\": \(status.code), \"name\": \(HTTPError.jsonString(status.reason)), \"description\": \(HTTPError.jsonString(message))"
        if let debug { json += ", \"debug\": \(HTTPError.jsonString(debug))" }
        json += "}"
        return Array(json.utf8)
    }

    /// A JSON string literal for `text` (RFC 8259 s7).
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension HTTPError {
    /// Turns any error into an HTTP error: an `HTTPError` stays as it is, a `RequestBodyError`
    /// (the server's body failures) gets its own status; anything else becomes a 500 whose
    /// page shows the error's text only in debug mode.
    public static func from(_ error: any Error) -> HTTPError {
        if let error = error as? HTTPError { return error }
        if let error = error as? RequestBodyError { return HTTPError(error.status, detail: error.description) }
        if let error = error as? any LocatedError {
            return .internalServerError(debugInfo: String(reflecting: error), fileID: error.location.fileID, line: error.location.line)
        }
        return .internalServerError(debugInfo: String(reflecting: error))
    }
}
