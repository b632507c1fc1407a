/// A `WWW-Authenticate` challenge (RFC 9110 s11.6.1).
///
/// ```swift
/// WWWAuthenticate.basic(realm: "x").headerValue
/// // Basic realm="x", charset="UTF-8"
/// WWWAuthenticate.bearer(realm: "api", error: "invalid_token").headerValue
/// // Bearer realm="api", error="invalid_token"
/// ```
public struct WWWAuthenticate: Sendable, Equatable {
    /// The scheme, lowercased (`basic`, `bearer`, ...).
    public var scheme: String
    /// Auth-params in order; names lowercased when parsed.
    public var parameters: [(String, String)]
    /// A token68 challenge, for schemes that use one.
    public var token: String?

    /// Creates a challenge directly; `scheme` is lowercased.
    public init(scheme: String, parameters: [(String, String)] = [], token: String? = nil) {
        self.scheme = HTTPSyntax.lowercased(scheme)
        self.parameters = parameters
        self.token = token
    }

    /// Equal when scheme, token and the ordered parameters are equal.
    public static func == (lhs: WWWAuthenticate, rhs: WWWAuthenticate) -> Bool {
        lhs.scheme == rhs.scheme && lhs.token == rhs.token
            && lhs.parameters.count == rhs.parameters.count
            && zip(lhs.parameters, rhs.parameters).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }

    /// The first value of parameter `name` (case-insensitive).
    public subscript(parameter name: String) -> String? {
        let key = HTTPSyntax.lowercased(name)
        return parameters.first { HTTPSyntax.lowercased($0.0) == key }?.1
    }

    /// A Basic challenge (RFC 7617 s2); `charset` may only be `UTF-8`
    /// (RFC 7617 s2.1); pass `nil` to omit it.
    public static func basic(realm: String, charset: String? = "UTF-8") -> WWWAuthenticate {
        var params = [("realm", realm)]
        if let charset { params.append(("charset", charset)) }
        return WWWAuthenticate(scheme: "basic", parameters: params)
    }

    /// A Bearer challenge (RFC 6750 s3) with the given optional attributes,
    /// in the order realm, scope, error, error_description, error_uri.
    public static func bearer(realm: String? = nil, scope: String? = nil, error: String? = nil,
                              errorDescription: String? = nil, errorURI: String? = nil) -> WWWAuthenticate {
        let all: [(String, String?)] = [
            ("realm", realm), ("scope", scope), ("error", error),
            ("error_description", errorDescription), ("error_uri", errorURI),
        ]
        return WWWAuthenticate(scheme: "bearer", parameters: all.compactMap { k, v in v.map { (k, $0) } })
    }

    /// Parses one challenge: `scheme`, `scheme token68` or
    /// `scheme name=value, ...` (RFC 9110 s11.3). If the header holds several
    /// challenges, only the first is read. Returns `nil` for a missing or
    /// non-token scheme.
    public init?(parsing: String?) {
        guard let parsing else { return nil }
        let bytes = Array(HTTPSyntax.trim(Array(parsing.utf8)[...]))
        let sp = bytes.firstIndex(where: HTTPSyntax.isSpace) ?? bytes.count
        let schemeBytes = bytes[0..<sp]
        guard !schemeBytes.isEmpty, schemeBytes.allSatisfy(HTTPSyntax.isTChar) else { return nil }
        self.init(scheme: HTTPSyntax.string(schemeBytes))
        let rest = HTTPSyntax.trim(bytes[sp...])
        if rest.isEmpty { return }
        if Authorization.isToken68(rest) {
            token = HTTPSyntax.string(rest)
            return
        }
        for item in HTTPSyntax.splitList(Array(rest)) {
            guard let eq = item.firstIndex(of: UInt8(ascii: "=")) else { break }
            let name = HTTPSyntax.trim(item[item.startIndex..<eq])
            // A name that is not a token starts the next challenge: stop there.
            guard !name.isEmpty, name.allSatisfy(HTTPSyntax.isTChar) else { break }
            let raw = HTTPSyntax.trim(item[(eq + 1)...])
            let value = HTTPSyntax.unquote(raw) ?? HTTPSyntax.string(raw)
            parameters.append((HTTPSyntax.lowercased(HTTPSyntax.string(name)), value))
        }
    }

    /// The header form. Parameter values are always written as quoted
    /// strings (valid for every auth-param, RFC 9110 s11.2), except Digest's
    /// `algorithm` and `stale`, which RFC 7616 s3.3 defines as bare tokens.
    public var headerValue: String {
        let name = AuthScheme.displayName(scheme)
        if let token { return name + " " + token }
        if parameters.isEmpty { return name }
        let items = parameters.map { k, v -> String in
            let bare = (k == "algorithm" || k == "stale") && isHTTPToken(v)
            return k + "=" + (bare ? v : quoteHeaderValue(v, allowToken: false))
        }
        return name + " " + items.joined(separator: ", ")
    }
}
