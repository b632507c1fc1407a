// Redirects to the rule whose defaults a URL spells out (Werkzeug's `redirect_defaults`):
// with `Rule("/blog/", defaults: ["page": 1])` and `Rule("/blog/page/<int:page>")` for one
// endpoint, `/blog/page/1` redirects to `/blog/`, so each page has one URL.

extension Matcher {
    /// For each rule, the rules of its endpoint before it in build order (`Map.buildOrder`: more
    /// arguments, then more defaults, then the order given) that provide defaults for it: they
    /// have defaults, the same host, and the same arguments (placeholders and default names).
    /// `groups` holds the rule indices of each endpoint in build order; rules in no group
    /// provide nothing.
    static func defaultProviders(rules: [CompiledRule], defaults: [RouteValues], groups: [[Int]]) -> [[Int]] {
        var providers = [[Int]](repeating: [], count: rules.count)
        func arguments(_ index: Int) -> Set<String> {
            Set(rules[index].pathNames + rules[index].hostNames + defaults[index].names)
        }
        for ordered in groups {
            for (position, index) in ordered.enumerated() {
                for earlier in ordered[..<position] where !defaults[earlier].isEmpty
                    && rules[earlier].hostKey.utf8.elementsEqual(rules[index].hostKey.utf8)
                    && arguments(earlier) == arguments(index) {
                    providers[index].append(earlier)
                }
            }
        }
        return providers
    }

    /// The URL of the first rule providing defaults for `index` that suits `values` and
    /// `method` (its defaults equal the values given for them), or nil.
    func defaultRedirect(_ index: Int, _ values: RouteValues, method: String, scriptName: String, query: String) -> String? {
        guard index < defaultRedirects.count else { return nil }
        candidates: for provider in defaultRedirects[index] {
            let rule = rules[provider]
            if rule.methods != nil && !rule.allowed.contains(method) { continue }
            for pair in defaults[provider] {
                if let given = values[pair.name], routeValueText(given) != routeValueText(pair.value) { continue candidates }
            }
            var path = ""
            for (position, segment) in rule.segments.enumerated() {
                path.append("/")
                if let literal = rule.encodedLiterals[position] {
                    path.append(literal)
                } else if case .placeholder(let prefix, let converter, let suffix, let name) = segment {
                    guard let value = defaults[provider][name] ?? values[name],
                          let text = try? converter.toURL(value) else { continue candidates }
                    path += encodePathText(prefix, keepSlash: false) + text + encodePathText(suffix, keepSlash: false)
                }
            }
            return scriptName + path + (query.isEmpty ? "" : "?" + query)
        }
        return nil
    }
}
