// The compiled form of a map: a per-segment trie walked once per request, so matching costs
// depend on the path, not on the number of rules.

/// One segment of a compiled pattern.
enum CompiledSegment: Sendable {
    /// Static text, compared exactly.
    case literal(String)
    /// A converter between static `prefix` and `suffix` in the same segment.
    case placeholder(prefix: String, converter: any RouteConverter, suffix: String, name: String)
}

/// Matches `part` against a placeholder's static prefix and suffix, returning the middle.
@inline(__always)
func innerText(_ part: Substring, prefix: String, suffix: String) -> Substring? {
    if prefix.isEmpty && suffix.isEmpty { return part }
    let utf8 = part.utf8
    let p = prefix.utf8, s = suffix.utf8
    guard utf8.count >= p.count + s.count, utf8.starts(with: p), utf8.reversed().starts(with: s.reversed()) else {
        return nil
    }
    let start = utf8.index(utf8.startIndex, offsetBy: p.count)
    let end = utf8.index(utf8.endIndex, offsetBy: -s.count)
    return part[start..<end]
}

/// A host or subdomain pattern split at `.`, matched segment by segment.
struct CompiledHostPattern: Sendable {
    /// Whether it is matched against the whole host (else the subdomain).
    let isHost: Bool
    /// The segments, lowercased static text.
    let segments: [CompiledSegment]
    /// True when any segment has a placeholder (tried after fully static hosts).
    let isDynamic: Bool

    /// The placeholder values when `parts` match, else nil.
    func match(_ parts: [Substring]) -> [(name: String, value: any Sendable)]? {
        guard parts.count == segments.count else { return nil }
        var values: [(name: String, value: any Sendable)] = []
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text): if text != part { return nil }
            case .placeholder(let prefix, let converter, let suffix, let name):
                guard let inner = innerText(part, prefix: prefix, suffix: suffix),
                      let value = converter.toValue(inner) else { return nil }
                values.append((name, value))
            }
        }
        return values
    }
}

/// A rule as the matcher and builder use it.
struct CompiledRule: Sendable {
    /// The rule's position in the map.
    let index: Int
    /// The path segments after the leading `/`.
    let segments: [CompiledSegment]
    /// The placeholder names of the path, in order.
    let pathNames: [String]
    /// The host or subdomain pattern, when one applies.
    let hostPattern: CompiledHostPattern?
    /// The placeholder names of the host pattern.
    let hostNames: [String]
    /// A text equal for rules whose hosts can never be told apart.
    let hostKey: String
    /// The accepted methods, or nil for any.
    let methods: Set<String>?
    /// The methods to list in `Allow`: the methods, `HEAD` with `GET`, `OPTIONS` when automatic.
    let allowed: Set<String>
    /// Redirect to the slash form rather than match without it.
    let strictSlashes: Bool
    /// The pattern ends in `/`.
    let endsWithSlash: Bool
    /// The rule's static path segments, percent-encoded for building.
    let encodedLiterals: [String?]
}

/// A node of the trie: static children by exact segment text, placeholder children ordered
/// by specificity, and the rules that end here.
struct MatchNode: Sendable {
    var statics = StaticTable()
    var dynamics: [MatchEdge] = []
    var rules: [Int] = []
}

/// A placeholder child of a node.
struct MatchEdge: Sendable {
    let converter: any RouteConverter
    let prefix: String
    let suffix: String
    let spans: Bool
    /// Equal keys merge into one edge.
    let key: String
    var child: Int

    /// Spanning edges last, then more static text around the placeholder first, then lower
    /// weight, then the key (so the order never depends on insertion order).
    static func precedes(_ a: MatchEdge, _ b: MatchEdge) -> Bool {
        if a.spans != b.spans { return !a.spans }
        let aStatic = a.prefix.utf8.count + a.suffix.utf8.count, bStatic = b.prefix.utf8.count + b.suffix.utf8.count
        if aStatic != bStatic { return aStatic > bStatic }
        if a.converter.weight != b.converter.weight { return a.converter.weight < b.converter.weight }
        return a.key < b.key
    }
}

/// What a request brings to host matching.
@usableFromInline
struct HostContext: Sendable {
    /// The lowercased host without port, split at `.`.
    let hostParts: [Substring]
    /// The subdomain split at `.` (`[""]` for the bare server name), or nil when the host is
    /// not under the server name.
    let subdomainParts: [Substring]?
}

/// The trie and the walk over it.
struct MatchTree: Sendable {
    var nodes: [MatchNode] = [MatchNode()]

    /// Adds `rule`'s path, returning the node where it ends.
    mutating func insert(_ rule: CompiledRule) -> Int {
        var node = 0
        for segment in rule.segments {
            switch segment {
            case .literal(let text):
                if let child = nodes[node].statics.child(for: text) {
                    node = child
                } else {
                    nodes.append(MatchNode())
                    nodes[node].statics.insert(text, child: nodes.count - 1)
                    node = nodes.count - 1
                }
            case .placeholder(let prefix, let converter, let suffix, _):
                let key = "\(prefix)<\(converter.signature)>\(suffix)"
                if let edge = nodes[node].dynamics.first(where: { $0.key == key }) {
                    node = edge.child
                } else {
                    nodes.append(MatchNode())
                    let edge = MatchEdge(converter: converter, prefix: prefix, suffix: suffix,
                                         spans: converter.matchesSlashes, key: key, child: nodes.count - 1)
                    nodes[node].dynamics.append(edge)
                    nodes[node].dynamics.sort(by: MatchEdge.precedes)
                    node = nodes.count - 1
                }
            }
        }
        return node
    }
}

/// The mutable state of one walk of the trie.
struct SearchState {
    /// The placeholder values along the current branch, names filled in once a rule matched
    /// (so the result reuses this one array instead of allocating another).
    var values: [(name: String, value: any Sendable)] = []
    /// Methods of rules whose path and host matched but whose methods did not.
    var allowed: Set<String> = []
    /// A rule's path and host matched (whatever the method).
    var pathMatched = false
    /// The result: a rule index and its host values.
    var found: (rule: Int, hostValues: [(name: String, value: any Sendable)]?)? = nil
}

extension Matcher {
    /// Walks from `node` at segment `index` of `segments` (slices of one string); true once a
    /// rule matched. Static children first, then placeholders by specificity, backtracking.
    func run(_ node: Int, _ index: Int, _ segments: [Substring], _ method: String, _ host: HostContext,
             _ state: inout SearchState) -> Bool {
        if index == segments.count { return checkRules(at: node, method, host, &state) }
        let segment = segments[index]
        if let child = tree.nodes[node].statics.child(for: segment) {
            if run(child, index + 1, segments, method, host, &state) { return true }
        }
        let edgeCount = tree.nodes[node].dynamics.count
        for position in 0..<edgeCount {
            let edge = tree.nodes[node].dynamics[position]
            if edge.spans {
                // One or more segments, fewest first, so what follows in the rule can match.
                guard !segment.isEmpty else { continue }
                let base = segment.base
                for end in (index + 1)...segments.count {
                    let text = base[segment.startIndex..<segments[end - 1].endIndex]
                    guard let value = edge.converter.toValue(text) else { continue }
                    state.values.append(("", value))
                    if run(edge.child, end, segments, method, host, &state) { return true }
                    state.values.removeLast()
                }
            } else {
                guard let inner = innerText(segment, prefix: edge.prefix, suffix: edge.suffix),
                      let value = edge.converter.toValue(inner) else { continue }
                state.values.append(("", value))
                if run(edge.child, index + 1, segments, method, host, &state) { return true }
                state.values.removeLast()
            }
        }
        return false
    }

    /// Picks the first rule at `node` whose host and method match; HEAD falls back to GET.
    private func checkRules(at node: Int, _ method: String, _ host: HostContext, _ state: inout SearchState) -> Bool {
        var headFallback: (rule: Int, hostValues: [(name: String, value: any Sendable)]?)? = nil
        for index in tree.nodes[node].rules {
            let rule = rules[index]
            var hostValues: [(name: String, value: any Sendable)]? = nil
            if let pattern = rule.hostPattern {
                guard let parts = pattern.isHost ? host.hostParts : host.subdomainParts,
                      let matched = pattern.match(parts) else { continue }
                if !matched.isEmpty { hostValues = matched }
            }
            state.pathMatched = true
            guard let methods = rule.methods else {
                state.found = (index, hostValues)
                return true
            }
            if methods.contains(method) {
                state.found = (index, hostValues)
                return true
            }
            if method == "HEAD" && headFallback == nil && methods.contains("GET") {
                headFallback = (index, hostValues)
            }
            state.allowed.formUnion(rule.allowed)
        }
        if let headFallback {
            state.found = headFallback
            return true
        }
        return false
    }
}

/// The non-generic matching core of a map: the trie, the compiled rules and their defaults.
@usableFromInline
struct Matcher: Sendable {
    let tree: MatchTree
    let rules: [CompiledRule]
    let defaults: [RouteValues]
    let mergeSlashes: Bool
    let automaticOptions: Bool
    /// Every method some rule accepts (HEAD with GET, OPTIONS when automatic); nil when a rule
    /// accepts any method.
    let implementedMethods: Set<String>?

    private enum Resolution {
        case matched(Int, RouteValues)
        case mismatch(Set<String>)
        case none
    }

    /// One walk for `path`, which starts with `/`.
    private func resolve(_ path: String, method: String, host: HostContext) -> Resolution {
        var segments: [Substring] = []
        segments.reserveCapacity(8)
        let utf8 = path.utf8
        var start = utf8.index(after: utf8.startIndex)
        var i = start
        while i != utf8.endIndex {
            if utf8[i] == UInt8(ascii: "/") {
                segments.append(path[start..<i])
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        segments.append(path[start..<utf8.endIndex])
        var search = SearchState()
        if run(0, 0, segments, method, host, &search), let found = search.found {
            var pairs: [(name: String, value: any Sendable)] = []
            swap(&pairs, &search.values)
            for index in pairs.indices { pairs[index].name = rules[found.rule].pathNames[index] }
            if let hostValues = found.hostValues { pairs.append(contentsOf: hostValues) }
            let defaults = self.defaults[found.rule]
            if !defaults.isEmpty {
                for pair in defaults where !pairs.contains(where: { $0.name == pair.name }) { pairs.append(pair) }
            }
            return .matched(found.rule, RouteValues(uniquePairs: pairs))
        }
        return search.pathMatched ? .mismatch(search.allowed) : .none
    }

    /// Matches `path` (decoded, as `PATH_INFO`), applying slash redirects, merged slashes,
    /// 405 and automatic OPTIONS: the index of the rule and the values.
    @usableFromInline
    func match(path rawPath: String, method: String, host: HostContext, scriptName: String,
               query: String) throws(RoutingError) -> (rule: Int, values: RouteValues) {
        let path = rawPath.utf8.first == UInt8(ascii: "/") ? rawPath : "/" + rawPath
        var allowed: Set<String>
        switch resolve(path, method: method, host: host) {
        case .matched(let index, let values): return (index, values)
        case .mismatch(let methods): allowed = methods
        case .none: allowed = []
        }
        if allowed.isEmpty {
            // The other slash form: redirect to it (strict rules) or match it (non-strict).
            let endsWithSlash = path.utf8.last == UInt8(ascii: "/")
            if !endsWithSlash || path.utf8.count > 1 {
                let other = endsWithSlash ? String(path.dropLast()) : path + "/"
                switch resolve(other, method: method, host: host) {
                case .matched(let index, let values) where rules[index].endsWithSlash != endsWithSlash:
                    if !rules[index].strictSlashes { return (index, values) }
                    if !endsWithSlash { throw .redirect(location: location(other, scriptName: scriptName, query: query)) }
                case .mismatch(let methods): allowed = methods
                default: break
                }
            }
        }
        if allowed.isEmpty && mergeSlashes && path.utf8.count > 1 && path.contains("//") {
            var merged = ""
            merged.reserveCapacity(path.utf8.count)
            var lastWasSlash = false
            for c in path.unicodeScalars {
                if c == "/" && lastWasSlash { continue }
                lastWasSlash = c == "/"
                merged.unicodeScalars.append(c)
            }
            do throws(RoutingError) {
                _ = try match(path: merged, method: method, host: host, scriptName: scriptName, query: query)
                throw RoutingError.redirect(location: location(merged, scriptName: scriptName, query: query))
            } catch .notFound {
                // Fall through to 404.
            }
        }
        if allowed.isEmpty {
            // RFC 9110 s9.1: a method no resource implements gets 501.
            if let implementedMethods, !implementedMethods.contains(method) { throw .methodNotImplemented(method) }
            throw .notFound
        }
        if method == "OPTIONS" && automaticOptions { throw .options(allowed: sortedMethods(allowed)) }
        throw .methodNotAllowed(allowed: sortedMethods(allowed))
    }

    /// The redirect target: script root, encoded path, original query.
    private func location(_ path: String, scriptName: String, query: String) -> String {
        let encoded = encodePathText(path, keepSlash: true)
        return scriptName + encoded + (query.isEmpty ? "" : "?" + query)
    }
}
