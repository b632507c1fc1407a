import Werk
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The cookies a test client keeps between requests, set by `Set-Cookie` and sent back in
/// `Cookie` when their domain, path and `Secure` flag match (RFC 6265 s5.3, s5.4).
public struct CookieJar: Sendable {
    /// One stored cookie.
    public struct Cookie: Sendable, Equatable {
        /// The name.
        public var name: String
        /// The value, as the server sent it (quotes and escapes kept, as a browser does).
        public var value: String
        /// The domain it was set for (the request host when none was given).
        public var domain: String
        /// The path it applies below.
        public var path: String
        /// When it expires; nil for a session cookie.
        public var expires: Date?
        /// Sent only over HTTPS.
        public var secure: Bool
        /// Hidden from scripts (kept for assertions).
        public var httpOnly: Bool
        /// The `SameSite` attribute as sent.
        public var sameSite: String?
    }

    /// The stored cookies.
    public private(set) var cookies: [Cookie] = []

    /// An empty jar.
    public init() {}

    /// The value of the cookie `name`, if stored.
    public subscript(name: String) -> String? { cookies.first { $0.name == name }?.value }

    /// Stores the cookies of every `Set-Cookie` header in `headers`, for a request to `host` and `path`.
    public mutating func store(from headers: Headers, host: String, path: String, now: Date = Date()) {
        for header in headers.values(for: "Set-Cookie") {
            guard let cookie = CookieJar.parseSetCookie(header, host: host, path: path, now: now) else { continue }
            cookies.removeAll { $0.name == cookie.name && $0.domain == cookie.domain && $0.path == cookie.path }
            if let expires = cookie.expires, expires <= now { continue }  // a deletion (RFC 6265 s5.3 step 11)
            cookies.append(cookie)
        }
    }

    /// The `Cookie` header value for a request, or nil when no cookie matches.
    public func header(host: String, path: String, secure: Bool, now: Date = Date()) -> String? {
        let host = Request.splitHost(host).name.lowercased()
        let matching = cookies.filter { cookie in
            (cookie.expires.map { $0 > now } ?? true) && (!cookie.secure || secure)
                && CookieJar.domainMatches(host, cookie.domain) && CookieJar.pathMatches(path, cookie.path)
        }
        // RFC 6265 s5.4: longer paths first.
        let sorted = matching.sorted { $0.path.count > $1.path.count }
        return sorted.isEmpty ? nil : sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "; ")
    }

    /// Removes every cookie.
    public mutating func removeAll() { cookies.removeAll() }

    /// Parses one `Set-Cookie` value (RFC 6265 s5.2); nil when it has no name.
    static func parseSetCookie(_ header: String, host: String, path requestPath: String, now: Date) -> Cookie? {
        var parts = header.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingHTTPWhitespace() }
        guard !parts.isEmpty, let equals = parts[0].firstIndex(of: "=") else { return nil }
        let name = parts[0][..<equals].trimmingHTTPWhitespace()
        guard !name.isEmpty else { return nil }
        let value = parts[0][parts[0].index(after: equals)...].trimmingHTTPWhitespace()
        parts.removeFirst()
        var cookie = Cookie(name: name, value: value, domain: Request.splitHost(host).name.lowercased(),
                            path: CookieJar.defaultPath(requestPath), expires: nil, secure: false, httpOnly: false,
                            sameSite: nil)
        var maxAgeSeen = false
        for part in parts {
            let pieces = part.split(separator: "=", maxSplits: 1).map { $0.trimmingHTTPWhitespace() }
            let key = pieces.first?.lowercased() ?? ""
            let argument = pieces.count > 1 ? pieces[1] : ""
            switch key {
            case "max-age":
                if let seconds = Int(argument) {
                    maxAgeSeen = true
                    cookie.expires = now.addingTimeInterval(Double(seconds))
                }
            case "expires":
                if !maxAgeSeen, let date = HTTPDate.parse(argument) { cookie.expires = date }
            case "domain":
                let domain = argument.hasPrefix(".") ? String(argument.dropFirst()) : argument
                if !domain.isEmpty { cookie.domain = domain.lowercased() }
            case "path":
                if argument.hasPrefix("/") { cookie.path = argument }
            case "secure": cookie.secure = true
            case "httponly": cookie.httpOnly = true
            case "samesite": cookie.sameSite = argument
            default: break
            }
        }
        return cookie
    }

    /// RFC 6265 s5.1.4: the directory of the request path.
    static func defaultPath(_ path: String) -> String {
        guard path.hasPrefix("/"), let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return "/" }
        return String(path[..<slash])
    }

    /// RFC 6265 s5.1.3.
    static func domainMatches(_ host: String, _ domain: String) -> Bool {
        host == domain || (host.hasSuffix("." + domain) && !domain.isEmpty)
    }

    /// RFC 6265 s5.1.4.
    static func pathMatches(_ path: String, _ cookiePath: String) -> Bool {
        if path == cookiePath { return true }
        guard path.hasPrefix(cookiePath) else { return false }
        return cookiePath.hasSuffix("/") || path.dropFirst(cookiePath.count).hasPrefix("/")
    }
}
