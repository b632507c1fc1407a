/// An entity tag (RFC 9110 s8.8.3): an opaque string, strong or weak.
///
/// ```swift
/// ETag("abc").headerValue              // "abc" (with the quotes)
/// ETag("abc", weak: true).headerValue  // W/"abc"
/// ETag(parsing: "W/\"abc\"")          // ETag("abc", weak: true)
/// ```
public struct ETag: Hashable, Sendable {
    /// The opaque tag, without quotes or `W/` prefix.
    public var value: String
    /// Whether this is a weak validator (`W/` prefix).
    public var isWeak: Bool

    /// Creates a tag from its opaque value (without quotes).
    public init(_ value: String, weak: Bool = false) {
        self.value = value
        self.isWeak = weak
    }

    /// The header form: `"value"` or `W/"value"` (RFC 9110 s8.8.3).
    public var headerValue: String {
        (isWeak ? "W/\"" : "\"") + value + "\""
    }

    /// Parses `"abc"`, `W/"abc"` or, leniently, a bare `abc` (treated as a
    /// strong tag, as Werkzeug does). Returns `nil` for empty input, an
    /// unterminated quote, text after the closing quote, or a bare value
    /// containing whitespace, `,` or `"`.
    public init?(parsing: String) {
        let bytes = Array(parsing.utf8)
        let t = HTTPSyntax.trim(bytes[...])
        guard let (tag, rest) = ETag.scan(t), HTTPSyntax.trim(rest).isEmpty else { return nil }
        self = tag
    }

    /// Reads one entity-tag at the start of `s`; returns it and what follows.
    static func scan(_ s: ArraySlice<UInt8>) -> (ETag, ArraySlice<UInt8>)? {
        var i = s.startIndex
        var weak = false
        // weak = %s"W/" (RFC 9110 s8.8.3); accept a lowercase w too.
        if s.count >= 2, s[i] | 0x20 == UInt8(ascii: "w"), s[i + 1] == UInt8(ascii: "/") {
            weak = true
            i += 2
        }
        guard i < s.endIndex else { return nil }
        if s[i] == UInt8(ascii: "\"") {
            // opaque-tag = DQUOTE *etagc DQUOTE; etagc excludes DQUOTE
            guard let close = s[(i + 1)...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
            return (ETag(HTTPSyntax.string(s[(i + 1)..<close]), weak: weak), s[(close + 1)...])
        }
        // Lenient bare value: up to a comma or whitespace.
        var j = i
        while j < s.endIndex, s[j] != UInt8(ascii: ","), !HTTPSyntax.isSpace(s[j]) {
            if s[j] == UInt8(ascii: "\"") { return nil }
            j += 1
        }
        guard j > i else { return nil }
        return (ETag(HTTPSyntax.string(s[i..<j]), weak: weak), s[j...])
    }
}

/// The entity tags of an `If-Match` or `If-None-Match` header
/// (RFC 9110 s13.1.1, s13.1.2), split into strong and weak ones.
///
/// ```swift
/// let tags = ETags(parsing: "\"a\", W/\"b\"")
/// tags.containsStrong("a")   // true
/// tags.containsStrong("b")   // false: weak tags never match strongly
/// tags.containsWeak("b")     // true
/// ```
public struct ETags: Sendable, Equatable {
    /// Whether the header was `*` (matches any current representation).
    public var isAny: Bool
    /// Opaque values of the strong tags, in header order.
    public var strong: [String]
    /// Opaque values of the weak tags, in header order.
    public var weak: [String]

    /// Creates a set of tags directly.
    public init(strong: [String] = [], weak: [String] = [], isAny: Bool = false) {
        self.strong = strong
        self.weak = weak
        self.isAny = isAny
    }

    /// Parses `*` or a comma-separated list of entity tags. `nil` or blank
    /// input gives an empty set. Malformed entries are skipped; bare unquoted
    /// values are accepted as strong tags; a bare `*` element makes the whole
    /// set `isAny`.
    public init(parsing header: String?) {
        self.init()
        guard let header else { return }
        let bytes = Array(header.utf8)
        var i = 0
        while i < bytes.count {
            while i < bytes.count, bytes[i] == UInt8(ascii: ",") || HTTPSyntax.isSpace(bytes[i]) { i += 1 }
            if i >= bytes.count { break }
            // Find where this element ends (next comma outside quotes).
            var end = i
            var inQuotes = false
            while end < bytes.count {
                if bytes[end] == UInt8(ascii: "\"") { inQuotes.toggle() }
                else if bytes[end] == UInt8(ascii: ","), !inQuotes { break }
                end += 1
            }
            let element = HTTPSyntax.trim(bytes[i..<end])
            i = end + 1
            if element.count == 1, element.first == UInt8(ascii: "*") {
                // If-Match = "*" / #entity-tag (RFC 9110 s13.1.1)
                self = ETags(isAny: true)
                return
            }
            guard let (tag, rest) = ETag.scan(element), HTTPSyntax.trim(rest).isEmpty else { continue }
            if tag.isWeak { weak.append(tag.value) } else { strong.append(tag.value) }
        }
    }

    /// True when there are no tags and the header was not `*`.
    public var isEmpty: Bool { !isAny && strong.isEmpty && weak.isEmpty }

    /// Strong comparison (RFC 9110 s8.8.3.2): true when `etag` is one of the
    /// strong tags, or for `*`. `etag` is the opaque value; a fully quoted
    /// `"abc"` is accepted too.
    public func containsStrong(_ etag: String) -> Bool {
        isAny || strong.contains(ETags.opaque(etag))
    }

    /// Weak comparison (RFC 9110 s8.8.3.2): true when `etag` matches any tag,
    /// strong or weak, or for `*`.
    public func containsWeak(_ etag: String) -> Bool {
        let v = ETags.opaque(etag)
        return isAny || strong.contains(v) || weak.contains(v)
    }

    /// Compares a typed tag. With strong comparison a weak `etag` never
    /// matches (except against `*`); with weak comparison weakness is ignored.
    public func contains(_ etag: ETag, weakComparison: Bool) -> Bool {
        if isAny { return true }
        if weakComparison { return containsWeak(etag.value) }
        return !etag.isWeak && strong.contains(etag.value)
    }

    /// The header form: `*` or the tags joined by `", "` (strong ones first).
    public var headerValue: String {
        if isAny { return "*" }
        return (strong.map { ETag($0).headerValue } + weak.map { ETag($0, weak: true).headerValue })
            .joined(separator: ", ")
    }

    private static func opaque(_ s: String) -> String {
        let u = s.utf8
        if u.count >= 2, u.first == UInt8(ascii: "\""), u.last == UInt8(ascii: "\"") {
            return String(decoding: u.dropFirst().dropLast(), as: UTF8.self)
        }
        return s
    }
}
