// The compiled form of a map: a per-segment trie walked once per request, so matching costs
// depend on the path, not on the number of rules.

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
    /// For each rule, the earlier rules of its endpoint whose defaults it may spell out
    /// (Matcher+DefaultRedirects.swift); empty when the map does not redirect defaults.
    var defaultRedirects: [[Int]] = []

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
            for index in pairs.indices {
                pairs[index].name = rules[found.rule].pathNames[index]
                if search.hasPendingPaths, let pending = pairs[index].value as? PendingPathValue {
                    pairs[index].value = String(pending.text)
                }
            }
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
    /// redirects to defaults, 405 and automatic OPTIONS: the index of the rule and the values.
    @usableFromInline
    func match(path: String, method: String, host: HostContext, scriptName: String,
               query: String) throws(RoutingError) -> (rule: Int, values: RouteValues) {
        let found = try matchRule(path: path, method: method, host: host, scriptName: scriptName, query: query)
        // After the rule is found, as Werkzeug does: a merged-slashes redirect goes to the
        // merged path first, and that path then to the defaults' URL.
        if let target = defaultRedirect(found.rule, found.values, method: method, scriptName: scriptName, query: query) {
            throw .redirect(location: target)
        }
        return found
    }

    /// `match` without the redirects to defaults.
    private func matchRule(path rawPath: String, method: String, host: HostContext, scriptName: String,
                           query: String) throws(RoutingError) -> (rule: Int, values: RouteValues) {
        let path = Self.oneLeadingSlash(rawPath)
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
        if allowed.isEmpty && mergeSlashes, let merged = Self.mergingSlashes(path) {
            do throws(RoutingError) {
                _ = try matchRule(path: merged, method: method, host: host, scriptName: scriptName, query: query)
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

    /// `path` starting with exactly one `/`: leading slashes are one, as in Werkzeug (`//users/7`
    /// is `/users/7`, matched without a redirect; `//` is the root).
    static func oneLeadingSlash(_ path: String) -> String {
        let utf8 = path.utf8
        guard let first = utf8.first, first == UInt8(ascii: "/") else { return "/" + path }
        guard utf8.count > 1, utf8[utf8.index(after: utf8.startIndex)] == UInt8(ascii: "/") else { return path }
        return "/" + String(Substring(path.utf8.drop { $0 == UInt8(ascii: "/") }))
    }

    /// The redirect target: script root, encoded path, original query. It starts with one
    /// slash: `//host/...` would send the client to another site.
    private func location(_ path: String, scriptName: String, query: String) -> String {
        let encoded = encodePathText(path, keepSlash: true)
        return Matcher.oneLeadingSlash(scriptName + encoded) + (query.isEmpty ? "" : "?" + query)
    }

    /// `path` with each run of slashes made one, or nil when no two slashes are in a row. By
    /// bytes: `String.contains("//")` compares Characters, and a combining mark after the
    /// second slash would hide it ("/" is ASCII, so it is never part of a longer UTF-8 sequence).
    private static func mergingSlashes(_ path: String) -> String? {
        var merged: [UInt8] = []
        merged.reserveCapacity(path.utf8.count)
        var lastWasSlash = false
        var dropped = false
        for byte in path.utf8 {
            let isSlash = byte == UInt8(ascii: "/")
            if isSlash && lastWasSlash { dropped = true; continue }
            lastWasSlash = isSlash
            merged.append(byte)
        }
        return dropped ? String(decoding: merged, as: UTF8.self) : nil
    }
}
