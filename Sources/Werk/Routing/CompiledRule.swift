// A rule compiled for matching and building: its segments, host pattern and names.

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
