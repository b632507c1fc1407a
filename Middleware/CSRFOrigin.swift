import Werk

/// Where an unsafe request came from, as `csrfProtect` checks it (the rules Django applies):
/// the `Origin` header when sent, else over HTTPS the `Referer`; each must name the request's
/// own origin or a trusted one.
enum CSRFOrigin {
    /// The methods that change nothing (RFC 9110 s9.2.1), never checked.
    static let safeMethods: Set<String> = ["GET", "HEAD", "OPTIONS", "TRACE"]

    /// Why `request` is refused for where it came from, or nil when its origin is its own or
    /// in `trusted` (normalized origins).
    static func refusal(for request: Request, trusted: Set<String>) -> String? {
        let own = normalized(request.scheme + "://" + request.host)
        if let origin = request.headers["Origin"] {
            guard let sent = normalized(origin), sent == own || trusted.contains(sent) else {
                return CSRFMessages.foreignOrigin
            }
            return nil
        }
        guard request.isSecure else { return nil }
        guard let referer = request.headers["Referer"], !referer.isEmpty else { return CSRFMessages.noReferer }
        guard let sent = normalized(referer), sent == own || trusted.contains(sent) else { return CSRFMessages.foreignReferer }
        return nil
    }

    /// `scheme://host[:port]` of an origin or URL, lowercased, without the scheme's default
    /// port, or nil when it has no http(s) scheme and host (`null`, a path, garbage).
    static func normalized(_ url: String) -> String? {
        guard let colon = url.firstIndex(of: ":") else { return nil }
        let scheme = url[..<colon].lowercased()
        guard scheme == "http" || scheme == "https", url[colon...].hasPrefix("://") else { return nil }
        let rest = url[url.index(colon, offsetBy: 3)...]
        var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }.lowercased()
        // Credentials have no place in an origin: such a URL is not trusted.
        guard !authority.isEmpty, !authority.contains("@"), !authority.contains("\\") else { return nil }
        let defaultPort = scheme == "https" ? ":443" : ":80"
        if authority.hasSuffix(defaultPort) { authority.removeLast(defaultPort.count) }
        if authority.hasSuffix(".") { authority.removeLast() }
        guard !authority.isEmpty else { return nil }
        return scheme + "://" + authority
    }
}
