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
    var statics: [String: Int] = [:]
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
                if let child = nodes[node].statics[text] {
                    node = child
                } else {
                    nodes.append(MatchNode())
                    nodes[node].statics[text] = nodes.count - 1
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

/// One walk of the trie for one path, method and host.
struct MatchSearch {
    let tree: MatchTree
    let rules: [CompiledRule]
    let method: String
    let host: HostContext
    /// The path's segments after the leading `/`; slices of one string.
    let segments: [Substring]
    /// The placeholder values along the current branch.
    var values: [any Sendable] = []
    /// Methods of rules whose path and host matched but whose methods did not.
    var allowed: Set<String> = []
    /// A rule's path and host matched (whatever the method).
    var pathMatched = false
    /// The result: a rule index and its host values.
    var found: (rule: Int, hostValues: [(name: String, value: any Sendable)]?)? = nil

    init(tree: MatchTree, rules: [CompiledRule], method: String, host: HostContext, segments: [Substring]) {
        self.tree = tree
        self.rules = rules
        self.method = method
        self.host = host
        self.segments = segments
    }

    /// Walks from `node` at segment `index`; true once a rule matched.
    mutating func run(_ node: Int, _ index: Int) -> Bool {
        if index == segments.count { return checkRules(at: node) }
        let current = tree.nodes[node]
        let segment = segments[index]
        if !current.statics.isEmpty, let child = current.statics[String(segment)] {
            if run(child, index + 1) { return true }
        }
        for edge in current.dynamics {
            if edge.spans {
                // One or more segments, fewest first, so what follows in the rule can match.
                guard !segment.isEmpty else { continue }
                let base = segment.base
                for end in (index + 1)...segments.count {
                    let text = base[segment.startIndex..<segments[end - 1].endIndex]
                    guard let value = edge.converter.toValue(text) else { continue }
                    values.append(value)
                    if run(edge.child, end) { return true }
                    values.removeLast()
                }
            } else {
                guard let inner = innerText(segment, prefix: edge.prefix, suffix: edge.suffix),
                      let value = edge.converter.toValue(inner) else { continue }
                values.append(value)
                if run(edge.child, index + 1) { return true }
                values.removeLast()
            }
        }
        return false
    }

    /// Picks the first rule at `node` whose host and method match; HEAD falls back to GET.
    private mutating func checkRules(at node: Int) -> Bool {
        var headFallback: (rule: Int, hostValues: [(name: String, value: any Sendable)]?)? = nil
        for index in tree.nodes[node].rules {
            let rule = rules[index]
            var hostValues: [(name: String, value: any Sendable)]? = nil
            if let pattern = rule.hostPattern {
                guard let parts = pattern.isHost ? host.hostParts : host.subdomainParts,
                      let matched = pattern.match(parts) else { continue }
                if !matched.isEmpty { hostValues = matched }
            }
            pathMatched = true
            guard let methods = rule.methods else {
                found = (index, hostValues)
                return true
            }
            if methods.contains(method) {
                found = (index, hostValues)
                return true
            }
            if method == "HEAD" && headFallback == nil && methods.contains("GET") {
                headFallback = (index, hostValues)
            }
            allowed.formUnion(rule.allowed)
        }
        if let headFallback {
            found = headFallback
            return true
        }
        return false
    }
}
