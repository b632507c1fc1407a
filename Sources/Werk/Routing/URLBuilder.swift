// URL building: from an endpoint or rule name and values to an encoded URL.

extension MapAdapter {
    /// The URL of the rule named `name` filled with `values`: each placeholder's value is
    /// encoded by its converter, values the rule does not use become the query string, and the
    /// script root is prepended. With `absolute`, or when the rule's host differs from the
    /// bound one, the URL starts with scheme and host. Throws `RoutingError.unknownEndpoint`,
    /// `.missingValues` or `.invalidValue`.
    ///
    ///     try adapter.build(name: "user", ["id": 7, "tab": "posts"])   // "/users/7?tab=posts"
    public func build(name: String, _ values: RouteValues = [:], method: String? = nil,
                      absolute: Bool = false) throws(RoutingError) -> String {
        try buildURL(candidates: map.nameIndex[name] ?? [], label: "'\(name)'", values: values, method: method,
                     absolute: absolute)
    }

    /// Builds from an ordered list of rule indices (most specific first).
    func buildURL(candidates: [Int], label: String, values: RouteValues, method: String?,
                  absolute: Bool) throws(RoutingError) -> String {
        guard !candidates.isEmpty else { throw .unknownEndpoint(label) }
        let method = method?.uppercased()
        var firstError: RoutingError? = nil
        candidates: for index in candidates {
            let rule = map.compiled[index]
            let source = map.rules[index]
            if let method, let methods = rule.methods, !methods.contains(method),
               !(method == "HEAD" && methods.contains("GET")) { continue }
            // A rule whose defaults disagree with given values is not the one meant.
            for pair in source.defaults {
                if let given = values[pair.name], routeValueText(given) != routeValueText(pair.value) { continue candidates }
            }
            let missing = (rule.pathNames + rule.hostNames).filter { values[$0] == nil && source.defaults[$0] == nil }
            if !missing.isEmpty {
                if firstError == nil { firstError = .missingValues(endpoint: label, pattern: source.pattern, missing: missing) }
                continue
            }
            func value(_ name: String) -> any Sendable { values[name] ?? source.defaults[name]! }
            func fill(_ segment: CompiledSegment) throws(RoutingError) -> String {
                switch segment {
                case .literal(let text): return encodePathText(text, keepSlash: false)
                case .placeholder(let prefix, let converter, let suffix, let name):
                    let given = value(name)
                    do {
                        return encodePathText(prefix, keepSlash: false) + (try converter.toURL(given))
                            + encodePathText(suffix, keepSlash: false)
                    } catch {
                        throw .invalidValue(endpoint: label, name: name, value: routeValueText(given, quoted: true),
                                            message: "\(error)")
                    }
                }
            }
            var path = ""
            do {
                for (position, segment) in rule.segments.enumerated() {
                    path.append("/")
                    if let literal = rule.encodedLiterals[position] { path.append(literal) } else { path.append(try fill(segment)) }
                }
            } catch {
                if firstError == nil { firstError = error }
                continue
            }
            // The host: from the rule's pattern, else the bound one.
            var targetHost = host
            if let pattern = rule.hostPattern {
                var parts: [String] = []
                do {
                    for segment in pattern.segments {
                        if case .literal(let text) = segment { parts.append(text) } else { parts.append(try fill(segment)) }
                    }
                } catch {
                    if firstError == nil { firstError = error }
                    continue
                }
                var name = parts.joined(separator: ".")
                if !pattern.isHost, let serverName = map.serverName {
                    name = name.isEmpty ? serverName : name + "." + serverName
                }
                // Keep the bound port.
                if let colon = host.lastIndex(of: ":"), !host.hasSuffix("]"), !name.contains(":") {
                    name += host[colon...]
                }
                targetHost = name
            }
            var query: [(String, String)] = []
            for pair in values where !rule.pathNames.contains(pair.name) && !rule.hostNames.contains(pair.name)
                && !source.defaults.contains(pair.name) {
                if let list = pair.value as? [any Sendable] {
                    for item in list { query.append((pair.name, routeValueText(item))) }
                } else {
                    query.append((pair.name, routeValueText(pair.value)))
                }
            }
            // One leading slash: `//host/...` is another site's URL.
            var url = Matcher.oneLeadingSlash(scriptName + path)
            if !query.isEmpty { url += "?" + encodeQueryString(query) }
            if absolute || hostWithoutPort(targetHost.lowercased()) != hostName {
                url = scheme + "://" + targetHost + url
            }
            return url
        }
        throw firstError ?? .unknownEndpoint(label)
    }
}

extension MapAdapter where Endpoint: Hashable {
    /// The URL of `endpoint`'s best rule for `values` (the one using the most values it is given).
    /// See `build(name:_:method:absolute:)`.
    ///
    ///     try adapter.build("user", ["id": 7])                   // "/users/7"
    ///     try adapter.build("user", ["id": 7], absolute: true)   // "http://localhost/users/7"
    public func build(_ endpoint: Endpoint, _ values: RouteValues = [:], method: String? = nil,
                      absolute: Bool = false) throws(RoutingError) -> String {
        try buildURL(candidates: map.endpointIndex.lookup?(endpoint) ?? [], label: "'\(endpoint)'", values: values,
                     method: method, absolute: absolute)
    }
}
