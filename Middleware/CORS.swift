import Werk

/// Middleware for cross-origin resource sharing (the Fetch standard's CORS protocol): lets
/// pages from `origins` read the app's responses.
///
/// - A preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered
///   here, 204 with `Access-Control-Allow-Methods`, `-Allow-Headers` and `-Max-Age`, without
///   reaching the app; one from an origin, method or header not allowed gets 403 saying which.
/// - Other requests from an allowed origin get `Access-Control-Allow-Origin` (the origin
///   itself), `-Allow-Credentials` and `-Expose-Headers` on the app's response; with `.any`
///   and no credentials every response says `*`, whether the request had an `Origin` or not.
/// - `Vary: Origin` goes on every response whose headers depend on the origin, so a cache
///   never gives one origin's answer to another.
/// - `headers: nil` allows whatever request headers the browser asks for.
///
/// Throws `CORSError` for a configuration that cannot be used: `.any` with
/// `allowCredentials` (it would let every site read your users' data: the browser refuses
/// `*` with credentials, and echoing any origin is the same hole), a `.pattern` with
/// `allowCredentials` whose `*` could stand for another site (`https://*`, `https://*.com`),
/// or an origin written with a path or without a scheme.
///
///     let app = stack(try cors(origins: ["https://app.example.com"], allowCredentials: true), app: api)
public func cors(origins: CORSOrigins, methods: [String] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
                 headers: [String]? = nil, exposedHeaders: [String] = [], allowCredentials: Bool = false,
                 maxAge: Int? = 600) throws(CORSError) -> Middleware {
    if case .any = origins, allowCredentials {
        throw CORSError("allowCredentials with origins .any would let every site read your users' responses; list the origins that may")
    }
    if case .pattern(let pattern) = origins, allowCredentials, !CORSOrigins.isOneSite(pattern) {
        throw CORSError("allowCredentials with the pattern \(String(reflecting: pattern)) would let other sites read your users' responses: a * may stand for subdomains of one site only (https://*.example.com)")
    }
    try origins.validate()
    let policy = CORSPolicy(origins: origins, methods: methods, headers: headers, exposedHeaders: exposedHeaders,
                            allowCredentials: allowCredentials, maxAge: maxAge)
    return { app in
        AppFunction { environ, startResponse in
            let origin = environ.headers["Origin"]
            if environ.method == "OPTIONS", let origin, let wanted = environ.headers["Access-Control-Request-Method"] {
                let requested = environ.headers.combinedValue(for: "Access-Control-Request-Headers").map(parseListHeader) ?? []
                return try policy.preflight(origin: origin, method: wanted, headers: requested)(&environ, startResponse)
            }
            return try app(&environ, StartResponse { status, responseHeaders, error in
                var responseHeaders = responseHeaders
                policy.addHeaders(for: origin, to: &responseHeaders)
                try startResponse(status, responseHeaders, error: error)
            })
        }
    }
}

/// What `cors` allows, and the headers that say so.
struct CORSPolicy: Sendable {
    let origins: CORSOrigins
    let methods: [String]
    let headers: [String]?
    let exposedHeaders: [String]
    let allowCredentials: Bool
    let maxAge: Int?

    /// True when the answer is the same for every origin (`*`): no `Vary: Origin` needed.
    var isWildcard: Bool {
        if case .any = origins { return !allowCredentials }
        return false
    }

    /// The `Access-Control-Allow-Origin` value for an allowed `origin`.
    func allowOrigin(_ origin: String) -> String { isWildcard ? "*" : origin }

    /// Adds the CORS fields of an actual (not preflight) response. With `*` they go on every
    /// response, with or without `Origin`, so the answer is the same for every client and a
    /// cache may keep it without `Vary: Origin`.
    func addHeaders(for origin: String?, to fields: inout Headers) {
        if isWildcard {
            fields["Access-Control-Allow-Origin"] = "*"
            if !exposedHeaders.isEmpty { fields["Access-Control-Expose-Headers"] = exposedHeaders.joined(separator: ", ") }
            return
        }
        fields.addVary("Origin")
        guard let origin, origins.allows(origin) else { return }
        fields["Access-Control-Allow-Origin"] = allowOrigin(origin)
        if allowCredentials { fields["Access-Control-Allow-Credentials"] = "true" }
        if !exposedHeaders.isEmpty { fields["Access-Control-Expose-Headers"] = exposedHeaders.joined(separator: ", ") }
    }

    /// The answer to a preflight request: 204 with what is allowed, or 403 saying what is not.
    func preflight(origin: String, method: String, headers requested: [String]) -> Response {
        var fields: Headers = [:]
        if !isWildcard { fields.addVary("Origin") }
        fields.addVary("Access-Control-Request-Method")
        fields.addVary("Access-Control-Request-Headers")
        func refuse(_ reason: String) -> Response {
            Response("CORS preflight refused: \(reason)\n", status: .forbidden, headers: fields)
        }
        guard origins.allows(origin) else { return refuse("the origin \(origin) is not allowed") }
        // GET, HEAD and POST are CORS-safelisted methods: always allowed (Fetch standard).
        guard ["GET", "HEAD", "POST"].contains(method) || methods.contains(method) else {
            return refuse("the method \(method) is not allowed")
        }
        if let allowed = headers {
            for name in requested where !allowed.contains(where: { Headers.namesEqual($0, name) }) {
                return refuse("the request header \(name) is not allowed")
            }
        }
        fields["Access-Control-Allow-Origin"] = allowOrigin(origin)
        if allowCredentials { fields["Access-Control-Allow-Credentials"] = "true" }
        fields["Access-Control-Allow-Methods"] = methods.joined(separator: ", ")
        let allowedHeaders = headers ?? requested
        if !allowedHeaders.isEmpty { fields["Access-Control-Allow-Headers"] = allowedHeaders.joined(separator: ", ") }
        if let maxAge { fields["Access-Control-Max-Age"] = String(maxAge) }
        return Response(status: .noContent, exactHeaders: fields, body: .empty)
    }
}
