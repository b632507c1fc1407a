// One walk of the trie for a request: static children first, then placeholders by
// specificity, backtracking, with the methods of near misses collected for 405.

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
