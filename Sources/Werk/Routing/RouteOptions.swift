/// What a route has besides its pattern, methods and handler: its name for `urlFor`, its own
/// slash rule, default values, and the host or subdomain it matches on. One value for every
/// route-adding method of `Router`, so each method has one parameter for all of them.
///
///     router.get("/users/<int:id>", .name("user")) { (request: Request, id: Int) in ... }
///     router.get("/blog/", RouteOptions(name: "blog", defaults: ["page": 1])) { request, values in ... }
public struct RouteOptions: Sendable {
    /// The endpoint name `urlFor` builds URLs by, or nil.
    public var name: String?
    /// Whether the slash-ending rule redirects requests without the slash; nil: the router's setting.
    public var strictSlashes: Bool?
    /// Values the handler gets when the URL does not hold them (and that `urlFor` fills in).
    public var defaults: RouteValues
    /// A host pattern the rule matches on (with `Router.hostMatching`), or nil.
    public var host: String?
    /// A subdomain pattern under `Router.serverName`, or nil.
    public var subdomain: String?

    /// Options for one route; every one is optional.
    ///
    ///     RouteOptions(name: "page", strictSlashes: false, defaults: ["page": 1])
    public init(name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
                host: String? = nil, subdomain: String? = nil) {
        self.name = name
        self.strictSlashes = strictSlashes
        self.defaults = defaults
        self.host = host
        self.subdomain = subdomain
    }

    /// A named route, the most common option: `router.get("/", .name("index")) { ... }`.
    public static func name(_ name: String) -> RouteOptions { RouteOptions(name: name) }

    /// A route with default values: `router.get("/blog/", .defaults(["page": 1])) { ... }`.
    public static func defaults(_ defaults: RouteValues) -> RouteOptions { RouteOptions(defaults: defaults) }

    /// A route matched on a host pattern: `router.get("/", .host("<user>.example.com")) { ... }`.
    public static func host(_ host: String) -> RouteOptions { RouteOptions(host: host) }

    /// A route matched on a subdomain: `router.get("/", .subdomain("api")) { ... }`.
    public static func subdomain(_ subdomain: String) -> RouteOptions { RouteOptions(subdomain: subdomain) }

    /// A route with its own slash rule: `router.get("/feed/", .strictSlashes(false)) { ... }`.
    public static func strictSlashes(_ strict: Bool) -> RouteOptions { RouteOptions(strictSlashes: strict) }
}
