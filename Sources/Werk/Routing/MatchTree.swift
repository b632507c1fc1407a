// The trie of a compiled map: static children by exact text, placeholder children by
// specificity, and the rules that end at each node.

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
                if let edge = nodes[node].dynamics.first(where: { $0.key.utf8.elementsEqual(key.utf8) }) {  // by code points
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
