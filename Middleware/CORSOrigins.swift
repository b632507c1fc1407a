import Werk

/// The origins a `cors` middleware lets read its responses.
///
///     cors(origins: ["https://app.example.com"])                 // a list
///     cors(origins: .pattern("https://*.example.com"))           // every subdomain
///     cors(origins: .matching { $0.hasSuffix(".internal") })     // a function
public enum CORSOrigins: Sendable, ExpressibleByArrayLiteral {
    /// Every origin (`Access-Control-Allow-Origin: *`); not allowed with credentials.
    case any
    /// Exactly these origins (`scheme://host[:port]`, compared without case).
    case list([String])
    /// Origins matching a pattern where `*` stands for one or more characters of a host name
    /// or port (letters, digits, `-` and `.`): `https://*.example.com`, `http://localhost:*`.
    case pattern(String)
    /// Origins for which the function returns true (it gets the `Origin` header as sent).
    case matching(@Sendable (String) -> Bool)

    /// A list from an array literal: `["https://a.example", "https://b.example"]`.
    public init(arrayLiteral elements: String...) { self = .list(elements) }

    /// True when `origin` may read responses.
    func allows(_ origin: String) -> Bool {
        switch self {
        case .any: return true
        case .list(let origins): return origins.contains { $0.lowercased() == origin.lowercased() }
        case .pattern(let pattern):
            // Origins are short; a long one is no origin a browser sends.
            guard origin.utf8.count <= 1024 else { return false }
            return CORSOrigins.glob(Array(pattern.lowercased().utf8)[...], Array(origin.lowercased().utf8)[...])
        case .matching(let allows): return allows(origin)
        }
    }

    /// Checks the configured origins: each must be `scheme://host[:port]` with nothing after.
    func validate() throws(CORSError) {
        let origins: [String]
        switch self {
        case .list(let list): origins = list
        case .pattern(let pattern): origins = [pattern.replacing("*", with: "x")]
        case .any, .matching: return
        }
        for origin in origins {
            guard let schemeEnd = origin.firstRange(of: "://"), !origin[..<schemeEnd.lowerBound].isEmpty else {
                throw CORSError("\(String(reflecting: origin)) is not an origin: write scheme://host[:port], as a browser sends it")
            }
            let rest = origin[schemeEnd.upperBound...]
            guard !rest.isEmpty, !rest.contains(where: { "/?#@ ".contains($0) }) else {
                throw CORSError("\(String(reflecting: origin)) is not an origin: no path, query or trailing slash after the host")
            }
        }
    }

    /// Matches `text` against `pattern`, where `*` takes one or more host or port characters.
    /// One pass over `text` keeping the set of pattern positions reached (no backtracking):
    /// at most pattern x text steps, however many stars (a backtracking match of
    /// `https://*.*.*.example.com` took minutes for a 1 KiB origin).
    static func glob(_ pattern: ArraySlice<UInt8>, _ text: ArraySlice<UInt8>) -> Bool {
        let pattern = Array(pattern), star = UInt8(ascii: "*")
        // reached[i]: pattern[..<i] matches the text so far; after a star, it may take more.
        var reached = [Bool](repeating: false, count: pattern.count + 1)
        var next = reached
        reached[0] = true
        for byte in text {
            let host = isHostByte(byte)
            for i in next.indices { next[i] = false }
            var any = false
            for i in reached.indices where reached[i] {
                if i < pattern.count, pattern[i] == star ? host : pattern[i] == byte { next[i + 1] = true; any = true }
                if i > 0, pattern[i - 1] == star, host { next[i] = true; any = true }
            }
            guard any else { return false }
            swap(&reached, &next)
        }
        return reached[pattern.count]
    }

    /// True when a pattern stands for the origins of one site: no `*` in the scheme, and in
    /// the host a literal domain of at least two labels after the last `*` (`*.example.com`,
    /// `app-*.example.com`; not `*`, `*.com` or `http*://...`). With credentials, a wider
    /// pattern lets every site read a user's responses.
    static func isOneSite(_ pattern: String) -> Bool {
        guard let schemeEnd = pattern.firstRange(of: "://"), !pattern[..<schemeEnd.lowerBound].contains("*") else { return false }
        let authority = pattern[schemeEnd.upperBound...]
        let host = authority.hasPrefix("[") ? authority.prefix { $0 != "]" } : authority.prefix { $0 != ":" }
        guard let lastStar = host.lastIndex(of: "*") else { return true }
        let rest = host[host.index(after: lastStar)...]
        let labels = rest.split(separator: ".", omittingEmptySubsequences: false)
        return rest.hasPrefix(".") && labels.count >= 3 && labels.dropFirst().allSatisfy { !$0.isEmpty }
    }

    private static func isHostByte(_ byte: UInt8) -> Bool {
        HTTPSyntax.isDigit(byte) || (byte >= 0x61 && byte <= 0x7A) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
}

/// A `cors` configuration that cannot be used, with the reason.
public struct CORSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong and how to fix it.
    public let description: String
    init(_ description: String) { self.description = description }
}
