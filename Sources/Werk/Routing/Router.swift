import Synchronization

/// A small application built on `Map` and `Rule`: routes a request to a handler closure by
/// its path and method, and turns routing outcomes into responses (404, 405 with `Allow`,
/// 308 to the slash form keeping the query, automatic OPTIONS, HEAD served by GET handlers).
///
///     var router = Router()
///     router.get("/") { _ in Response(html: "<h1>Home</h1>") }
///     router.get("/users/<int:id>", name: "user") { (request: Request, id: Int) in try Response.json(["id": id]) }
///     router.post("/users") { request in Response("created", status: .created) }
///     router.get("/feed") { request async throws in Response(try await feed.latest()) }
///     router.get("/docs/") { _ in Response("docs") }
///     let url = try router.urlFor("user", ["id": 7])   // "/users/7"
///
/// Handlers may throw: an `HTTPError` becomes its response, anything else a 500 (its text
/// shown only with `debug`). After matching, the rule and values are in the environ under
/// `MatchedRouteKey` (and `request.route`), for middleware and handlers.
public struct Router: Application {
    /// A route's handler, with the number of typed values it takes.
    public struct Handler: Sendable {
        /// The closure called with the request and the matched values.
        public let handle: @Sendable (Request, RouteValues) throws -> Response
        /// How many placeholder values the closure reads by position.
        public let arity: Int
    }

    /// The converters added to the built-in ones: `router.converters["hex"] = { _ in HexConverter() }`.
    public var converters: [String: ConverterFactory] = [:] { didSet { cache = MapCache() } }
    /// Whether slash-ending rules redirect requests without the slash (default true).
    public var strictSlashes: Bool { didSet { cache = MapCache() } }
    /// Whether rules match on `host` patterns.
    public var hostMatching: Bool { didSet { cache = MapCache() } }
    /// The server name subdomain patterns are matched under, or nil.
    public var serverName: String? { didSet { cache = MapCache() } }
    /// Whether errors thrown by handlers show their text on the 500 page.
    public var debug: Bool
    /// The rules added so far, in order.
    public private(set) var rules: [Rule<Handler>] = [] { didSet { cache = MapCache() } }
    /// Applications mounted under a path prefix, longest prefix first.
    public private(set) var mounts: [(prefix: String, app: any Application)] = []

    /// The compiled map, made once per set of rules on first use.
    private var cache = MapCache()

    /// An empty router: `var router = Router()`.
    public init(strictSlashes: Bool = true, hostMatching: Bool = false, serverName: String? = nil, debug: Bool = false) {
        self.strictSlashes = strictSlashes
        self.hostMatching = hostMatching
        self.serverName = serverName
        self.debug = debug
    }

    /// Adds a rule whose endpoint is `handler`; every overload ends here.
    mutating func add(_ pattern: String, methods: [String]?, name: String?, strictSlashes: Bool?, defaults: RouteValues,
                      host: String?, subdomain: String?, arity: Int,
                      _ handler: @escaping @Sendable (Request, RouteValues) throws -> Response) {
        rules.append(Rule(pattern, endpoint: Handler(handle: handler, arity: arity), methods: methods, name: name,
                          defaults: defaults, strictSlashes: strictSlashes, host: host, subdomain: subdomain))
    }

    /// Serves `app` for every path under `prefix` (`/admin` serves `/admin` and `/admin/...`):
    /// the prefix moves from `PATH_INFO` to `SCRIPT_NAME`, so the mounted app (another Router,
    /// say) builds its URLs under it.
    ///
    ///     router.mount("/admin", adminRouter)
    public mutating func mount(_ prefix: String, _ app: any Application) {
        var prefix = prefix.hasPrefix("/") ? prefix : "/" + prefix
        while prefix.count > 1 && prefix.hasSuffix("/") { prefix.removeLast() }
        mounts.append((prefix, app))
        mounts.sort { $0.prefix.utf8.count > $1.prefix.utf8.count }
    }

    /// The compiled map; throws the `RoutingError` of a malformed or conflicting rule, or of a
    /// typed handler that reads more values than its rule has. Call it at startup to fail early.
    ///
    ///     let map = try router.map()
    public func map() throws(RoutingError) -> Map<Handler> {
        try cache.map { () throws(RoutingError) -> Map<Handler> in
            let map = try Map(rules, converters: converters, strictSlashes: strictSlashes, hostMatching: hostMatching,
                              serverName: serverName)
            for rule in map.compiled where map.rules[rule.index].endpoint.arity > rule.pathNames.count + rule.hostNames.count {
                throw RoutingError.invalidPattern(pattern: map.rules[rule.index].pattern, message:
                    "the handler takes \(map.rules[rule.index].endpoint.arity) values but the rule has "
                    + "\(rule.pathNames.count + rule.hostNames.count) placeholders")
            }
            return map
        }
    }

    /// The URL of the route named `name` with `values` (extra values become the query string),
    /// under the script root and host of `request` when given.
    ///
    ///     try router.urlFor("user", ["id": 7])                         // "/users/7"
    ///     try router.urlFor("user", ["id": 7], for: request, absolute: true)
    public func urlFor(_ name: String, _ values: RouteValues = [:], for request: Request? = nil,
                       absolute: Bool = false) throws(RoutingError) -> String {
        let map = try map()
        let adapter = request.map { map.bind(to: $0.environ) } ?? map.bind()
        return try adapter.build(name: name, values, absolute: absolute)
    }

    /// Routes one request.
    public func callAsFunction(_ environ: inout Environ, _ startResponse: StartResponse) throws -> Body {
        let path = environ.pathInfo
        for (prefix, app) in mounts where path == prefix || path.hasPrefix(prefix + "/") || prefix == "/" {
            if prefix != "/" {
                environ.scriptName += prefix
                environ.pathInfo = String(path.dropFirst(prefix.count))
            }
            return try app(&environ, startResponse)
        }
        let map = try map()
        let adapter = map.bind(to: environ)
        let method = environ.method
        var response: Response
        var failure: (any Error, Request)?
        do throws(RoutingError) {
            let match = try adapter.match(path, method: method, query: environ.queryString)
            environ[MatchedRouteKey.self] = MatchedRoute(
                pattern: match.rule.pattern, name: match.rule.name, methods: match.rule.methods, values: match.values,
                endpoint: match.endpoint, urlBuilder: { name, values, absolute throws(RoutingError) in
                    try adapter.build(name: name, values, absolute: absolute)
                })
            let request = Request(environ)
            do {
                response = try match.endpoint.handle(request, match.values)
            } catch {
                response = Response(status: .internalServerError, exactHeaders: Headers(), body: .empty)
                failure = (error, request)
            }
        } catch {
            response = try Router.response(for: error, request: Request(environ))
        }
        // Outside the typed `do`: a debugger may want the error itself (PropagateErrorsKey).
        if let (error, request) = failure { response = try Request.errorResponse(for: error, request: request, debug: debug) }
        var body = try response.start(startResponse)
        if !ResponseFraming.sendsBody(method: method, status: .ok) {
            // HEAD: the same status and headers as GET, Content-Length included, but no body (RFC 9110 s9.3.2).
            body.close()
            body = .empty
        }
        return body
    }

    /// The response for a routing outcome: 404, 405 with `Allow`, 308 with `Location`, or the
    /// automatic OPTIONS answer. Other routing errors are rethrown.
    ///
    ///     let response = try Router.response(for: .notFound, request: request)
    public static func response(for error: RoutingError, request: Request) throws -> Response {
        switch error {
        case .notFound: return HTTPError.notFound().response(for: request)
        case .methodNotImplemented: return HTTPError.notImplemented().response(for: request)
        case .methodNotAllowed(let allowed): return HTTPError.methodNotAllowed(allowed: allowed).response(for: request)
        case .redirect(let location): return Response.redirect(to: location, status: .permanentRedirect)
        case .options(let allowed):
            var response = Response(status: .ok, exactHeaders: Headers(), body: .empty)
            response.headers.setUnchecked("Allow", allowed.joined(separator: ", "))
            response.headers.setTrusted("Content-Length", "0")
            return response
        default: throw error
        }
    }

    /// Reads the placeholder value at `position` as `T`; a mismatch is a server error.
    static func parameter<T: RouteParameter>(_ values: RouteValues, _ position: Int, as type: T.Type) throws -> T {
        guard position < values.pairs.count else {
            throw HTTPError.internalServerError(debugInfo: "the route has no value at position \(position)")
        }
        let pair = values.pairs[position]
        guard let value = T(routeValue: pair.value) else {
            throw HTTPError.internalServerError(debugInfo:
                "the route value '\(pair.name)' (\(routeValueText(pair.value, quoted: true))) is not a \(T.self)")
        }
        return value
    }
}

/// The compiled map of one set of router rules, made on first use under a lock.
final class MapCache: Sendable {
    private let state = Locked<Result<Map<Router.Handler>, RoutingError>?>(nil)

    /// The cached map, or `make`'s result stored for next time.
    func map(_ make: () throws(RoutingError) -> Map<Router.Handler>) throws(RoutingError) -> Map<Router.Handler> {
        let result = state.withLock { cached in
            if let cached { return cached }
            let made: Result<Map<Router.Handler>, RoutingError>
            do throws(RoutingError) { made = .success(try make()) } catch { made = .failure(error) }
            cached = made
            return made
        }
        return try result.get()
    }
}

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

/// A type a typed route handler can take a placeholder value as: `{ (request: Request, id: Int) in }`.
///
///     extension Slug: RouteParameter { init?(routeValue: any Sendable) { ... } }
public protocol RouteParameter: Sendable {
    /// The value from a matched placeholder's value, or nil when it does not fit.
    init?(routeValue: any Sendable)
}

extension Int: RouteParameter {
    /// An `Int` from an `int` placeholder (or a string of digits).
    public init?(routeValue: any Sendable) {
        if let value = routeValue as? Int { self = value } else if let text = routeValue as? String, let value = Int(text) { self = value } else { return nil }
    }
}

extension Double: RouteParameter {
    /// A `Double` from a `float` or `int` placeholder (or a string of a number).
    public init?(routeValue: any Sendable) {
        if let value = routeValue as? Double { self = value }
        else if let value = routeValue as? Int { self = Double(value) }
        else if let text = routeValue as? String, let value = Double(text) { self = value }
        else { return nil }
    }
}

extension String: RouteParameter {
    /// The text of any placeholder's value.
    public init?(routeValue: any Sendable) { self = routeValueText(routeValue) }
}
