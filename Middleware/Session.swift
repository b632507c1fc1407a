#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Werk

/// The session key under which the CSRF token is kept (`csrfToken`); `regenerate()` drops it.
let csrfSessionKey = "_csrf_token"

/// The session of one request, kept by the `sessions` middleware in a signed cookie or in a
/// server-side `SessionStore`. Values are any `Codable`, stored as JSON. A reference, so a
/// handler's changes reach the middleware that saves them.
///
///     let session = try request.requireSession()
///     session["cart"] = [1, 2]                          // any Codable
///     let cart = session.get("cart", as: [Int].self)    // [1, 2]
///     let visits = (session.get("visits", as: Int.self) ?? 0) + 1
///     try session.set("visits", visits)
///     session.regenerate()                              // after signing in
public final class Session {
    /// The default maximum age of a session: 31 days, in seconds.
    public static let defaultMaxAge = 31 * 24 * 3600

    /// What loading a session found: its values, whether a valid session brought them, and
    /// its id in the server-side store.
    struct Loaded {
        var storage: [String: String] = [:]
        var isNew = true
        var id: String?
    }

    /// Loads the session on first use, for sessions in a server-side store: a request that
    /// never touches its session never reaches the store.
    private var pendingLoad: (() throws -> Loaded)?
    private var loaded: Loaded
    /// Why loading failed (the store was unreachable, say); the session then reads as empty,
    /// is never saved, and the response becomes a 503.
    private(set) var loadError: (any Error)?
    /// True when the values changed during this request (the session is then saved).
    public private(set) var isModified = false
    /// True once anything read or wrote the session's values during this request: the
    /// response then depends on the cookie and says `Vary: Cookie` (Flask's `accessed`).
    public private(set) var isAccessed = false
    /// True after `regenerate()`: the session is saved under a new id (or a new signature).
    public private(set) var isRegenerated = false
    /// A value that could not be encoded by the subscript setter; saving then fails with it.
    private(set) var encodingError: SessionError?

    /// The values as JSON texts, by key.
    private(set) var storage: [String: String] {
        get { loadIfNeeded(); return loaded.storage }
        set { loadIfNeeded(); loaded.storage = newValue }
    }
    /// True when the request brought no valid session.
    public var isNew: Bool { loadIfNeeded(); return loaded.isNew }
    /// The id in the server-side store, when there is one and the session was saved before.
    var id: String? {
        get { loadIfNeeded(); return loaded.id }
        set { loaded.id = newValue }
    }

    /// An empty session, or one holding `storage` (JSON texts by key) loaded from a cookie or store.
    init(storage: [String: String] = [:], isNew: Bool = true, id: String? = nil) {
        loaded = Loaded(storage: storage, isNew: isNew, id: id)
    }

    /// A session that `load` fills on first use.
    init(loadingWith load: @escaping () throws -> Loaded) {
        loaded = Loaded()
        pendingLoad = load
    }

    /// Runs the pending load once; a failure leaves the session empty and records the error.
    private func loadIfNeeded() {
        isAccessed = true
        guard let load = pendingLoad else { return }
        pendingLoad = nil
        do {
            loaded = try load()
        } catch {
            loadError = error
        }
    }

    /// Throws the error that kept the session from loading, if any (loading it first).
    func checkLoaded() throws {
        loadIfNeeded()
        if let loadError { throw loadError }
    }

    /// A new, empty session (for tests of handlers without the middleware).
    public convenience init() { self.init(storage: [:]) }

    /// The keys, sorted.
    public var keys: [String] { storage.keys.sorted() }
    /// True when the session holds no values.
    public var isEmpty: Bool { storage.isEmpty }
    /// True when the session holds a value under `key`.
    public func contains(_ key: String) -> Bool { storage[key] != nil }

    /// The value under `key` decoded as `type`, or nil when absent or of another type.
    public func get<Value: Decodable>(_ key: String, as type: Value.Type = Value.self) -> Value? {
        guard let json = storage[key] else { return nil }
        return try? JSONDecoder().decode(Value.self, from: Data(json.utf8))
    }

    /// Stores `value` under `key` as JSON; throws `SessionError` when it cannot be encoded
    /// (a `Double.nan`, say).
    public func set<Value: Encodable>(_ key: String, _ value: Value) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let json: String
        do {
            json = String(decoding: try encoder.encode(value), as: UTF8.self)
        } catch {
            throw SessionError("the session value for '\(key)' cannot be encoded as JSON: \(error)")
        }
        guard storage[key] != json else { return }
        storage[key] = json
        isModified = true
    }

    /// The value under `key` (read as the type the context asks for); assigning nil removes it.
    /// A value that cannot be encoded makes the save fail with a 500 and the reason logged;
    /// use `set(_:_:)` to get the error at once.
    public subscript<Value: Codable>(key: String) -> Value? {
        get { get(key, as: Value.self) }
        set {
            guard let newValue else { remove(key); return }
            do { try set(key, newValue) } catch let error as SessionError { encodingError = error } catch {}
        }
    }

    /// Removes the value under `key`; true when there was one.
    @discardableResult
    public func remove(_ key: String) -> Bool {
        guard storage.removeValue(forKey: key) != nil else { return false }
        isModified = true
        return true
    }

    /// Removes every value (the cookie is then deleted, and the stored session too).
    public func clear() {
        guard !storage.isEmpty else { return }
        storage = [:]
        isModified = true
    }

    /// Gives the session a new identity, keeping its values but its CSRF token: a new id in a
    /// server-side store (the old one is deleted), a new signature and issue time for a cookie.
    /// Call it when the user signs in, so an id or a CSRF token planted before sign-in is
    /// worthless (session fixation); `csrfToken` then makes a new token.
    public func regenerate() {
        storage.removeValue(forKey: csrfSessionKey)
        isRegenerated = true
        isModified = true
    }

    /// The values as the payload the middleware signs or stores: a JSON object of JSON texts.
    func payload() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(storage)).map(Array.init) ?? Array("{}".utf8)
    }

    /// The storage of a payload made by `payload()`, or nil when it is not one.
    static func storage(fromPayload bytes: [UInt8]) -> [String: String]? {
        try? JSONDecoder().decode([String: String].self, from: Data(bytes))
    }
}

/// The environ key under which the `sessions` middleware stores the request's `Session`.
public enum SessionKey: EnvironKey {
    /// The session.
    public typealias Value = Session
}

extension Request {
    /// The request's session, when the `sessions` middleware runs in front of the app.
    public var session: Session? { environ[SessionKey.self] }

    /// The request's session, loaded; throws a 500 whose debug text says the `sessions`
    /// middleware is missing when it is not in front of the app, and a 503 when the session
    /// store cannot be reached.
    public func requireSession() throws -> Session {
        guard let session else {
            throw HTTPError.internalServerError(debugInfo: "no session: add the sessions(secret:) middleware in front of the app")
        }
        do {
            try session.checkLoaded()
        } catch {
            throw SessionStoreFailure.unavailable(error)
        }
        return session
    }
}
