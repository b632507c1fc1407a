import Werk

/// The request's CSRF token, made (32 random bytes, as 64 hex digits) and kept in the session
/// on first use: put it in every form that `csrfProtect` checks, as the `csrf_token` field,
/// or send it in the `X-CSRF-Token` header. Throws a 500 naming the problem when the
/// `sessions` middleware is not in front of the app.
///
///     let token = try csrfToken(request)
///     Response("<form method=post><input type=hidden name=csrf_token value=\(token)>...</form>")
public func csrfToken(_ request: Request) throws -> String {
    guard let session = request.session else {
        throw HTTPError.internalServerError(debugInfo: CSRFMessages.noSession)
    }
    if let token = session.get(csrfSessionKey, as: String.self), isWellFormedCSRFToken(token) { return token }
    let token = SecureRandom.hex(32)
    try session.set(csrfSessionKey, token)
    return token
}

/// A hidden form field carrying the request's CSRF token, ready to put inside a `<form>`:
/// `<input type="hidden" name="csrf_token" value="...">`.
///
///     let form = "<form method=\"post\">\(try csrfField(request))<button>Send</button></form>"
public func csrfField(_ request: Request, name: String = "csrf_token") throws -> String {
    "<input type=\"hidden\" name=\"\(escapeHTML(name))\" value=\"\(try csrfToken(request))\">"
}

/// True for a token `csrfToken` could have made: 64 lowercase hex digits.
func isWellFormedCSRFToken(_ token: String) -> Bool {
    token.utf8.count == 64 && token.utf8.allSatisfy(HTTPSyntax.isLowercaseHexDigit)
}

/// The reasons `csrfProtect` gives, in one place.
enum CSRFMessages {
    static let noSession = "CSRF protection needs a session: put the sessions(secret:) middleware in front of csrfProtect and the app"
    static let missing = "The request has no CSRF token: the form must carry the csrf_token field (or the request the X-CSRF-Token header). Reload the page and try again."
    static let foreignOrigin = "The request came from another site (its Origin header is not this site's): it was not sent by a page of this site."
    static let noReferer = "The HTTPS request has neither an Origin nor a Referer header, so where it came from cannot be checked."
    static let foreignReferer = "The HTTPS request came from another site (its Referer is not a page of this site)."
    static let sessionMissing = "The session has no CSRF token (it may have expired, or cookies are blocked). Reload the page and try again."
    static let mismatch = "The CSRF token does not match this session's token. Reload the page and try again."
}
