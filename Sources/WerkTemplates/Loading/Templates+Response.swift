// Rendering straight into a Werk `Response`, for handlers.
import Werk

extension Templates {
    /// A response with the rendered template: `text/html; charset=utf-8` for `.html`
    /// templates (the type of the name's extension otherwise). A template that fails throws,
    /// and the handler's error becomes a 500.
    ///
    ///     router.post("/signin") { request in
    ///         try templates.response("signin-ok.html", ["username": username])
    ///     }
    public func response(_ name: String, _ context: TemplateValue = [:], status: Status = .ok, headers: Headers = Headers()) throws -> Response {
        Response(bytes: try renderBytes(name, context), status: status, headers: headers, contentType: Templates.contentType(of: name))
    }

    /// A response with a context of Swift values: `try templates.response("form.html", ["error": message])`.
    public func response(_ name: String, _ context: [String: any TemplateValueConvertible], status: Status = .ok,
                         headers: Headers = Headers()) throws -> Response {
        try response(name, .dictionary(TemplateDictionary(context)), status: status, headers: headers)
    }

    /// A response with a context made from an `Encodable` value.
    public func response<Context: Encodable>(_ name: String, encoding context: Context, status: Status = .ok,
                                             headers: Headers = Headers()) throws -> Response {
        try response(name, try TemplateValue(encoding: context), status: status, headers: headers)
    }

    /// The content type of a template's output, from its extension; HTML when unknown.
    static func contentType(of name: String) -> String {
        MIMETypes.typeWithCharset(MIMETypes.type(forPath: name) ?? "text/html")
    }
}
