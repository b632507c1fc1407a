#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Werk

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

    /// The values as JSON texts, by key.
    private(set) var storage: [String: String]
    /// True when the values changed during this request (the session is then saved).
    public private(set) var isModified = false
    /// True when the request brought no valid session.
    public let isNew: Bool
    /// True after `regenerate()`: the session is saved under a new id (or a new signature).
    public private(set) var isRegenerated = false
    /// A value that could not be encoded by the subscript setter; saving then fails with it.
    private(set) var encodingError: SessionError?
    /// The id in the server-side store, when there is one and the session was saved before.
    var id: String?

    /// An empty session, or one holding `storage` (JSON texts by key) loaded from a cookie or store.
    init(storage: [String: String] = [:], isNew: Bool = true, id: String? = nil) {
        self.storage = storage
        self.isNew = isNew
        self.id = id
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

    /// Gives the session a new identity, keeping its values: a new id in a server-side store
    /// (the old one is deleted), a new signature and issue time for a cookie. Call it when the
    /// user signs in, so an id planted before sign-in is worthless (session fixation).
    public func regenerate() {
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

    /// The request's session; throws a 500 whose debug text says the `sessions` middleware
    /// is missing when it is not in front of the app.
    public func requireSession() throws -> Session {
        guard let session else {
            throw HTTPError.internalServerError(debugInfo: "no session: add the sessions(secret:) middleware in front of the app")
        }
        return session
    }
}
