import Werk

/// How the `sessions` middleware opens and saves a session (Flask's `SessionInterface`):
/// the cookie settings, the signer, and the store when sessions live on the server.
struct SessionInterface: Sendable {
    let signer: SessionSigner
    let store: (any SessionStore)?
    let cookieName: String
    let maxAge: Int
    let path: String
    let domain: String?
    let secure: Bool?
    let sameSite: SameSite

    /// Checks the settings: the cookie name is a token; a `__Host-` name needs Path=/, no
    /// Domain and Secure; a `__Secure-` name needs Secure (RFC 6265bis s4.1.3).
    init(signer: SessionSigner, store: (any SessionStore)?, cookieName: String, maxAge: Int, path: String,
         domain: String?, secure: Bool?, sameSite: SameSite) throws {
        do {
            _ = try dumpCookie(name: cookieName, value: "", path: path, domain: domain)
        } catch {
            throw SessionError("invalid session cookie settings: \(error)")
        }
        if cookieName.hasPrefix("__Host-") {
            guard path == "/", domain == nil, secure != false else {
                throw SessionError("a __Host- cookie must have path \"/\", no domain and Secure (got path \(String(reflecting: path)), domain \(domain.map { String(reflecting: $0) } ?? "nil"), secure \(secure.map(String.init) ?? "auto"))")
            }
        }
        if cookieName.hasPrefix("__Secure-"), secure == false {
            throw SessionError("a __Secure- cookie must be Secure; do not set secure: false")
        }
        self.signer = signer
        self.store = store
        self.cookieName = cookieName
        self.maxAge = maxAge
        self.path = path
        self.domain = domain
        self.secure = secure
        self.sameSite = sameSite
    }

    /// True when the cookie must carry `Secure`: set so, a prefixed name, or an HTTPS request.
    func isSecure(_ request: Request) -> Bool {
        if let secure { return secure }
        return cookieName.hasPrefix("__Host-") || cookieName.hasPrefix("__Secure-") || request.isSecure
    }

    /// The request's session: from a valid cookie (and the store), else a new, empty one.
    /// Tampered, expired, truncated or garbage cookies give an empty session. A session in a
    /// store is loaded when the app first touches it; a failing store makes that request's
    /// answer a 503 (see `save`), and requests that do not touch the session never reach it.
    func open(_ request: Request) -> Session {
        guard let cookie = request.cookies[cookieName], let payload = signer.unsign(cookie) else { return Session() }
        if let store {
            let id = String(decoding: payload, as: UTF8.self)
            guard SessionID.isValid(id) else { return Session() }
            return Session(loadingWith: {
                guard let data = try store.load(id: id), let storage = Session.storage(fromPayload: data) else {
                    return Session.Loaded()
                }
                return Session.Loaded(storage: storage, isNew: false, id: id)
            })
        }
        guard let storage = Session.storage(fromPayload: payload) else { return Session() }
        return Session(storage: storage, isNew: false)
    }

    /// Saves `session` when it changed and returns the `Set-Cookie` value to send, or nil
    /// when no cookie needs sending. Throws `SessionError` when the session cannot be saved,
    /// and `SessionStoreFailure` when the store failed (on loading or now).
    func save(_ session: Session, for request: Request) throws -> String? {
        if let error = session.loadError { throw SessionStoreFailure.unavailable(error) }
        if let error = session.encodingError { throw error }
        guard session.isModified else { return nil }
        do {
            return try write(session, for: request)
        } catch let error as SessionError {
            throw error
        } catch {
            throw SessionStoreFailure.unavailable(error)
        }
    }

    /// Writes a changed session to the store (when there is one) and makes its cookie.
    private func write(_ session: Session, for request: Request) throws -> String? {
        let secure = isSecure(request)
        if session.isEmpty {
            if let store, let id = session.id { try store.delete(id: id) }
            session.id = nil
            // Nothing to delete when the client sent no session.
            guard !session.isNew else { return nil }
            return try dumpCookie(name: cookieName, value: "", maxAge: 0, path: path, domain: domain,
                                  secure: secure, httpOnly: true, sameSite: sameSite)
        }
        let value: String
        if let store {
            if session.isRegenerated, let old = session.id {
                try store.delete(id: old)
                session.id = nil
            }
            let id = session.id ?? SessionID.make()
            try store.save(id: id, data: session.payload(), maxAge: maxAge)
            session.id = id
            value = signer.sign(Array(id.utf8))
        } else {
            value = signer.sign(session.payload())
        }
        let size = cookieName.utf8.count + 1 + value.utf8.count
        guard size <= SessionError.maximumCookieSize else { throw SessionError.cookieTooLarge(name: cookieName, size: size) }
        return try dumpCookie(name: cookieName, value: value, maxAge: maxAge, path: path, domain: domain,
                              secure: secure, httpOnly: true, sameSite: sameSite)
    }
}
