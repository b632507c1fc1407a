/// One route: a path pattern with typed placeholders, the methods it accepts, the endpoint
/// it leads to, and optionally a name (for URL building), defaults, a host or subdomain, and
/// its trailing-slash behaviour. Rules are values; a `Map` compiles them.
///
///     Rule("/users/<int:id>", endpoint: "user", methods: ["GET"], name: "user")
///     Rule("/files/<path:name>", endpoint: "file")
///     Rule("/", endpoint: "api-home", subdomain: "api")
public struct Rule<Endpoint: Sendable>: Sendable {
    /// The path pattern: `/users/<int:id>`; written decoded (`/café`), as `PATH_INFO` is.
    public var pattern: String
    /// What the rule leads to: any value (a Hashable one enables building by endpoint) or a handler.
    public var endpoint: Endpoint
    /// The accepted methods, uppercased; nil accepts every method. `HEAD` is implied by `GET`.
    public var methods: [String]?
    /// The name to build URLs with: `adapter.build(name: "user", ["id": 7])`.
    public var name: String?
    /// Values added to every match, and which select this rule when building.
    public var defaults: RouteValues
    /// When the pattern ends in `/` and a request lacks it, redirect (308) to the slash form
    /// (true) or match anyway (false); nil uses the map's setting (default true).
    public var strictSlashes: Bool?
    /// With host matching on: the host pattern, `<user>.example.com`; nil matches any host.
    public var host: String?
    /// With a `serverName` set on the map: the subdomain pattern (`api`, `<user>`);
    /// nil uses the map's `defaultSubdomain`.
    public var subdomain: String?

    /// A rule; every argument after `endpoint` is optional.
    ///
    ///     Rule("/docs/", endpoint: Page.docs, methods: ["GET"])
    public init(_ pattern: String, endpoint: Endpoint, methods: [String]? = nil, name: String? = nil,
                defaults: RouteValues = [:], strictSlashes: Bool? = nil, host: String? = nil, subdomain: String? = nil) {
        self.pattern = pattern
        self.endpoint = endpoint
        self.methods = methods?.map { $0.uppercased() }
        self.name = name
        self.defaults = defaults
        self.strictSlashes = strictSlashes
        self.host = host
        self.subdomain = subdomain
    }

    /// `'/users/<int:id>' (user)`: the pattern and name, for messages.
    var label: String {
        var text = "'\(pattern)'"
        if let host { text += " on host '\(host)'" }
        if let subdomain { text += " on subdomain '\(subdomain)'" }
        if let name { text += " (\(name))" } else { text += " (endpoint \(endpoint))" }
        return text
    }
}

/// The result of matching: the rule, its endpoint and the typed values from the URL (with
/// the rule's defaults).
///
///     let match = try adapter.match("/users/7")
///     match.endpoint            // "user"
///     match.values.int("id")    // 7
public struct RouteMatch<Endpoint: Sendable>: Sendable {
    /// The map's rules, shared (a match copies no rule).
    @usableFromInline let rules: [Rule<Endpoint>]
    /// The index of the rule that matched.
    @usableFromInline let index: Int
    /// The values from the path and host, then the defaults not set by them.
    public let values: RouteValues
    /// The rule that matched.
    public var rule: Rule<Endpoint> { rules[index] }
    /// The rule's endpoint: `match.endpoint`.
    public var endpoint: Endpoint { rules[index].endpoint }

    /// A match of `rules[index]` with `values`.
    @usableFromInline
    init(rules: [Rule<Endpoint>], index: Int, values: RouteValues) {
        self.rules = rules
        self.index = index
        self.values = values
    }
}
