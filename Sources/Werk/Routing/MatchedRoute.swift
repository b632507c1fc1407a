// What routing matched, kept in the environ for middleware and handlers, and the URL
// building that goes with it.

/// What routing found for the current request, stored in the environ under `MatchedRouteKey`.
///
///     if let route = environ[MatchedRouteKey.self] { log(route.pattern, route.values) }
public struct MatchedRoute: Sendable {
    /// The matched rule's pattern: `/users/<int:id>`.
    public let pattern: String
    /// The matched rule's name, if it has one.
    public let name: String?
    /// The matched rule's methods (nil: every method).
    public let methods: [String]?
    /// The values from the URL and the rule's defaults.
    public let values: RouteValues
    /// The matched rule's endpoint (a `Router.Handler` for routers).
    public let endpoint: any Sendable
    /// Builds URLs with the adapter the request was matched with.
    let urlBuilder: @Sendable (String, RouteValues, Bool) throws(RoutingError) -> String

    /// A record of a match; `urlBuilder` builds URLs by rule name for the same request.
    ///
    ///     MatchedRoute(pattern: "/", name: nil, methods: nil, values: [:], endpoint: "index") { _, _, _ in "/" }
    public init(pattern: String, name: String?, methods: [String]?, values: RouteValues, endpoint: any Sendable,
                urlBuilder: @escaping @Sendable (String, RouteValues, Bool) throws(RoutingError) -> String) {
        self.pattern = pattern
        self.name = name
        self.methods = methods
        self.values = values
        self.endpoint = endpoint
        self.urlBuilder = urlBuilder
    }

    /// The URL of the rule named `name` for this request (its script root and host).
    ///
    ///     try route.urlFor("user", ["id": 7])
    public func urlFor(_ name: String, _ values: RouteValues = [:], absolute: Bool = false) throws(RoutingError) -> String {
        try urlBuilder(name, values, absolute)
    }
}

/// The environ key under which routing stores the `MatchedRoute`.
///
///     environ[MatchedRouteKey.self]?.values.int("id")
public enum MatchedRouteKey: EnvironKey {
    /// The stored value.
    public typealias Value = MatchedRoute
}

extension Request {
    /// What routing matched for this request, or nil before routing: `request.route?.values`.
    public var route: MatchedRoute? { environ[MatchedRouteKey.self] }

    /// The URL of the route named `name`, built for this request (script root, host):
    /// `try request.urlFor("user", ["id": 7])`. Throws `RoutingError.unknownEndpoint` when
    /// the request was not routed.
    public func urlFor(_ name: String, _ values: RouteValues = [:], absolute: Bool = false) throws(RoutingError) -> String {
        guard let route else { throw .unknownEndpoint("'\(name)' (the request was not routed)") }
        return try route.urlFor(name, values, absolute: absolute)
    }
}
