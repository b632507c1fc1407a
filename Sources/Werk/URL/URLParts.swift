// Splitting and recomposing URI references (RFC 3986 s3, s5.3, appendix B); resolving is in JoinURL.swift.

/// The five raw components of a URI reference, as split by RFC 3986 appendix B.
struct WerkRawURI {
    var scheme: Substring?
    var authority: Substring?
    var path: Substring
    var query: Substring?
    var fragment: Substring?

    /// Splits like `^(([^:/?#]+):)?(//([^/?#]*))?([^?#]*)(\?([^#]*))?(#(.*))?` (RFC 3986 appendix B).
    init(_ s: String) {
        var rest = Substring(s)
        // "#" starts the fragment wherever it is.
        if let hash = rest.utf8.firstIndex(of: UInt8(ascii: "#")) {
            fragment = rest[rest.utf8.index(after: hash)...]
            rest = rest[..<hash]
        }
        if let question = rest.utf8.firstIndex(of: UInt8(ascii: "?")) {
            query = rest[rest.utf8.index(after: question)...]
            rest = rest[..<question]
        }
        // scheme: one or more characters other than ":/?#", then ":".
        if let colon = rest.utf8.firstIndex(where: { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "/") }),
           rest.utf8[colon] == UInt8(ascii: ":"), colon != rest.startIndex {
            scheme = rest[..<colon]
            rest = rest[rest.utf8.index(after: colon)...]
        }
        if rest.utf8.starts(with: "//".utf8) {
            let afterSlashes = rest.utf8.index(rest.startIndex, offsetBy: 2)
            let end = rest.utf8[afterSlashes...].firstIndex(of: UInt8(ascii: "/")) ?? rest.endIndex
            authority = rest[afterSlashes..<end]
            rest = rest[end...]
        }
        path = rest
    }

    /// Recomposes the components (RFC 3986 s5.3).
    var recomposed: String {
        var out = ""
        if let scheme { out += scheme; out += ":" }
        if let authority { out += "//"; out += authority }
        out += path
        if let query { out += "?"; out += query }
        if let fragment { out += "#"; out += fragment }
        return out
    }
}

/// Whether `s` is a valid scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3986 s3.1).
func werkIsValidScheme(_ s: Substring) -> Bool {
    guard let first = s.utf8.first, HTTPSyntax.isAlpha(first) else { return false }
    return s.utf8.allSatisfy { byte in
        HTTPSyntax.isAlphanumeric(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
    }
}

/// The parts of an authority: `[ userinfo "@" ] host [ ":" port ]` (RFC 3986 s3.2).
struct WerkAuthority {
    var userinfo: Substring?
    /// The host without IPv6 brackets.
    var host: Substring
    /// Whether the host was written as an IP literal in brackets (RFC 3986 s3.2.2).
    var bracketed: Bool
    /// The raw port digits, possibly empty; `nil` when there is no ":".
    var port: Substring?

    /// Splits an authority; `nil` for an unterminated or malformed IP literal or junk after it.
    init?(_ authority: Substring) {
        var hostPort = authority
        if let at = authority.utf8.lastIndex(of: UInt8(ascii: "@")) {
            userinfo = authority[..<at]
            hostPort = authority[authority.utf8.index(after: at)...]
        }
        if hostPort.utf8.first == UInt8(ascii: "[") {
            guard let close = hostPort.utf8.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            host = hostPort[hostPort.utf8.index(after: hostPort.startIndex)..<close]
            guard werkIsIPv6Literal(host) else { return nil }
            bracketed = true
            let after = hostPort[hostPort.utf8.index(after: close)...]
            if after.isEmpty {
                port = nil
            } else if after.utf8.first == UInt8(ascii: ":") {
                port = after.dropFirst()
            } else {
                return nil
            }
        } else {
            bracketed = false
            if let colon = hostPort.utf8.lastIndex(of: UInt8(ascii: ":")) {
                host = hostPort[..<colon]
                port = hostPort[hostPort.utf8.index(after: colon)...]
            } else {
                host = hostPort
                port = nil
            }
        }
    }
}

/// Whether `text`, the inside of `[...]`, reads as an IPv6 address (RFC 3986 s3.2.2): hex
/// digits, `:` and `.` with at least one `:`, then optionally a zone ID `%25` followed by
/// unreserved characters or escapes (RFC 6874 s2). IPvFuture literals are not accepted.
func werkIsIPv6Literal(_ text: Substring) -> Bool {
    let bytes = Array(text.utf8)
    let percent = UInt8(ascii: "%")
    let end = bytes.firstIndex(of: percent) ?? bytes.count
    let address = bytes[..<end]
    guard address.contains(UInt8(ascii: ":")),
          address.allSatisfy({ HTTPSyntax.isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }) else {
        return false
    }
    guard end < bytes.count else { return true }
    // ZoneID = 1*( unreserved / pct-encoded ), after "%25".
    guard bytes[end...].starts(with: [percent, UInt8(ascii: "2"), UInt8(ascii: "5")]), end + 3 < bytes.count else { return false }
    var i = end + 3
    while i < bytes.count {
        if bytes[i] == percent {
            guard i + 2 < bytes.count, HTTPSyntax.isHexDigit(bytes[i + 1]), HTTPSyntax.isHexDigit(bytes[i + 2]) else { return false }
            i += 3
        } else {
            guard werkIsUnreservedByte(bytes[i]) else { return false }
            i += 1
        }
    }
    return true
}

/// A URL split into its components (RFC 3986 s3), for absolute and relative references.
///
/// Components that are absent are `nil`; present but empty ones are `""`
/// (`"http://h/p?"` has `query == ""`). The scheme is lowercased (RFC 3986 s3.1);
/// an IPv6 host is stored without its brackets.
///
/// ```swift
/// let u = URLParts(parsing: "https://user@example.com:8443/a/b?x=1#top")!
/// u.host      // "example.com"
/// u.port      // 8443
/// u.description == "https://user@example.com:8443/a/b?x=1#top"
/// ```
public struct URLParts: Sendable, Hashable, CustomStringConvertible {
    /// The scheme, lowercased, such as `"https"`; `nil` for a relative reference.
    public var scheme: String?
    /// The user information before `@` in the authority, still percent-encoded.
    public var userinfo: String?
    /// The host (`nil` when there is no authority); IPv6 literals without brackets.
    public var host: String?
    /// The port number, or `nil` when absent or empty.
    public var port: Int?
    /// The path, still percent-encoded; may be empty.
    public var path: String
    /// The query without `?`, still percent-encoded; `nil` when absent.
    public var query: String?
    /// The fragment without `#`; `nil` when absent.
    public var fragment: String?

    /// Creates a URL from components.
    public init(scheme: String? = nil, userinfo: String? = nil, host: String? = nil, port: Int? = nil,
                path: String = "", query: String? = nil, fragment: String? = nil) {
        self.scheme = scheme
        self.userinfo = userinfo
        self.host = host
        self.port = port
        self.path = path
        self.query = query
        self.fragment = fragment
    }

    /// Parses an absolute or relative URL with the RFC 3986 appendix B grammar.
    ///
    /// Returns `nil` for an invalid scheme (RFC 3986 s3.1; this also rejects relative
    /// paths whose first segment has a colon, s4.2), a port that is not 0-65535 digits
    /// (s3.2.3), a malformed IPv6 literal (no IPvFuture) or a host with a `:` outside
    /// brackets (s3.2.2).
    ///
    /// ```swift
    /// URLParts(parsing: "/search?q=a")?.query   // "q=a"
    /// URLParts(parsing: "http://h:99999/")      // nil
    /// ```
    public init?(parsing string: String) {
        let raw = WerkRawURI(string)
        if let scheme = raw.scheme {
            guard werkIsValidScheme(scheme) else { return nil }
            self.scheme = scheme.lowercased()
        }
        if let authority = raw.authority {
            // A reg-name has no ":" (RFC 3986 s3.2.2): only an IP literal in brackets may.
            guard let parts = WerkAuthority(authority),
                  parts.bracketed || !parts.host.utf8.contains(UInt8(ascii: ":")) else { return nil }
            userinfo = parts.userinfo.map(String.init)
            host = String(parts.host)
            if let digits = parts.port, !digits.isEmpty {
                guard digits.utf8.count <= 5, digits.utf8.allSatisfy(HTTPSyntax.isDigit),
                      let number = Int(digits), number <= 65535 else { return nil }
                port = number
            }
        }
        path = String(raw.path)
        query = raw.query.map(String.init)
        fragment = raw.fragment.map(String.init)
    }

    /// The URL recomposed from its components (RFC 3986 s5.3).
    public var description: String {
        var out = ""
        if let scheme { out += scheme; out += ":" }
        if let host {
            out += "//"
            if let userinfo { out += userinfo; out += "@" }
            if host.utf8.contains(UInt8(ascii: ":")) {
                out += "["; out += host; out += "]"
            } else {
                out += host
            }
            if let port { out += ":"; out += String(port) }
        }
        out += path
        if let query { out += "?"; out += query }
        if let fragment { out += "#"; out += fragment }
        return out
    }
}
