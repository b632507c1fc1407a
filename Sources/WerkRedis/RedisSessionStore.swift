import WerkMiddleware

/// Sessions kept in Redis, shared by every instance of an app: the cookie carries only the
/// signed id, the values live under `prefix + id` with a TTL equal to the session's maximum
/// age. When Redis cannot be reached, a request that touches its session gets a 503 (and a
/// line in the error log) while everything else is served; the client reconnects by itself
/// once Redis is back.
///
///     let redis = RedisClient(RedisConfiguration(.unix(path: "/run/redis/redis.sock")))
///     let app = stack(try sessions(secret: key, store: RedisSessionStore(redis)), app: router)
public struct RedisSessionStore: SessionStore {
    /// The client (a connection pool).
    public let client: RedisClient
    /// Prepended to every session id to make its key, so sessions share a database with
    /// other data safely.
    public let prefix: String

    /// A store over `client`, under keys `prefix + id`.
    public init(_ client: RedisClient, prefix: String = "werk:session:") {
        self.client = client
        self.prefix = prefix
    }

    /// The data saved under `id`, or nil when there is none (or it expired in Redis).
    public func load(id: String) throws -> [UInt8]? {
        try client.get(prefix + id)
    }

    /// Saves `data` under `id`, expiring `maxAge` seconds from now.
    public func save(id: String, data: [UInt8], maxAge: Int) throws {
        try client.set(prefix + id, data, expireSeconds: maxAge)
    }

    /// Deletes the session under `id`.
    public func delete(id: String) throws {
        try client.delete(prefix + id)
    }
}
