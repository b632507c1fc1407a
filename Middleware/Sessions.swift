import Werk

/// Middleware that gives every request a `Session` (`request.session`), kept in a cookie
/// signed with HMAC-SHA-256, or on the server in `store` with only a signed id in the cookie.
///
/// - A response that read or changed the session says `Vary: Cookie` (Flask does the same).
/// - The cookie is written only when the session changed: `HttpOnly`, `SameSite=Lax` by
///   default, `Secure` on HTTPS (or always with `secure: true` or a `__Host-`/`__Secure-`
///   name), `Max-Age` = `maxAge`. An emptied session deletes it.
/// - Every load checks the signature and the age (31 days by default), whatever the
///   settings: a tampered, expired, truncated or garbage cookie gives an empty session.
/// - `secrets` rotate: the first signs, any verifies. Each must be at least 32 bytes.
/// - A cookie over 4096 bytes is refused when the response starts: the client gets a 500
///   and the reason goes to the error stream (`wsgi.errors`), never a silently lost session.
///
/// Throws `SessionError` when a setting is refused (a short secret, a bad cookie name, a
/// `__Host-` name with a path or domain).
///
///     let app = stack(try sessions(secret: secretKey), app: router)
///     let app = stack(try sessions(secrets: [newKey, oldKey], store: try FileSessionStore(directory: "sessions")),
///                     app: router)
///     // in a handler: request.session?["user"] = "ann"
public func sessions(secrets: [String], store: (any SessionStore)? = nil, cookieName: String = "session",
                     maxAge: Int = Session.defaultMaxAge, path: String = "/", domain: String? = nil,
                     secure: Bool? = nil, sameSite: SameSite = .lax, salt: String = "werk.session") throws -> Middleware {
    let signer = try SessionSigner(secrets: secrets, salt: salt, cookieName: cookieName, maxAge: maxAge)
    let interface = try SessionInterface(signer: signer, store: store, cookieName: cookieName, maxAge: maxAge,
                                         path: path, domain: domain, secure: secure, sameSite: sameSite)
    return { app in
        AppFunction { environ, startResponse in
            let request = Request(environ)
            let session = interface.open(request)
            environ[SessionKey.self] = session
            let saving = StartResponse { status, headers, error in
                var headers = headers
                // Read before saving, which reads the values itself.
                let accessed = session.isAccessed
                let cookie: String?
                do {
                    cookie = try interface.save(session, for: request)
                } catch {
                    throw SessionSaveFailure(underlying: error)
                }
                if let cookie { headers.add("Set-Cookie", cookie) }
                // A response that sets the cookie, or was made from the session's values, must
                // not be cached for other clients.
                if cookie != nil || accessed {
                    let vary = headers.combinedValue(for: "Vary").map(parseListHeader) ?? []
                    if !vary.contains(where: { $0.lowercased() == "cookie" || $0 == "*" }) {
                        headers.set("Vary", (vary + ["Cookie"]).joined(separator: ", "))
                    }
                }
                try startResponse(status, headers, error: error)
            }
            do {
                return try app(&environ, saving)
            } catch let failure as SessionSaveFailure {
                let page: HTTPError
                if let unavailable = failure.underlying as? SessionStoreFailure {
                    environ.errors.write("sessions: \(unavailable)\n")
                    page = unavailable.httpError
                } else {
                    environ.errors.write("sessions: the session could not be saved: \(failure.underlying)\n")
                    page = HTTPError.internalServerError("The session could not be saved.", debugInfo: "\(failure.underlying)")
                }
                return try page.response(for: request)(&environ, startResponse)
            } catch let unavailable as SessionStoreFailure {
                // requireSession() found the store unreachable.
                environ.errors.write("sessions: \(unavailable)\n")
                return try unavailable.httpError.response(for: request)(&environ, startResponse)
            }
        }
    }
}

/// `sessions(secrets:...)` with one secret.
///
///     let app = stack(try sessions(secret: secretKey), app: router)
public func sessions(secret: String, store: (any SessionStore)? = nil, cookieName: String = "session",
                     maxAge: Int = Session.defaultMaxAge, path: String = "/", domain: String? = nil,
                     secure: Bool? = nil, sameSite: SameSite = .lax, salt: String = "werk.session") throws -> Middleware {
    try sessions(secrets: [secret], store: store, cookieName: cookieName, maxAge: maxAge, path: path, domain: domain,
                 secure: secure, sameSite: sameSite, salt: salt)
}

/// A failure to save the session, told apart from the app's own errors.
struct SessionSaveFailure: Error {
    let underlying: any Error
}
