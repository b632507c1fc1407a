#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Request {
    // MARK: Content

    /// The `Content-Type` header as sent.
    public var contentType: String? { environ.headers["Content-Type"] }

    /// The declared body length; nil when absent or not a valid number.
    public var contentLength: Int? {
        guard let value = environ.headers["Content-Length"], !value.isEmpty,
              value.utf8.allSatisfy(HTTPSyntax.isDigit) else { return nil }
        return Int(value)
    }

    /// The content type without parameters, lower case: `text/html`.
    public var mimetype: String {
        guard let type = contentType else { return "" }
        // The usual plain lowercase value (`application/x-www-form-urlencoded`) needs no parser:
        // printable ASCII without `;`, `"` or upper case letters.
        let plain = type.utf8.withContiguousStorageIfAvailable { HTTPSyntax.isPlainMediaType(UnsafeRawBufferPointer($0)) }
        if plain == true { return type }
        return cached(.mimetype) { parseOptionsHeader(type).value.lowercased() }
    }

    /// The content type's parameters: `["charset": "utf-8"]`.
    public var mimetypeParams: [String: String] { cached(.mimetypeParams) { parseOptionsHeader(contentType).options } }

    /// The body's charset from the content type, lower case; nil when not given.
    public var charset: String? { mimetypeParams["charset"]?.lowercased() }

    // MARK: Cookies

    /// The cookies the client sent, parsed once (RFC 6265 s5.4).
    public var cookies: MultiDict<String, String> {
        cached(.cookies) { parseCookieHeader(environ.headers.combinedValue(for: "Cookie") ?? "") }
    }

    // MARK: Negotiation (RFC 9110 s12.5)

    /// The `Accept` header: the media types the client takes, best first.
    public var acceptMimetypes: Accept { cached(.acceptMimetypes) { Accept(parsing: environ.headers.combinedValue(for: "Accept"), kind: .mime) } }
    /// The `Accept-Language` header.
    public var acceptLanguages: Accept { cached(.acceptLanguages) { Accept(parsing: environ.headers.combinedValue(for: "Accept-Language"), kind: .language) } }
    /// The `Accept-Charset` header.
    public var acceptCharsets: Accept { cached(.acceptCharsets) { Accept(parsing: environ.headers.combinedValue(for: "Accept-Charset"), kind: .charset) } }
    /// The `Accept-Encoding` header.
    public var acceptEncodings: Accept { cached(.acceptEncodings) { Accept(parsing: environ.headers.combinedValue(for: "Accept-Encoding"), kind: .encoding) } }

    // MARK: Authorization

    /// The `Authorization` header parsed (Basic, Bearer or another scheme); nil when absent or malformed.
    public var authorization: Authorization? { cached(.authorization) { Authorization(parsing: environ.headers["Authorization"]) } }

    // MARK: Caching and conditional requests (RFC 9110 s13)

    /// The `Cache-Control` request directives.
    public var cacheControl: CacheControl { cached(.cacheControl) { CacheControl(parsing: environ.headers.combinedValue(for: "Cache-Control")) } }
    /// The `If-Match` entity tags.
    public var ifMatch: ETags { cached(.ifMatch) { ETags(parsing: environ.headers.combinedValue(for: "If-Match")) } }
    /// The `If-None-Match` entity tags.
    public var ifNoneMatch: ETags { cached(.ifNoneMatch) { ETags(parsing: environ.headers.combinedValue(for: "If-None-Match")) } }
    /// The `If-Modified-Since` date; nil when absent or not a valid HTTP date (then ignored, RFC 9110 s13.1.3).
    public var ifModifiedSince: Date? { environ.headers["If-Modified-Since"].flatMap(HTTPDate.parse) }
    /// The `If-Unmodified-Since` date; nil when absent or invalid (then ignored, RFC 9110 s13.1.4).
    public var ifUnmodifiedSince: Date? { environ.headers["If-Unmodified-Since"].flatMap(HTTPDate.parse) }
    /// The `Range` header; nil when absent or malformed (a malformed one is ignored, RFC 9110 s14.2).
    public var range: RangeHeader? { environ.headers["Range"].flatMap { RangeHeader(parsing: $0) } }
    /// The `If-Range` header (an entity tag or a date).
    public var ifRange: IfRange { IfRange(parsing: environ.headers["If-Range"]) }
    /// The `Date` header.
    public var date: Date? { environ.headers["Date"].flatMap(HTTPDate.parse) }
}
