import Werk

/// Where server-side sessions live: the cookie then carries only a signed id. Small and
/// synchronous on purpose (the server runs each request on its own thread); implementations
/// must be safe to call from many threads at once.
///
///     let app = stack(try sessions(secret: key, store: MemorySessionStore()), app: router)
public protocol SessionStore: Sendable {
    /// The data saved under `id`, or nil when there is none or it has expired.
    func load(id: String) throws -> [UInt8]?
    /// Saves `data` under `id`, to expire `maxAge` seconds from now.
    func save(id: String, data: [UInt8], maxAge: Int) throws
    /// Deletes the session under `id` (nothing happens when there is none).
    func delete(id: String) throws
}

/// Session ids: 128 bits from `SecureRandom`, as 32 lowercase hex digits.
public enum SessionID {
    /// A new random id.
    public static func make() -> String { SecureRandom.hex(16) }

    /// True for an id `make()` could have made (32 lowercase hex digits): stores refuse
    /// anything else, so an id can never name a path outside their folder.
    public static func isValid(_ id: String) -> Bool {
        id.utf8.count == 32 && id.utf8.allSatisfy(HTTPSyntax.isLowercaseHexDigit)
    }
}
