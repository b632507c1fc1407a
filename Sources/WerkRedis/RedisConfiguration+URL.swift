import Werk

extension RedisConfiguration {
    /// A configuration from a URL, as a command line gives it:
    ///
    /// - `redis://[[user]:password@]host[:port][/database]` (port 6379 by default; an IPv6
    ///   host in brackets; percent-escapes in the user and password are decoded);
    /// - `unix:/path/to/redis.sock` or `unix:///path/to/redis.sock`, or a bare absolute path,
    ///   for a Unix socket (`?db=N` picks the database).
    ///
    /// A URL that cannot be used throws `RedisURLError` saying which part is wrong.
    ///
    ///     let redis = RedisClient(try RedisConfiguration(url: "redis://:s3cret@127.0.0.1:6379/2"))
    ///     let local = RedisClient(try RedisConfiguration(url: "unix:/run/redis/redis.sock"))
    public init(url: String) throws(RedisURLError) {
        // Messages name the URL without its password: they end up in service logs.
        let shown = RedisConfiguration.redacted(url)
        if url.hasPrefix("/") || url.hasPrefix("unix:") {
            var rest = url.hasPrefix("unix:") ? String(url.dropFirst(5)) : url
            if rest.hasPrefix("//") { rest.removeFirst(2) }
            var database = 0
            if let question = rest.firstIndex(of: "?") {
                let query = rest[rest.index(after: question)...]
                rest = String(rest[..<question])
                guard query.hasPrefix("db="), let number = Int(query.dropFirst(3)), number >= 0 else {
                    throw RedisURLError("the query of \(shown) must be db=N")
                }
                database = number
            }
            guard rest.hasPrefix("/"), rest.count > 1 else { throw RedisURLError("\(shown) names no absolute socket path") }
            self.init(.unix(path: rest), database: database)
            return
        }
        guard url.hasPrefix("redis://") else {
            throw RedisURLError("\(shown) is not a Redis URL (redis://host:port/db, unix:/path or /path)")
        }
        var rest = Substring(url.dropFirst(8))
        var username: String?, password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            let parts = credentials.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let user = percentDecode(String(parts[0]))
            if !user.isEmpty { username = user }
            if parts.count > 1 { password = percentDecode(String(parts[1])) }
        }
        var database = 0
        if let slash = rest.firstIndex(of: "/") {
            let path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
            if !path.isEmpty {
                guard let number = Int(path), number >= 0 else { throw RedisURLError("the database in \(shown) must be a number") }
                database = number
            }
        }
        var host = rest, port = 6379
        if host.hasPrefix("["), let close = host.firstIndex(of: "]") {
            let after = host[host.index(after: close)...]
            if after.hasPrefix(":") {
                guard let number = Int(after.dropFirst()), (1...65535).contains(number) else { throw RedisURLError("the port in \(shown) must be 1-65535") }
                port = number
            }
            host = host[host.index(after: host.startIndex)..<close]
        } else if let colon = host.lastIndex(of: ":") {
            guard let number = Int(host[host.index(after: colon)...]), (1...65535).contains(number) else {
                throw RedisURLError("the port in \(shown) must be 1-65535")
            }
            port = number
            host = host[..<colon]
        }
        guard !host.isEmpty else { throw RedisURLError("\(shown) names no host") }
        self.init(.tcp(host: String(host), port: port), username: username, password: password, database: database)
    }
}

/// A Redis URL that cannot be used; the message says which part is wrong.
public struct RedisURLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong with the URL.
    public let message: String
    init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

extension RedisConfiguration {
    /// `url` with the user and password of `scheme://user:password@host` written `***`.
    static func redacted(_ url: String) -> String {
        guard let scheme = url.firstRange(of: "://") else { return url }
        let rest = url[scheme.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard let at = authority.lastIndex(of: "@") else { return url }
        return String(url[..<scheme.upperBound]) + "***" + String(url[at...])
    }
}
