import Werk

/// Middleware that gives every request a `Session` kept in a signed cookie (HMAC-SHA256): the
/// client can read nothing it could not already, and can change nothing without the session
/// starting over. The cookie is written only when the session changed, `HttpOnly`,
/// `SameSite=Lax` by default, and `Secure` on HTTPS; an emptied session deletes it.
///
///     let app = stack(sessions(secret: secretKey), app: router)
///     // in a handler: request.session?["user"] = "ann"
public func sessions(secret: String, cookieName: String = "session", maxAge: Int? = nil, path: String = "/",
                     domain: String? = nil, secure: Bool? = nil, sameSite: SameSite = .lax) -> Middleware {
    let signer = SessionSigner(secret: secret, maxAge: maxAge)
    return { app in
        AppFunction { environ, startResponse in
            let request = Request(environ)
            let session: Session
            if let cookie = request.cookies[cookieName], let values = signer.verify(cookie) {
                session = Session(values, isNew: false)
            } else {
                session = Session()
            }
            environ[SessionKey.self] = session
            let isSecure = secure ?? (environ.urlScheme == "https")
            let withCookie = StartResponse { status, headers, error in
                var headers = headers
                if session.isModified {
                    let header: String
                    if session.values.isEmpty {
                        header = try dumpCookie(name: cookieName, value: "", maxAge: 0, expires: nil, path: path,
                                                domain: domain, secure: isSecure, httpOnly: true, sameSite: sameSite)
                    } else {
                        header = try dumpCookie(name: cookieName, value: signer.sign(session.values), maxAge: maxAge,
                                                path: path, domain: domain, secure: isSecure, httpOnly: true,
                                                sameSite: sameSite)
                    }
                    try headers.add("Set-Cookie", header)
                    // A response that sets a cookie must not be cached for other clients.
                    let vary = headers.combinedValue(for: "Vary").map(parseListHeader) ?? []
                    if !vary.contains(where: { $0.lowercased() == "cookie" || $0 == "*" }) {
                        try headers.set("Vary", (vary + ["Cookie"]).joined(separator: ", "))
                    }
                }
                try startResponse(status, headers, error: error)
            }
            return try app(&environ, withCookie)
        }
    }
}
