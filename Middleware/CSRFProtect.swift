import Werk

/// Middleware against cross-site request forgery: a request with an unsafe method (every
/// method but GET, HEAD, OPTIONS and TRACE, RFC 9110 s9.2.1, spelled exactly: `post` and
/// `PROPFIND` are checked too) must carry the session's CSRF token (`csrfToken(request)`) in
/// the `csrf_token` form field or the `X-CSRF-Token` header, else it gets a 403 page that says
/// why and the app is not called. Tokens are compared in constant time.
///
/// The request must also come from the site itself, as Django checks it: an `Origin` header,
/// when sent (browsers send it with every cross-site and most same-site unsafe requests), must
/// be the request's own origin (`scheme://host`) or one of `trustedOrigins`; over HTTPS a
/// request without `Origin` must have a `Referer` from one of those origins (Flask-WTF's
/// strict SSL check). So a leaked or planted token is still no use to another site.
///
/// Needs the `sessions` middleware in front of it (without it every request is a 500 whose
/// log line says so). The form is parsed once, here, under `limits`, and left in the environ
/// (`ParsedFormKey`), so the app's `request.form` reads the same fields; a form over the
/// limits gets its 413 here. Paths under an `exempt` prefix (whole segments: `/api` covers
/// `/api` and `/api/...`, not `/apiary`; an empty prefix exempts nothing) and requests
/// `isExempt` accepts are not checked: use them for APIs authenticated by other means than
/// cookies. `methods`, when given, lists the methods checked instead of every unsafe one.
///
///     let app = stack(try sessions(secret: key), csrfProtect(exempt: ["/api"]), app: router)
///     // in a GET handler:  form += try csrfField(request)
public func csrfProtect(exempt: [String] = [], isExempt: (@Sendable (Request) -> Bool)? = nil,
                        methods: Set<String>? = nil, trustedOrigins: [String] = [], fieldName: String = "csrf_token",
                        headerName: String = "X-CSRF-Token", limits: FormLimits = FormLimits()) -> Middleware {
    let prefixes = exempt.filter { !$0.isEmpty }.map { $0.hasSuffix("/") && $0.count > 1 ? String($0.dropLast()) : $0 }
    let trusted = Set(trustedOrigins.compactMap(CSRFOrigin.normalized))
    return { app in
        AppFunction { environ, startResponse in
            let request = Request(environ, limits: limits)
            guard let session = request.session else {
                environ.errors.write("csrfProtect: \(CSRFMessages.noSession)\n")
                return try HTTPError.internalServerError(debugInfo: CSRFMessages.noSession).response(for: request)(&environ, startResponse)
            }
            let path = request.path
            let checked = methods?.contains(request.method) ?? !CSRFOrigin.safeMethods.contains(request.method)
            let exempted = prefixes.contains { path == $0 || path.hasPrefix($0 == "/" ? "/" : $0 + "/") }
            guard checked, !exempted, !(isExempt?(request) ?? false) else {
                return try app(&environ, startResponse)
            }
            if let reason = CSRFOrigin.refusal(for: request, trusted: trusted) {
                return try HTTPError.forbidden(reason).response(for: request)(&environ, startResponse)
            }
            // The header first: it needs no body. Else the form field, parsed once for everyone.
            var sent = request.headers[headerName]
            if sent == nil, request.mimetype == "application/x-www-form-urlencoded" || request.mimetype == "multipart/form-data" {
                do {
                    let parsed = try request.parsedForm
                    environ[ParsedFormKey.self] = parsed
                    sent = parsed.form[fieldName]
                } catch {
                    return try HTTPError.from(error).response(for: request)(&environ, startResponse)
                }
            }
            let reason: String?
            if let expected = session.get(csrfSessionKey, as: String.self), isWellFormedCSRFToken(expected) {
                if let sent, !sent.isEmpty {
                    reason = constantTimeEquals(Array(sent.utf8), Array(expected.utf8)) ? nil : CSRFMessages.mismatch
                } else {
                    reason = CSRFMessages.missing
                }
            } else {
                reason = sent == nil ? CSRFMessages.missing : CSRFMessages.sessionMissing
            }
            if let reason {
                return try HTTPError.forbidden(reason).response(for: request)(&environ, startResponse)
            }
            return try app(&environ, startResponse)
        }
    }
}
