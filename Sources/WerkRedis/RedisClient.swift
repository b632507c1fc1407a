#if canImport(Dispatch)
import Dispatch
#endif
import Synchronization
import Werk

/// A small Redis client over a pool of connections, safe to share across the server's
/// threads: each command borrows a connection, and a broken one is closed and replaced.
/// When the server cannot be reached, commands fail fast with `RedisError.Kind.unavailable`
/// for `retryInterval` seconds, then try again, so it recovers by itself.
///
///     let redis = RedisClient(RedisConfiguration(.tcp(host: "127.0.0.1", port: 6379)))
///     try redis.set("greeting", Array("hello".utf8), expireSeconds: 60)
///     let value = try redis.get("greeting")   // the bytes of "hello"
public final class RedisClient: Sendable {
    /// The configuration.
    public let configuration: RedisConfiguration
    private struct State {
        var idle: [RedisConnection] = []
        var unavailableUntil: Double = 0
        var lastFailure = ""
    }
    private let state = Locked(State())
    /// One permit per connection the pool may have open.
    private let permits: DispatchSemaphore

    /// A client for the server `configuration` names. Connects lazily, on the first command.
    public init(_ configuration: RedisConfiguration) {
        self.configuration = configuration
        permits = DispatchSemaphore(value: configuration.maxConnections)
    }

    deinit {
        state.withLock { $0.idle.forEach { $0.close() } }
    }

    /// Commands that change what a connection does for the commands after it (a transaction,
    /// another database, a subscription, other credentials, no replies): on a pooled
    /// connection the next caller would get `QUEUED`, another database's keys or no answer.
    static let connectionStateCommands: Set<String> = [
        "MULTI", "EXEC", "DISCARD", "WATCH", "UNWATCH", "SELECT", "SWAPDB", "SUBSCRIBE", "PSUBSCRIBE",
        "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE", "MONITOR", "AUTH", "HELLO", "RESET",
        "QUIT", "READONLY", "READWRITE", "SYNC", "PSYNC", "REPLICAOF", "SLAVEOF", "BLPOP",
        "BRPOP", "BLMOVE", "BZPOPMIN", "BZPOPMAX", "BLMPOP", "BZMPOP", "BRPOPLPUSH", "WAIT", "WAITAOF",
    ]

    /// Sends a command with binary-safe arguments and returns the reply. A `-ERR` reply
    /// throws `RedisError` of kind `.server`. `idempotent` commands are sent again, once, on a
    /// new connection when the one they went out on broke. Commands that change the state of
    /// the connection or block it (`MULTI`, `SELECT`, `SUBSCRIBE`, `MONITOR`, `AUTH`,
    /// `CLIENT REPLY`, `BLPOP`...) are refused with `.protocolViolation`: every command shares the pool's
    /// connections (the database and credentials come from `RedisConfiguration`).
    @discardableResult
    public func command(_ arguments: [[UInt8]], idempotent: Bool = false) throws(RedisError) -> RESPValue {
        let name = arguments.first.map { String(decoding: $0, as: UTF8.self).uppercased() } ?? ""
        let sub = arguments.count > 1 ? String(decoding: arguments[1], as: UTF8.self).uppercased() : ""
        if RedisClient.connectionStateCommands.contains(name) || (name == "CLIENT" && ["REPLY", "TRACKING", "CACHING"].contains(sub)) {
            throw RedisError(.protocolViolation, "\(name) changes the state of the pooled connection it goes out on, which the next command would inherit; RedisClient does not send it")
        }
        return try command(arguments, idempotent: idempotent) { _ in true }
    }

    /// `command`, with the reply checked by `expected` while the connection is held: a reply
    /// of another shape means the connection is out of step with its replies (an answer meant
    /// for an earlier command), so it is closed, never handed to the next caller.
    func command(_ arguments: [[UInt8]], idempotent: Bool, expected: (RESPValue) -> Bool) throws(RedisError) -> RESPValue {
        var attempts = idempotent ? 2 : 1
        while true {
            attempts -= 1
            let reply: RESPValue
            do {
                reply = try withConnection { connection throws(RedisError) in
                    let reply = try connection.send(arguments)
                    if case .error = reply { return reply }
                    guard expected(reply) else { throw RedisError(.protocolViolation, "Redis answered \(String(decoding: arguments[0], as: UTF8.self)) with \(reply)") }
                    return reply
                }
            } catch {
                if error.kind == .connection && attempts > 0 { continue }
                throw error
            }
            if case .error(let message) = reply { throw RedisError(.server, "Redis answered: \(message)") }
            return reply
        }
    }

    /// Sends a command given as text (`"SET", "k", "v"`) and returns the reply.
    @discardableResult
    public func command(_ arguments: String..., idempotent: Bool = false) throws(RedisError) -> RESPValue {
        try command(arguments.map { Array($0.utf8) }, idempotent: idempotent)
    }

    /// `GET key`: the value's bytes, or nil when there is no such key.
    public func get(_ key: String) throws(RedisError) -> [UInt8]? {
        let reply = try command([Array("GET".utf8), Array(key.utf8)], idempotent: true) { reply in
            if case .null = reply { return true }
            return reply.bytes != nil
        }
        if case .null = reply { return nil }
        guard let bytes = reply.bytes else { throw RedisError(.protocolViolation, "Redis answered GET with \(reply)") }
        return bytes
    }

    /// `SET key value [EX seconds]`.
    public func set(_ key: String, _ value: [UInt8], expireSeconds: Int? = nil) throws(RedisError) {
        var arguments = [Array("SET".utf8), Array(key.utf8), value]
        if let expireSeconds { arguments += [Array("EX".utf8), Array(String(max(1, expireSeconds)).utf8)] }
        try command(arguments, idempotent: true)
    }

    /// `DEL key...`: how many keys were removed.
    @discardableResult
    public func delete(_ keys: String...) throws(RedisError) -> Int {
        let reply = try command([Array("DEL".utf8)] + keys.map { Array($0.utf8) }, idempotent: true) { reply in
            if case .integer = reply { return true }
            return false
        }
        guard case .integer(let count) = reply else { throw RedisError(.protocolViolation, "Redis answered DEL with \(reply)") }
        return Int(count)
    }

    /// `PING`: throws unless the server answers.
    public func ping() throws(RedisError) {
        try command([Array("PING".utf8)], idempotent: true)
    }

    /// Runs `body` with a pooled connection, returning it to the pool when it is still usable.
    private func withConnection(_ body: (inout RedisConnection) throws(RedisError) -> RESPValue) throws(RedisError) -> RESPValue {
        guard permits.wait(timeout: .now() + configuration.commandTimeout) == .success else {
            throw RedisError(.unavailable, "every connection to Redis at \(configuration.endpoint) stayed busy for \(configuration.commandTimeout) s")
        }
        defer { permits.signal() }
        var connection = try checkOut()
        do {
            let reply = try body(&connection)
            state.withLock { $0.idle.append(connection) }
            return reply
        } catch {
            connection.close()
            throw error
        }
    }

    /// An idle connection that is still alive, or a new one.
    private func checkOut() throws(RedisError) -> RedisConnection {
        let now = monotonicSeconds()
        let (reused, closing, failure) = state.withLock { state -> (RedisConnection?, [RedisConnection], String?) in
            var stale: [RedisConnection] = []
            while let candidate = state.idle.popLast() {
                if candidate.isAlive { return (candidate, stale, nil) }
                stale.append(candidate)
            }
            return (nil, stale, now < state.unavailableUntil ? state.lastFailure : nil)
        }
        closing.forEach { $0.close() }
        if let reused { return reused }
        if let failure { throw RedisError(.unavailable, failure) }
        do {
            return try RedisConnection(configuration)
        } catch {
            if error.kind == .unavailable {
                let until = monotonicSeconds() + configuration.retryInterval
                state.withLock {
                    $0.unavailableUntil = until
                    $0.lastFailure = error.message
                }
            }
            throw error
        }
    }
}
