// Compiling a map's rules: each pattern parsed and checked, its converters made, its host
// and subdomain patterns split, so that matching has nothing left to decide.

extension Map {
    /// Parses and checks one rule.
    static func compile(_ rule: Rule<Endpoint>, index: Int, converters: [String: ConverterFactory],
                        strictSlashes: Bool, automaticOptions: Bool, hostMatching: Bool,
                        subdomainMatching: Bool, defaultSubdomain: String) throws(RoutingError) -> CompiledRule {
        let parsed = try RuleParser.parsePath(rule.pattern)
        let segments = try compileSegments(parsed, pattern: rule.pattern, converters: converters, allowSpanning: true)

        var hostPattern: CompiledHostPattern? = nil
        if let host = rule.host, !hostMatching {
            throw .invalidPattern(pattern: rule.pattern, message:
                "the rule gives host '\(host)' but the map does not match hosts (use Map(..., hostMatching: true))")
        }
        if let subdomain = rule.subdomain, !subdomainMatching {
            throw .invalidPattern(pattern: rule.pattern, message:
                "the rule gives subdomain '\(subdomain)' but the map has no serverName to match subdomains under")
        }
        if hostMatching, let host = rule.host {
            let text = hostWithoutPort(host.lowercased())
            let hostSegments = try compileSegments(try RuleParser.parseHost(text), pattern: text, converters: converters,
                                                   allowSpanning: false)
            hostPattern = CompiledHostPattern(isHost: true, segments: hostSegments, isDynamic: hostSegments.contains {
                if case .placeholder = $0 { return true } else { return false }
            })
        } else if subdomainMatching {
            let text = (rule.subdomain ?? defaultSubdomain).lowercased()
            let hostSegments = try compileSegments(try RuleParser.parseHost(text), pattern: text, converters: converters,
                                                   allowSpanning: false)
            hostPattern = CompiledHostPattern(isHost: false, segments: hostSegments, isDynamic: hostSegments.contains {
                if case .placeholder = $0 { return true } else { return false }
            })
        }

        let pathNames = segments.compactMap { segment -> String? in
            if case .placeholder(_, _, _, let name) = segment { return name } else { return nil }
        }
        let hostNames = hostPattern?.segments.compactMap { segment -> String? in
            if case .placeholder(_, _, _, let name) = segment { return name } else { return nil }
        } ?? []
        if let shared = hostNames.first(where: pathNames.contains) {
            throw .invalidPattern(pattern: rule.pattern, message: "the name '\(shared)' is used in both host and path")
        }
        let hostKey: String
        if let hostPattern {
            hostKey = (hostPattern.isHost ? "host:" : "sub:") + hostPattern.segments.map { segment in
                switch segment {
                case .literal(let text): return text
                case .placeholder(let prefix, let converter, let suffix, _): return "\(prefix)<\(converter.signature)>\(suffix)"
                }
            }.joined(separator: ".")
        } else {
            hostKey = ""
        }

        let methods = rule.methods.map(Set.init)
        var allowed = methods ?? []
        if allowed.contains("GET") { allowed.insert("HEAD") }
        if automaticOptions { allowed.insert("OPTIONS") }
        let endsWithSlash: Bool
        if case .literal("")? = segments.last { endsWithSlash = true } else { endsWithSlash = false }
        return CompiledRule(
            index: index, segments: segments, pathNames: pathNames, hostPattern: hostPattern, hostNames: hostNames,
            hostKey: hostKey, methods: methods, allowed: allowed, strictSlashes: rule.strictSlashes ?? strictSlashes,
            endsWithSlash: endsWithSlash,
            encodedLiterals: segments.map { segment in
                if case .literal(let text) = segment { return encodePathText(text, keepSlash: false) } else { return nil }
            })
    }

    /// Instantiates the converters of parsed segments.
    static func compileSegments(_ parsed: [ParsedSegment], pattern: String, converters: [String: ConverterFactory],
                                allowSpanning: Bool) throws(RoutingError) -> [CompiledSegment] {
        var result: [CompiledSegment] = []
        result.reserveCapacity(parsed.count)
        for segment in parsed {
            switch segment {
            case .literal(let text):
                result.append(.literal(text))
            case .placeholder(let prefix, let placeholder, let suffix):
                guard let factory = converters[placeholder.converter] ?? defaultConverters[placeholder.converter] else {
                    throw .unknownConverter(name: placeholder.converter, pattern: pattern)
                }
                let converter: any RouteConverter
                do { converter = try factory(placeholder.arguments) } catch {
                    throw .invalidConverterArguments(converter: placeholder.converter, pattern: pattern, message: "\(error)")
                }
                if converter.matchesSlashes {
                    guard allowSpanning else {
                        throw .invalidPattern(pattern: pattern, message: "'\(placeholder.name)' cannot span segments here")
                    }
                    guard prefix.isEmpty && suffix.isEmpty else {
                        throw .invalidPattern(pattern: pattern, message:
                            "'\(placeholder.name)' spans segments, so it must fill its segments (no text beside it before '/')")
                    }
                }
                result.append(.placeholder(prefix: prefix, converter: converter, suffix: suffix, name: placeholder.name))
            }
        }
        return result
    }
}
