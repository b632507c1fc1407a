#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An `If-Range` header (RFC 9110 s13.1.5): either an entity tag or a date.
///
/// ```swift
/// IfRange(parsing: "\"abc\"").etag                          // ETag("abc")
/// IfRange(parsing: "Sun, 06 Nov 1994 08:49:37 GMT").date    // that date
/// ```
public struct IfRange: Sendable, Equatable {
    /// The validator when the header holds an entity tag.
    public var etag: ETag?
    /// The validator when the header holds an HTTP date.
    public var date: Date?

    /// Creates a value directly.
    public init(etag: ETag? = nil, date: Date? = nil) {
        self.etag = etag
        self.date = date
    }

    /// A value starting with `"` or `W/` is parsed as an entity tag, anything
    /// else as an HTTP date. Missing or unparseable input leaves both `nil`.
    /// A weak tag is kept as parsed; RFC 9110 s13.1.5 requires strong
    /// comparison, so it can never match.
    public init(parsing: String?) {
        self.init()
        guard let parsing else { return }
        let t = HTTPSyntax.trim(parsing)
        if t.hasPrefix("\"") || t.hasPrefix("W/") || t.hasPrefix("w/") {
            etag = ETag(parsing: t)
        } else if !t.isEmpty {
            date = HTTPDate.parse(t)
        }
    }

    /// True when neither an entity tag nor a date is present.
    public var isEmpty: Bool { etag == nil && date == nil }

    /// The header form (the entity tag, or the IMF-fixdate); empty when none.
    public var headerValue: String {
        if let etag { return etag.headerValue }
        if let date { return HTTPDate.format(date) }
        return ""
    }
}
