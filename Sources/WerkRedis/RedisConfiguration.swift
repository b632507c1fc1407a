/// Where a Redis server listens and how to talk to it.
///
///     let redis = RedisClient(RedisConfiguration(.tcp(host: "127.0.0.1", port: 6379), password: "s3cret"))
public struct RedisConfiguration: Sendable {
    /// A Redis server's address.
    public enum Endpoint: Sendable, Equatable, CustomStringConvertible {
        /// A TCP host (name or IP literal) and port.
        case tcp(host: String, port: Int)
        /// A Unix domain socket's path.
        case unix(path: String)

        /// `127.0.0.1:6379` or `unix:/run/redis.sock`.
        public var description: String {
            switch self {
            case .tcp(let host, let port): return host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            case .unix(let path): return "unix:\(path)"
            }
        }
    }

    /// The server.
    public var endpoint: Endpoint
    /// The ACL user name for `AUTH`; nil for the default user.
    public var username: String?
    /// The password for `AUTH`; nil when the server needs none.
    public var password: String?
    /// The database `SELECT`ed on each new connection.
    public var database: Int
    /// How long a connection attempt may take, in seconds.
    public var connectTimeout: Double
    /// How long one command may wait for its reply (or to be written), in seconds.
    public var commandTimeout: Double
    /// The most connections the pool opens at once; callers beyond it wait for one.
    public var maxConnections: Int
    /// After a failed connection attempt, commands fail at once for this many seconds instead
    /// of each trying again, so a server that is down cannot tie up every request's thread.
    public var retryInterval: Double
    /// Limits on replies.
    public var limits: RESPDecoder.Limits

    /// A configuration for `endpoint`; every setting has a default suited to a session store.
    public init(_ endpoint: Endpoint = .tcp(host: "127.0.0.1", port: 6379), username: String? = nil, password: String? = nil,
                database: Int = 0, connectTimeout: Double = 1, commandTimeout: Double = 2, maxConnections: Int = 16,
                retryInterval: Double = 0.5, limits: RESPDecoder.Limits = RESPDecoder.Limits()) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        self.maxConnections = max(1, maxConnections)
        self.retryInterval = retryInterval
        self.limits = limits
    }
}
