/// A `Cache-Control` header (RFC 9111 s5.2), request or response directives.
///
/// ```swift
/// var cc = CacheControl(parsing: "max-age=60, no-cache")
/// cc.maxAge            // 60
/// cc.isPublic = true
/// cc.headerValue       // "public, no-cache, max-age=60"
/// ```
///
/// Directive names are case-insensitive. Numeric arguments (delta-seconds,
/// RFC 9111 s1.2.2) must be digits; anything else (`max-age=abc`, `-1`)
/// leaves the property `nil`. Values too large for `Int` become 2147483648
/// as RFC 9111 s1.2.2 prescribes. Field-name arguments of `no-cache` and
/// `private` are not kept (the flags are set).
public struct CacheControl: Sendable, Equatable {
    /// `max-age` (RFC 9111 s5.2.1.1, s5.2.2.1).
    public var maxAge: Int?
    /// `s-maxage` (RFC 9111 s5.2.2.10).
    public var sMaxAge: Int?
    /// `max-stale` (RFC 9111 s5.2.1.2). A bare `max-stale` (any staleness)
    /// is `Int.max`, and `Int.max` is written back as the bare directive.
    public var maxStale: Int?
    /// `min-fresh` (RFC 9111 s5.2.1.3).
    public var minFresh: Int?
    /// `no-cache` (RFC 9111 s5.2.1.4, s5.2.2.4).
    public var noCache: Bool = false
    /// `no-store` (RFC 9111 s5.2.1.5, s5.2.2.5).
    public var noStore: Bool = false
    /// `no-transform` (RFC 9111 s5.2.1.6, s5.2.2.6).
    public var noTransform: Bool = false
    /// `only-if-cached` (RFC 9111 s5.2.1.7).
    public var onlyIfCached: Bool = false
    /// `public` (RFC 9111 s5.2.2.9).
    public var isPublic: Bool = false
    /// `private` (RFC 9111 s5.2.2.7).
    public var isPrivate: Bool = false
    /// `must-revalidate` (RFC 9111 s5.2.2.2).
    public var mustRevalidate: Bool = false
    /// `proxy-revalidate` (RFC 9111 s5.2.2.8).
    public var proxyRevalidate: Bool = false
    /// `immutable` (RFC 8246).
    public var immutable: Bool = false
    /// `stale-while-revalidate` (RFC 5861 s3).
    public var staleWhileRevalidate: Int?
    /// `stale-if-error` (RFC 5861 s4).
    public var staleIfError: Int?
    /// Unknown directives, names lowercased; `nil` for a directive without
    /// argument. Names that are not tokens are dropped when parsing and skipped
    /// by `headerValue`.
    public var extensions: [String: String?] = [:]

    /// RFC 9111 s1.2.2: the value to use when delta-seconds overflows.
    static let overflowSeconds = 2_147_483_648

    /// An empty header.
    public init() {}

    /// Parses a header value; `nil` or blank gives an empty value.
    public init(parsing: String?) {
        guard let parsing else { return }
        for (rawKey, value, _) in parseOrderedDictHeader(parsing) {
            let key = HTTPSyntax.lowercased(rawKey)
            switch key {
            case "max-age": maxAge = CacheControl.seconds(value)
            case "s-maxage": sMaxAge = CacheControl.seconds(value)
            case "max-stale": maxStale = value == nil ? Int.max : CacheControl.seconds(value)
            case "min-fresh": minFresh = CacheControl.seconds(value)
            case "stale-while-revalidate": staleWhileRevalidate = CacheControl.seconds(value)
            case "stale-if-error": staleIfError = CacheControl.seconds(value)
            case "no-cache": noCache = true
            case "no-store": noStore = true
            case "no-transform": noTransform = true
            case "only-if-cached": onlyIfCached = true
            case "public": isPublic = true
            case "private": isPrivate = true
            case "must-revalidate": mustRevalidate = true
            case "proxy-revalidate": proxyRevalidate = true
            case "immutable": immutable = true
            default:
                // cache-directive = token [ "=" ( token / quoted-string ) ] (RFC 9111 s5.2)
                if isHTTPToken(key) { extensions[key] = .some(value) }
            }
        }
    }

    /// delta-seconds = 1*DIGIT (RFC 9111 s1.2.2).
    private static func seconds(_ value: String?) -> Int? {
        guard let value else { return nil }
        let bytes = Array(value.utf8)[...]
        guard !bytes.isEmpty, bytes.allSatisfy(HTTPSyntax.isDigit) else { return nil }
        return HTTPSyntax.parseDigits(bytes) ?? overflowSeconds
    }

    /// True when no directive is set.
    public var isEmpty: Bool { self == CacheControl() }

    /// The header form in a fixed order: flags, then numeric directives, then
    /// extensions sorted by name. Parsing it gives back an equal value.
    public var headerValue: String {
        var items: [(String, String?)] = []
        let flags: [(Bool, String)] = [
            (isPublic, "public"), (isPrivate, "private"), (noCache, "no-cache"),
            (noStore, "no-store"), (noTransform, "no-transform"), (onlyIfCached, "only-if-cached"),
            (mustRevalidate, "must-revalidate"), (proxyRevalidate, "proxy-revalidate"),
            (immutable, "immutable"),
        ]
        for (on, name) in flags where on { items.append((name, nil)) }
        let numbers: [(Int?, String)] = [
            (maxAge, "max-age"), (sMaxAge, "s-maxage"), (minFresh, "min-fresh"),
            (staleWhileRevalidate, "stale-while-revalidate"), (staleIfError, "stale-if-error"),
        ]
        for (n, name) in numbers {
            if let n { items.append((name, String(n))) }
        }
        if let maxStale {
            items.append(("max-stale", maxStale == Int.max ? nil : String(maxStale)))
        }
        for key in extensions.keys.sorted() where isHTTPToken(key) {
            items.append((key, extensions[key] ?? nil))
        }
        return dumpDictHeader(items)
    }
}
