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
    /// After a multi-segment placeholder, the segment indexes from which the walk on from its
    /// node found nothing, by node: `skips[node][i]` leads (path-compressed) to the next index
    /// not yet tried. A walk from one node and index ends the same way whatever came before,
    /// so each is tried once, and two such placeholders cost about pattern x path steps, not a
    /// search of every split (`/<path:a>/m/<path:b>/n` against `/m/m/...`). What a failed walk
    /// noted for 405 stays noted.
    var skips: [Int: [Int]] = [:]
    /// True once a `PendingPathValue` was taken (the values then need making into strings).
    var hasPendingPaths = false
}

extension SearchState {
    /// The first index from `start` (at most `count + 1`, meaning none) from which the walk on
    /// from `node` was not tried yet.
    mutating func untried(_ node: Int, from start: Int, count: Int) -> Int {
        guard start <= count, skips[node] != nil else { return start }
        var index = start
        while skips[node]![index] != index {
            let next = skips[node]![index]
            skips[node]![index] = skips[node]![next]
            index = next
        }
        return index
    }

    /// Notes that the walk on from `node` at `index` found nothing.
    mutating func markTried(_ node: Int, _ index: Int, count: Int) {
        if skips[node] == nil { skips[node] = Array(0...(count + 1)) }
        skips[node]![index] = index + 1
    }
}

/// A `path` value while the walk goes on: the text, made a `String` once a rule matched (a copy
/// per candidate end made a miss cost the cube of the path's length).
struct PendingPathValue: Sendable {
    let text: Substring
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
                // `path` takes any text not starting with `/`: checked here, copied once matched.
                let isPath = edge.converter is PathConverter
                if isPath && segment.utf8.first == UInt8(ascii: "/") { continue }
                var end = state.untried(edge.child, from: index + 1, count: segments.count)
                while end <= segments.count {
                    let text = base[segment.startIndex..<segments[end - 1].endIndex]
                    let value: any Sendable
                    if isPath {
                        value = PendingPathValue(text: text)
                        state.hasPendingPaths = true
                    } else if let converted = edge.converter.toValue(text) {
                        value = converted
                    } else {
                        end = state.untried(edge.child, from: end + 1, count: segments.count)
                        continue
                    }
                    state.values.append(("", value))
                    if run(edge.child, end, segments, method, host, &state) { return true }
                    state.values.removeLast()
                    state.markTried(edge.child, end, count: segments.count)
                    end = state.untried(edge.child, from: end + 1, count: segments.count)
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
