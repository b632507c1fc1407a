/// An `Authorization` request header (RFC 9110 s11.6.2).
///
/// ```swift
/// let auth = Authorization(parsing: "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
/// auth?.username   // "Aladdin"
/// auth?.password   // "open sesame"
/// Authorization.bearer("mF_9.B5f-4.1JqM").headerValue   // "Bearer mF_9.B5f-4.1JqM"
/// ```
///
/// Basic credentials are stored as the `username` and `password` parameters;
/// a Bearer token (RFC 6750 s2.1) or any other token68 goes into `token`;
/// auth-params of other schemes (e.g. Digest) go into `parameters` with
/// lowercased names.
public struct Authorization: Sendable, Equatable {
    /// The scheme, lowercased (`basic`, `bearer`, `digest`, ...).
    public var scheme: String
    /// Auth-params (RFC 9110 s11.2); for Basic, `username` and `password`.
    public var parameters: [String: String]
    /// The token68 credentials, if the scheme uses that form.
    public var token: String?

    /// Creates a value directly; `scheme` is lowercased.
    public init(scheme: String, parameters: [String: String] = [:], token: String? = nil) {
        self.scheme = HTTPSyntax.lowercased(scheme)
        self.parameters = parameters
        self.token = token
    }

    /// The `username` parameter (Basic, Digest), if any.
    public var username: String? { parameters["username"] }
    /// The `password` parameter (Basic), if any.
    public var password: String? { parameters["password"] }

    /// Basic credentials (RFC 7617). The username must not contain `:`.
    public static func basic(username: String, password: String) -> Authorization {
        Authorization(scheme: "basic", parameters: ["username": username, "password": password])
    }

    /// Bearer credentials (RFC 6750 s2.1).
    public static func bearer(_ token: String) -> Authorization {
        Authorization(scheme: "bearer", token: token)
    }

    /// Parses `scheme credentials` (RFC 9110 s11.4). Returns `nil` for a
    /// missing or non-token scheme; for Basic with invalid Base64, non-UTF-8
    /// text or no `:` (RFC 7617 s2); for Bearer without a valid token68.
    /// Other schemes accept a token68, auth-params (names that are not tokens are
    /// dropped), or nothing.
    public init?(parsing header: String?) {
        guard let header else { return nil }
        let bytes = Array(HTTPSyntax.trim(Array(header.utf8)[...]))
        let sp = bytes.firstIndex(where: HTTPSyntax.isSpace) ?? bytes.count
        let schemeBytes = bytes[0..<sp]
        guard !schemeBytes.isEmpty, schemeBytes.allSatisfy(HTTPSyntax.isTChar) else { return nil }
        let scheme = HTTPSyntax.lowercased(HTTPSyntax.string(schemeBytes))
        let rest = HTTPSyntax.trim(bytes[sp...])
        switch scheme {
        case "basic":
            // credentials = base64(user-id ":" password), RFC 7617 s2
            guard let decoded = Base64.decode(HTTPSyntax.string(rest)),
                  let text = String(validating: decoded, as: UTF8.self),
                  let colon = text.firstIndex(of: ":") else { return nil }
            self = .basic(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
        case "bearer":
            guard Authorization.isToken68(rest) else { return nil }
            self = .bearer(HTTPSyntax.string(rest))
        default:
            if rest.isEmpty {
                self.init(scheme: scheme)
            } else if Authorization.isToken68(rest) {
                self.init(scheme: scheme, token: HTTPSyntax.string(rest))
            } else {
                var params: [String: String] = [:]
                // auth-param = token BWS "=" BWS ( token / quoted-string ) (RFC 9110 s11.2):
                // a name that is not a token is dropped, as headerValue could not write it.
                for (k, v, _) in parseOrderedDictHeader(HTTPSyntax.string(rest)) {
                    guard let v, isHTTPToken(k) else { continue }
                    params[HTTPSyntax.lowercased(k)] = v
                }
                guard !params.isEmpty else { return nil }
                self.init(scheme: scheme, parameters: params)
            }
        }
    }

    /// token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
    /// (RFC 9110 s11.2).
    static func isToken68(_ s: ArraySlice<UInt8>) -> Bool {
        var i = s.startIndex
        while i < s.endIndex {
            let b = s[i]
            let isChar = HTTPSyntax.isAlphanumeric(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: ".") || b == UInt8(ascii: "_")
                || b == UInt8(ascii: "~") || b == UInt8(ascii: "+") || b == UInt8(ascii: "/")
            if !isChar { break }
            i += 1
        }
        guard i > s.startIndex else { return false }
        return s[i...].allSatisfy { $0 == UInt8(ascii: "=") }
    }

    /// The header form, e.g. `Basic QWxh...`, `Bearer abc`, or
    /// `Digest nonce="...", username="..."` (parameters sorted by name).
    public var headerValue: String {
        let name = AuthScheme.displayName(scheme)
        if scheme == "basic", let username, let password {
            return name + " " + Base64.encode(Array((username + ":" + password).utf8))
        }
        if let token { return name + " " + token }
        if parameters.isEmpty { return name }
        let items = parameters.keys.sorted().map { ($0, Optional(parameters[$0] ?? "")) }
        return name + " " + dumpDictHeader(items)
    }
}

/// Helpers shared by `Authorization` and `WWWAuthenticate`.
enum AuthScheme {
    /// Conventional capitalization of a lowercased scheme (`basic` -> `Basic`).
    static func displayName(_ scheme: String) -> String {
        switch scheme {
        case "basic": return "Basic"
        case "bearer": return "Bearer"
        case "digest": return "Digest"
        case "negotiate": return "Negotiate"
        case "hoba": return "HOBA"
        case "mutual": return "Mutual"
        case "scram-sha-1": return "SCRAM-SHA-1"
        case "scram-sha-256": return "SCRAM-SHA-256"
        default:
            guard let first = scheme.first else { return scheme }
            return first.uppercased() + scheme.dropFirst()
        }
    }
}
