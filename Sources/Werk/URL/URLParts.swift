// Splitting, recomposing and resolving URI references (RFC 3986 s3, s5, appendix B).

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

    /// Splits an authority; `nil` for an unterminated IP literal or junk after it.
    init?(_ authority: Substring) {
        var hostPort = authority
        if let at = authority.utf8.lastIndex(of: UInt8(ascii: "@")) {
            userinfo = authority[..<at]
            hostPort = authority[authority.utf8.index(after: at)...]
        }
        if hostPort.utf8.first == UInt8(ascii: "[") {
            guard let close = hostPort.utf8.firstIndex(of: UInt8(ascii: "]")) else { return nil }
            host = hostPort[hostPort.utf8.index(after: hostPort.startIndex)..<close]
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
    /// (s3.2.3) or a malformed IPv6 literal (s3.2.2).
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
            guard let parts = WerkAuthority(authority) else { return nil }
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

/// Resolves `reference` against `base` (RFC 3986 s5.2), e.g. for `Location` headers.
///
/// Uses the strict algorithm of s5.2.2, path merging of s5.2.3 and dot-segment
/// removal of s5.2.4.
///
/// ```swift
/// joinURL(base: "http://a/b/c/d;p?q", "../g")   // "http://a/b/g"
/// joinURL(base: "http://a/b/c/d;p?q", "?y")     // "http://a/b/c/d;p?y"
/// ```
public func joinURL(base: String, _ reference: String) -> String {
    let r = WerkRawURI(reference)
    let b = WerkRawURI(base)
    var t = WerkRawURI("")
    // RFC 3986 s5.2.2 (strict: a scheme in the reference always wins).
    if r.scheme != nil {
        t.scheme = r.scheme
        t.authority = r.authority
        t.path = Substring(werkRemoveDotSegments(r.path))
        t.query = r.query
    } else {
        if r.authority != nil {
            t.authority = r.authority
            t.path = Substring(werkRemoveDotSegments(r.path))
            t.query = r.query
        } else {
            if r.path.isEmpty {
                t.path = b.path
                t.query = r.query ?? b.query
            } else {
                if r.path.utf8.first == UInt8(ascii: "/") {
                    t.path = Substring(werkRemoveDotSegments(r.path))
                } else {
                    t.path = Substring(werkRemoveDotSegments(Substring(werkMergePaths(base: b, r.path))))
                }
                t.query = r.query
            }
            t.authority = b.authority
        }
        t.scheme = b.scheme
    }
    t.fragment = r.fragment
    return t.recomposed
}

/// Merges a relative-path reference with the base path (RFC 3986 s5.2.3).
private func werkMergePaths(base: WerkRawURI, _ path: Substring) -> String {
    if base.authority != nil && base.path.isEmpty {
        return "/" + path
    }
    if let slash = base.path.utf8.lastIndex(of: UInt8(ascii: "/")) {
        return String(base.path[...slash]) + path
    }
    return String(path)
}

/// Removes "." and ".." segments from a path (RFC 3986 s5.2.4).
func werkRemoveDotSegments(_ path: Substring) -> String {
    // Fast path: no dot segment can be present without a "." character.
    if !path.utf8.contains(UInt8(ascii: ".")) { return String(path) }
    var input = path
    var output = ""
    func dropLastSegment() {
        if let slash = output.utf8.lastIndex(of: UInt8(ascii: "/")) {
            output = String(output[..<slash])
        } else {
            output = ""
        }
    }
    while !input.isEmpty {
        if input.hasPrefix("../") {                       // s5.2.4 step 2A
            input = input.dropFirst(3)
        } else if input.hasPrefix("./") {
            input = input.dropFirst(2)
        } else if input.hasPrefix("/./") {                // step 2B
            input = input.dropFirst(2)
        } else if input == "/." {
            input = "/"
        } else if input.hasPrefix("/../") {               // step 2C
            input = input.dropFirst(3)
            dropLastSegment()
        } else if input == "/.." {
            input = "/"
            dropLastSegment()
        } else if input == "." || input == ".." {         // step 2D
            input = ""
        } else {                                          // step 2E
            let searchStart = input.utf8.first == UInt8(ascii: "/") ? input.utf8.index(after: input.startIndex)
                                                                    : input.startIndex
            let end = input.utf8[searchStart...].firstIndex(of: UInt8(ascii: "/")) ?? input.endIndex
            output += input[..<end]
            input = input[end...]
        }
    }
    // A rootless path (only possible with a base without authority) stays rootless:
    // "x/../y" gives "y", not the "/y" a literal reading of step 2C would produce.
    if path.utf8.first != UInt8(ascii: "/") && output.utf8.first == UInt8(ascii: "/") {
        output.removeFirst()
    }
    return output
}
