#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Response {
    /// The `Content-Type` header. A value with CR, LF or NUL is refused when the response starts.
    public var contentType: String? {
        get { headers["Content-Type"] }
        set { setOrRemove("Content-Type", newValue) }
    }

    /// The content type without parameters, lower case: `text/html`. Setting it adds
    /// `charset=utf-8` for text types.
    public var mimetype: String? {
        get { contentType.map { parseOptionsHeader($0).value.lowercased() } }
        set { contentType = newValue.map { MIMETypes.typeWithCharset($0) } }
    }

    /// The `Content-Length` header as a number.
    public var contentLength: Int? {
        get { headers["Content-Length"].flatMap { Int($0) } }
        set { if let newValue { headers.setTrusted("Content-Length", String(newValue)) } else { headers.remove("Content-Length") } }
    }

    /// The `Location` header.
    public var location: String? {
        get { headers["Location"] }
        set { setOrRemove("Location", newValue.map(iriToURI)) }
    }

    /// The `Last-Modified` header as a date (whole seconds).
    public var lastModified: Date? {
        get { headers["Last-Modified"].flatMap(HTTPDate.parse) }
        // An HTTP date Werk formats itself is valid: no check needed later.
        set { if let newValue { headers.setTrusted("Last-Modified", HTTPDate.format(newValue)) } else { headers.remove("Last-Modified") } }
    }

    /// The `Expires` header as a date.
    public var expires: Date? {
        get { headers["Expires"].flatMap(HTTPDate.parse) }
        set { if let newValue { headers.setTrusted("Expires", HTTPDate.format(newValue)) } else { headers.remove("Expires") } }
    }

    /// The `Cache-Control` directives; set it to replace the header.
    ///
    ///     var cc = CacheControl(); cc.maxAge = 60; cc.isPublic = true
    ///     response.cacheControl = cc
    public var cacheControl: CacheControl {
        get { CacheControl(parsing: headers.combinedValue(for: "Cache-Control")) }
        set { setOrRemove("Cache-Control", newValue.isEmpty ? nil : newValue.headerValue) }
    }

    /// The `ETag` header parsed; nil when absent or malformed.
    public var etag: ETag? { headers["ETag"].flatMap { ETag(parsing: $0) } }

    /// Sets the `ETag` header to `value` quoted (`W/` when weak).
    public mutating func setETag(_ value: String, weak: Bool = false) {
        headers.setUnchecked("ETag", ETag(value, weak: weak).headerValue)
    }

    /// Adds an `ETag` computed from the body's bytes (SHA-256), unless one is set and
    /// `overwrite` is false. Only in-memory bodies are hashed; others are left alone.
    public mutating func addETag(overwrite: Bool = false, weak: Bool = false) {
        guard overwrite || !headers.contains("ETag") else { return }
        guard case .bytes(let bytes) = body.content else { return }
        setETag(hexString(SHA256.hash(bytes).prefix(16)), weak: weak)
    }

    /// The `Vary` header's field names.
    public var vary: [String] {
        get { headers.combinedValue(for: "Vary").map(parseListHeader) ?? [] }
        set { setOrRemove("Vary", newValue.isEmpty ? nil : newValue.joined(separator: ", ")) }
    }

    /// The `Allow` header's methods.
    public var allow: [String] {
        get { headers.combinedValue(for: "Allow").map(parseListHeader) ?? [] }
        set { setOrRemove("Allow", newValue.joined(separator: ", ")) }
    }

    /// Sets the header `name` to `value`, or removes it for nil. A value holding CR, LF or NUL is
    /// kept as given and refused with a `HeaderError` when the response starts (no injection,
    /// and no silent change either).
    mutating func setOrRemove(_ name: String, _ value: String?) {
        if let value { headers.setUnchecked(name, value) } else { headers.remove(name) }
    }
}
