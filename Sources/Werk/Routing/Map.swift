/// A set of rules compiled once into a matching tree; immutable afterwards, so one map is
/// shared by every thread without locks. Building it checks every pattern and converter and
/// reports rules that can never be told apart.
///
///     let map = try Map([
///         Rule("/", endpoint: "index", methods: ["GET"]),
///         Rule("/users/<int:id>", endpoint: "user", methods: ["GET"], name: "user"),
///         Rule("/docs/", endpoint: "docs", methods: ["GET"]),
///     ])
///     let adapter = map.bind(host: "example.com")
///     let match = try adapter.match("/users/7")          // endpoint "user", values ["id": 7]
///     try adapter.build("user", ["id": 8])               // "/users/8"
public struct Map<Endpoint: Sendable>: Sendable {
    /// The rules, in the order given (the order does not decide which rule matches).
    public let rules: [Rule<Endpoint>]
    /// Whether rules redirect to their slash form by default.
    public let strictSlashes: Bool
    /// Whether a path with repeated slashes redirects to the merged path when only that matches.
    public let mergeSlashes: Bool
    /// Whether OPTIONS is answered with `Allow` for paths no rule claims OPTIONS for.
    public let automaticOptions: Bool
    /// Whether rules match on their `host` pattern.
    public let hostMatching: Bool
    /// The server's own name; when set, rules match on their `subdomain` below it.
    public let serverName: String?
    /// The subdomain of rules that do not give one (with a `serverName`): `""` is the bare name.
    public let defaultSubdomain: String
    /// Whether a URL that spells out an earlier rule's defaults redirects to that rule's URL
    /// (Werkzeug's `redirect_defaults`): `/blog/page/1` to `/blog/` when `/blog/` has the
    /// default `page: 1` for the same endpoint (the same `Endpoint`, or the same rule name).
    public let redirectDefaults: Bool

    @usableFromInline let matcher: Matcher
    var compiled: [CompiledRule] { matcher.rules }
    let nameIndex: [String: [Int]]
    let endpointIndex: EndpointIndex<Endpoint>

    /// Compiles `rules`. `converters` adds to (or replaces) the built-in converters by name.
    /// Throws `RoutingError` for a malformed pattern, an unknown converter, bad converter
    /// arguments or two conflicting rules.
    ///
    ///     let map = try Map(rules, converters: ["hex": { _ in HexConverter() }], strictSlashes: true)
    public init(_ rules: [Rule<Endpoint>], converters: [String: ConverterFactory] = [:],
                strictSlashes: Bool = true, mergeSlashes: Bool = true, automaticOptions: Bool = true,
                hostMatching: Bool = false, serverName: String? = nil, defaultSubdomain: String = "",
                redirectDefaults: Bool = true) throws(RoutingError) {
        try self.init(rules, converters: converters, strictSlashes: strictSlashes, mergeSlashes: mergeSlashes,
                      automaticOptions: automaticOptions, hostMatching: hostMatching, serverName: serverName,
                      defaultSubdomain: defaultSubdomain, redirectDefaults: redirectDefaults,
                      endpointIndex: EndpointIndex(lookup: nil), endpointGroups: nil)
    }

    /// `endpointGroups`: the rule indices of each endpoint (for redirecting defaults); nil
    /// groups rules by name.
    init(_ rules: [Rule<Endpoint>], converters: [String: ConverterFactory], strictSlashes: Bool, mergeSlashes: Bool,
         automaticOptions: Bool, hostMatching: Bool, serverName: String?, defaultSubdomain: String,
         redirectDefaults: Bool, endpointIndex: EndpointIndex<Endpoint>, endpointGroups: [[Int]]?) throws(RoutingError) {
        self.rules = rules
        self.redirectDefaults = redirectDefaults
        self.strictSlashes = strictSlashes
        self.mergeSlashes = mergeSlashes
        self.automaticOptions = automaticOptions
        self.hostMatching = hostMatching
        self.serverName = serverName.map { hostWithoutPort($0.lowercased()) }
        self.defaultSubdomain = defaultSubdomain
        self.endpointIndex = endpointIndex

        var compiled: [CompiledRule] = []
        compiled.reserveCapacity(rules.count)
        var tree = MatchTree()
        var names: [String: [Int]] = [:]
        for (index, rule) in rules.enumerated() {
            let compiledRule = try Map.compile(rule, index: index, converters: converters, strictSlashes: strictSlashes,
                                               automaticOptions: automaticOptions, hostMatching: hostMatching,
                                               subdomainMatching: serverName != nil, defaultSubdomain: defaultSubdomain)
            let node = tree.insert(compiledRule)
            for other in tree.nodes[node].rules {
                let existing = compiled[other]
                guard existing.hostKey.utf8.elementsEqual(compiledRule.hostKey.utf8) else { continue }  // by code points
                let shared: Set<String>?
                switch (existing.methods, compiledRule.methods) {
                case (nil, nil): shared = []
                case (let a?, let b?): shared = a.intersection(b).isEmpty ? nil : a.intersection(b)
                default: shared = nil
                }
                if let shared {
                    let detail = shared.isEmpty ? "same path and host, both accept every method"
                        : "same path and host, both accept \(sortedMethods(shared).joined(separator: ", "))"
                    throw .conflict(first: rules[other].label, second: rule.label, detail: detail)
                }
            }
            compiled.append(compiledRule)
            tree.nodes[node].rules.append(index)
            tree.nodes[node].rules.sort { a, b in
                let ra = compiled[a], rb = compiled[b]
                if (ra.methods == nil) != (rb.methods == nil) { return ra.methods != nil }
                let ha = ra.hostPattern.map { $0.isDynamic ? 1 : 0 } ?? 2, hb = rb.hostPattern.map { $0.isDynamic ? 1 : 0 } ?? 2
                if ha != hb { return ha < hb }
                return a < b
            }
            if let name = rule.name { names[name, default: []].append(index) }
        }
        for key in names.keys { names[key] = Map.buildOrder(names[key]!, compiled: compiled, rules: rules) }
        // The methods some rule accepts; nil when a rule accepts every method.
        let implemented: Set<String>? = compiled.contains { $0.methods == nil } ? nil
            : compiled.reduce(into: Set<String>()) { $0.formUnion($1.allowed) }
        var matcher = Matcher(tree: tree, rules: compiled, defaults: rules.map(\.defaults), mergeSlashes: mergeSlashes,
                              automaticOptions: automaticOptions, implementedMethods: implemented)
        if redirectDefaults {
            let groups = (endpointGroups ?? Array(names.values)).map { Map.buildOrder($0, compiled: compiled, rules: rules) }
            matcher.defaultRedirects = Matcher.defaultProviders(rules: compiled, defaults: rules.map(\.defaults), groups: groups)
        }
        self.matcher = matcher
        self.nameIndex = names
    }

    /// Candidates for building: more arguments (placeholders and defaults) first, then more defaults, then rule order.
    static func buildOrder(_ indices: [Int], compiled: [CompiledRule], rules: [Rule<Endpoint>]) -> [Int] {
        indices.sorted { a, b in
            // Arguments are placeholders and defaults (as Werkzeug counts them).
            let na = Set(compiled[a].pathNames + compiled[a].hostNames + rules[a].defaults.names).count
            let nb = Set(compiled[b].pathNames + compiled[b].hostNames + rules[b].defaults.names).count
            if na != nb { return na > nb }
            if rules[a].defaults.count != rules[b].defaults.count { return rules[a].defaults.count > rules[b].defaults.count }
            return a < b
        }
    }

    /// An adapter that matches and builds URLs for requests to `host` (a port is ignored for
    /// matching), under `scriptName`, with `scheme` for absolute URLs.
    ///
    ///     let adapter = map.bind(host: "example.com", scriptName: "/app")
    public func bind(host: String = "localhost", scriptName: String = "", scheme: String = "http") -> MapAdapter<Endpoint> {
        MapAdapter(map: self, host: host, scriptName: scriptName, scheme: scheme)
    }

    /// An adapter for the request in `environ`: its `Host` (else `SERVER_NAME`), `SCRIPT_NAME`
    /// and scheme.
    ///
    ///     let adapter = map.bind(to: environ)
    public func bind(to environ: Environ) -> MapAdapter<Endpoint> {
        let defaultPort = environ.urlScheme == "https" ? 443 : 80
        let host = environ.headers["Host"]
            ?? (environ.serverPort == defaultPort || environ.serverPort == 0
                ? environ.serverName : "\(environ.serverName):\(environ.serverPort)")
        return MapAdapter(map: self, host: host, scriptName: environ.scriptName, scheme: environ.urlScheme)
    }

    /// Matches the request in `environ` (its `PATH_INFO`, method, host and query).
    ///
    ///     let match = try map.match(environ)
    public func match(_ environ: Environ) throws(RoutingError) -> RouteMatch<Endpoint> {
        try bind(to: environ).match(environ.pathInfo, method: environ.method, query: environ.queryString)
    }

    /// Matches `path` (decoded, as `PATH_INFO`), applying slash redirects, merged slashes,
    /// 405 and automatic OPTIONS; inlined so the generic part is specialized for the caller.
    @inlinable
    func match(path: String, method: String, host: HostContext, scriptName: String,
               query: String) throws(RoutingError) -> RouteMatch<Endpoint> {
        let found = try matcher.match(path: path, method: method, host: host, scriptName: scriptName, query: query)
        return RouteMatch(rules: rules, index: found.rule, values: found.values)
    }
}

/// Finds the rules of an endpoint, when endpoints are Hashable.
struct EndpointIndex<Endpoint: Sendable>: Sendable {
    let lookup: (@Sendable (Endpoint) -> [Int])?
}

extension Map where Endpoint: Hashable {
    /// Compiles `rules` and indexes them by endpoint, so URLs can be built from an endpoint:
    /// `try map.bind().build("user", ["id": 7])`. See the general initializer for the options.
    ///
    ///     let map = try Map([Rule("/users/<int:id>", endpoint: "user")])
    public init(_ rules: [Rule<Endpoint>], converters: [String: ConverterFactory] = [:],
                strictSlashes: Bool = true, mergeSlashes: Bool = true, automaticOptions: Bool = true,
                hostMatching: Bool = false, serverName: String? = nil, defaultSubdomain: String = "",
                redirectDefaults: Bool = true) throws(RoutingError) {
        var byEndpoint: [Endpoint: [Int]] = [:]
        for (index, rule) in rules.enumerated() { byEndpoint[rule.endpoint, default: []].append(index) }
        let unsorted = byEndpoint
        try self.init(rules, converters: converters, strictSlashes: strictSlashes, mergeSlashes: mergeSlashes,
                      automaticOptions: automaticOptions, hostMatching: hostMatching, serverName: serverName,
                      defaultSubdomain: defaultSubdomain, redirectDefaults: redirectDefaults,
                      endpointIndex: EndpointIndex(lookup: nil), endpointGroups: Array(unsorted.values))
        var sorted: [Endpoint: [Int]] = [:]
        for (endpoint, indices) in unsorted { sorted[endpoint] = Map.buildOrder(indices, compiled: compiled, rules: rules) }
        let index = sorted
        self = Map(copying: self, endpointIndex: EndpointIndex(lookup: { index[$0] ?? [] }))
    }
}

extension Map {
    /// This map with another endpoint index.
    init(copying other: Map, endpointIndex: EndpointIndex<Endpoint>) {
        rules = other.rules
        strictSlashes = other.strictSlashes
        mergeSlashes = other.mergeSlashes
        automaticOptions = other.automaticOptions
        hostMatching = other.hostMatching
        serverName = other.serverName
        defaultSubdomain = other.defaultSubdomain
        redirectDefaults = other.redirectDefaults
        matcher = other.matcher
        nameIndex = other.nameIndex
        self.endpointIndex = endpointIndex
    }
}

/// Methods in the usual order (GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS), others after, sorted.
func sortedMethods(_ methods: Set<String>) -> [String] {
    let order = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    return order.filter(methods.contains) + methods.subtracting(order).sorted()
}

/// `example.com:8080` -> `example.com`; `[::1]:80` -> `[::1]`.
func hostWithoutPort(_ host: String) -> String {
    if host.hasPrefix("[") {
        if let close = host.firstIndex(of: "]") { return String(host[...close]) }
        return host
    }
    if let colon = host.lastIndex(of: ":"), host[host.index(after: colon)...].allSatisfy(\.isASCII),
       host[host.index(after: colon)...].allSatisfy(\.isNumber) {
        return String(host[..<colon])
    }
    return host
}
