import Werk

/// The session of one request: string values kept in a signed cookie by `sessions(secret:)`.
/// A reference, so a handler's changes reach the middleware that writes the cookie.
///
///     let visits = (request.session?.get("visits", as: Int.self) ?? 0) + 1
///     request.session?.set("visits", visits)
public final class Session {
    /// The values, by key.
    public private(set) var values: [String: String]
    /// True when the values changed during this request (the cookie is then written).
    public private(set) var isModified = false
    /// True when the request brought no valid session cookie.
    public let isNew: Bool

    /// A session with `values`; `isNew` when no valid cookie carried it.
    public init(_ values: [String: String] = [:], isNew: Bool = true) {
        self.values = values
        self.isNew = isNew
    }

    /// The value for `key`; setting nil removes it.
    public subscript(key: String) -> String? {
        get { values[key] }
        set {
            guard values[key] != newValue else { return }
            values[key] = newValue
            isModified = true
        }
    }

    /// The value for `key` converted to `type`, or nil when absent or not convertible.
    public func get<T: LosslessStringConvertible>(_ key: String, as type: T.Type) -> T? {
        values[key].flatMap(T.init)
    }

    /// Stores `value` under `key` as its description.
    public func set<T: LosslessStringConvertible>(_ key: String, _ value: T) {
        self[key] = value.description
    }

    /// Removes every value (the cookie is then deleted).
    public func clear() {
        guard !values.isEmpty else { return }
        values = [:]
        isModified = true
    }
}

/// The environ key under which `sessions(secret:)` stores the request's `Session`.
public enum SessionKey: EnvironKey {
    /// The session.
    public typealias Value = Session
}

extension Request {
    /// The request's session, when the `sessions(secret:)` middleware runs in front of the app.
    public var session: Session? { environ[SessionKey.self] }
}
