/// A map bound to one request's host, script root and scheme: matches paths and builds URLs.
/// Cheap to make per request; `Sendable`.
///
///     let adapter = map.bind(host: "example.com:8080", scriptName: "/app")
///     let match = try adapter.match("/users/7", method: "GET")
///     try adapter.build("user", ["id": 7])                   // "/app/users/7"
///     try adapter.build("user", ["id": 7], absolute: true)   // "http://example.com:8080/app/users/7"
public struct MapAdapter<Endpoint: Sendable>: Sendable {
    /// The compiled rules.
    public let map: Map<Endpoint>
    /// The host as given, port included: used in absolute URLs.
    public let host: String
    /// The host lowercased without its port: used for matching.
    public let hostName: String
    /// Where the application is mounted (`SCRIPT_NAME`), without a trailing slash.
    public let scriptName: String
    /// `http` or `https`, for absolute URLs.
    public let scheme: String
    @usableFromInline let context: HostContext

    /// An adapter; see `Map.bind(host:scriptName:scheme:)`.
    ///
    ///     MapAdapter(map: map, host: "example.com", scriptName: "", scheme: "https")
    public init(map: Map<Endpoint>, host: String, scriptName: String, scheme: String) {
        self.map = map
        self.host = host
        let name = hostWithoutPort(host.lowercased())
        self.hostName = name
        var script = scriptName
        while script.utf8.last == UInt8(ascii: "/") { script.removeLast() }
        self.scriptName = script
        self.scheme = scheme
        let hostParts = name.split(separator: ".", omittingEmptySubsequences: false)
        var subdomainParts: [Substring]? = nil
        if let serverName = map.serverName {
            if name == serverName {
                subdomainParts = [""]
            } else if name.hasSuffix("." + serverName) {
                let sub = name.dropLast(serverName.count + 1)
                subdomainParts = sub.split(separator: ".", omittingEmptySubsequences: false)
            }
        }
        self.context = HostContext(hostParts: hostParts, subdomainParts: subdomainParts)
    }

    /// Matches `path` (percent-decoded, as `PATH_INFO`) and `method`. Throws `RoutingError`:
    /// `.notFound`, `.methodNotAllowed(allowed:)`, `.redirect(location:)` (keeping `query`),
    /// or `.options(allowed:)` for an automatic OPTIONS answer.
    ///
    ///     let match = try adapter.match("/users/7", method: "GET")
    @inlinable
    public func match(_ path: String, method: String = "GET", query: String = "") throws(RoutingError) -> RouteMatch<Endpoint> {
        try map.match(path: path, method: method, host: context, scriptName: scriptName, query: query)
    }

    /// The methods `path` accepts (what a 405 or OPTIONS answer lists), empty when no rule matches it.
    ///
    ///     adapter.allowedMethods("/users/7")   // ["GET", "HEAD", "OPTIONS"]
    public func allowedMethods(_ path: String) -> [String] {
        do {
            _ = try map.match(path: path, method: "\u{1}", host: context, scriptName: scriptName, query: "")
            return ["*"]
        } catch {
            switch error {
            case .methodNotAllowed(let allowed), .options(let allowed): return allowed
            default: return []
            }
        }
    }
}
