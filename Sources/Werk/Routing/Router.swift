import Synchronization

/// A small application built on `Map` and `Rule`: routes a request to a handler closure by
/// its path and method, and turns routing outcomes into responses (404, 405 with `Allow`,
/// 308 to the slash form keeping the query, automatic OPTIONS, HEAD served by GET handlers).
///
///     var router = Router()
///     router.get("/") { _ in Response(html: "<h1>Home</h1>") }
///     router.get("/users/<int:id>", .name("user")) { (request: Request, id: Int) in try Response.json(["id": id]) }
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
    /// Applications mounted under a path prefix, longest prefix first (`/` for the root).
    public var mounts: [(prefix: String, app: any Application)] {
        mountTable.entries.map { (prefix: $0.prefix.isEmpty ? "/" : $0.prefix, app: $0.value) }
    }
    /// The mounts, shared in form and matching with the `dispatcher` middleware.
    private var mountTable = Mounts<any Application>()

    /// The compiled map, made once per set of rules on first use.
    private var cache = MapCache()

    /// An empty router: `var router = Router()`.
    public init(strictSlashes: Bool = true, hostMatching: Bool = false, serverName: String? = nil, debug: Bool = false) {
        self.strictSlashes = strictSlashes
        self.hostMatching = hostMatching
        self.serverName = serverName
        self.debug = debug
    }

    /// Adds a rule whose endpoint is `handler`; every route-adding method ends here.
    mutating func add(_ pattern: String, methods: [String]?, _ options: RouteOptions, _ handler: Handler) {
        rules.append(Rule(pattern, endpoint: handler, methods: methods, name: options.name, defaults: options.defaults,
                          strictSlashes: options.strictSlashes, host: options.host, subdomain: options.subdomain))
    }

    /// Serves `app` for every path under `prefix` (`/admin` serves `/admin` and `/admin/...`):
    /// the prefix moves from `PATH_INFO` to `SCRIPT_NAME`, so the mounted app (another Router,
    /// say) builds its URLs under it.
    ///
    ///     router.mount("/admin", adminRouter)
    public mutating func mount(_ prefix: String, _ app: any Application) {
        mountTable.add(prefix, app)
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
        if let body = try mountTable.dispatch(&environ, startResponse) { return body }
        let path = environ.pathInfo
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
