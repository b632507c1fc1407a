#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A request: a value that wraps an `Environ` and parses what it needs lazily, once.
///
/// Parse results live in the environ, so two `Request`s over the same environ (say, one in a
/// middleware and one in the app) share them and the body is read only once.
///
///     let app = Request.application { request in
///         let name = request.args["name"] ?? "web"
///         return Response("Hello, \(name)!")
///     }
public struct Request {
    /// The environ this request wraps.
    public private(set) var environ: Environ
    /// The limits the body and form are read under (`maxContentLength`, form memory, parts,
    /// part header size, spooling threshold and folder).
    public var limits: FormLimits

    /// The largest body `data`, `form` and `json` will read, in bytes; nil means no limit.
    /// A larger body gives 413 (`HTTPError.contentTooLarge`).
    public var maxContentLength: Int? {
        get { limits.maxContentLength }
        set { limits.maxContentLength = newValue }
    }
    /// The largest form body kept in memory, in bytes (413 above it).
    public var maxFormMemorySize: Int? {
        get { limits.maxFormMemorySize }
        set { limits.maxFormMemorySize = newValue }
    }
    /// The most parts a multipart form, or fields an urlencoded one, may have (413 above it).
    public var maxFormParts: Int? {
        get { limits.maxFormParts }
        set { limits.maxFormParts = newValue }
    }

    /// A request over `environ`, with body limits (nil means no limit).
    public init(_ environ: Environ, maxContentLength: Int? = nil, maxFormMemorySize: Int? = 500 * 1024,
                maxFormParts: Int? = 1000) {
        self.environ = environ
        self.limits = FormLimits(maxContentLength: maxContentLength, maxFormMemorySize: maxFormMemorySize,
                                 maxFormParts: maxFormParts)
    }

    /// A request over `environ` read under `limits`.
    public init(_ environ: Environ, limits: FormLimits) {
        self.environ = environ
        self.limits = limits
    }

    /// The value cached under `key` in the environ, made by `make` on first use.
    func cached<T>(_ key: CacheKey<T>, _ make: () throws -> T) rethrows -> T {
        try environ.cache.value(key, make)
    }

    // MARK: Method and URL

    /// The request method exactly as sent: `GET`, `POST`, ... Methods are case-sensitive
    /// (RFC 9110 s9.1), so `get` is another, unknown method, never `GET`.
    public var method: String { environ.method }
    /// The URL scheme: `http` or `https`.
    public var scheme: String { environ.urlScheme }
    /// True when the request came over HTTPS.
    public var isSecure: Bool { environ.urlScheme == "https" }
    /// The request headers.
    public var headers: Headers { environ.headers }

    /// The host the client asked for, with the port when it is not the scheme's default:
    /// the `Host` header, else `SERVER_NAME` and `SERVER_PORT` (RFC 9112 s3.2).
    public var host: String {
        if let header = environ.headers["Host"], !header.isEmpty { return header }
        let port = environ.serverPort
        let standard = (scheme == "http" && port == 80) || (scheme == "https" && port == 443)
        let name = environ.serverName.contains(":") && !environ.serverName.hasPrefix("[")
            ? "[\(environ.serverName)]" : environ.serverName
        return standard ? name : "\(name):\(port)"
    }

    /// The host name without the port (`[::1]` keeps its brackets).
    public var hostName: String { Request.splitHost(host).name }

    /// The port the client asked for: the one in `Host`, else the scheme's default.
    public var port: Int {
        if let port = Request.splitHost(host).port { return port }
        if environ.headers["Host"] == nil { return environ.serverPort }
        return scheme == "https" ? 443 : 80
    }

    /// The path below the script root, starting with `/` (`PATH_INFO`, decoded).
    public var path: String {
        let info = environ.pathInfo
        // One slash in front, checked on bytes (hasPrefix compares Characters).
        var bytes = info.utf8.makeIterator()
        if bytes.next() == UInt8(ascii: "/") && bytes.next() != UInt8(ascii: "/") { return info }
        return "/" + info.drop { $0 == "/" }
    }

    /// The path and the raw query string: `/search?q=werk`.
    public var fullPath: String { environ.queryString.isEmpty ? path : path + "?" + environ.queryString }

    /// The prefix the app is mounted at, without a trailing slash (`SCRIPT_NAME`).
    public var scriptRoot: String {
        var root = environ.scriptName
        while root.hasSuffix("/") { root.removeLast() }
        return root
    }

    /// The raw query string, still percent-encoded.
    public var queryString: String { environ.queryString }

    /// `http://example.com/app/`: scheme and host with the script root.
    public var rootURL: String { hostURL + Request.encodePath(String(scriptRoot.drop { $0 == "/" })) + (scriptRoot.isEmpty ? "" : "/") }

    /// `http://example.com/`: scheme and host only (`http://[::1]:8080/` for an IPv6 host).
    public var hostURL: String { schemeAndHost + "/" }

    /// `http://example.com/app/page`: the URL without the query string.
    public var baseURL: String {
        schemeAndHost + Request.encodePath(scriptRoot) + Request.encodePath(path)
    }

    /// `http://example.com/app/page?x=1`: the full URL, as a valid URI (a `#` the query holds
    /// is written `%23`, so it does not start a fragment).
    public var url: String {
        environ.queryString.isEmpty ? baseURL : baseURL + "?" + iriToURI(environ.queryString).replacing("#", with: "%23")
    }

    /// `scheme://host[:port]`, the host in its URI form (IDNA), brackets of an IPv6 literal kept.
    private var schemeAndHost: String {
        let whole = iriToURI("\(scheme)://\(host)/")
        return whole.hasSuffix("/") ? String(whole.dropLast()) : whole
    }

    /// The query arguments, parsed once (`+` as space, UTF-8; bad escapes kept literally).
    public var args: MultiDict<String, String> {
        if let args = environ.cache.args { return args }
        var query = environ.queryString
        let args = query.withUTF8 { parseFormBytes($0) }
        environ.cache.args = args
        return args
    }

    // MARK: Client

    /// The client's address (`REMOTE_ADDR`).
    public var remoteAddr: String { environ.remoteAddr }

    /// The addresses the request passed through: the `X-Forwarded-For` entries, then
    /// `REMOTE_ADDR`. Trust them only behind a proxy you run.
    public var accessRoute: [String] {
        var route: [String] = []
        for value in environ.headers.values(for: "X-Forwarded-For") {
            route += value.split(separator: ",").map { String($0).trimmingHTTPWhitespace() }.filter { !$0.isEmpty }
        }
        route.append(environ.remoteAddr)
        return route
    }

    /// The `User-Agent` header, `""` when absent.
    public var userAgent: String { environ.headers["User-Agent"] ?? "" }
    /// The `Referer` header.
    public var referrer: String? { environ.headers["Referer"] }
    /// The `Origin` header.
    public var origin: String? { environ.headers["Origin"] }

    // MARK: Helpers

    /// Splits `host[:port]` (and `[v6]:port`) into name and port:
    /// `Request.splitHost("example.com:8443")` is `("example.com", 8443)`.
    public static func splitHost(_ host: String) -> (name: String, port: Int?) {
        if host.hasPrefix("["), let close = host.lastIndex(of: "]") {
            let name = String(host[...close])
            let rest = host[host.index(after: close)...]
            return (name, rest.hasPrefix(":") ? Int(rest.dropFirst()) : nil)
        }
        if let colon = host.lastIndex(of: ":"), host.firstIndex(of: ":") == colon {
            return (String(host[..<colon]), Int(host[host.index(after: colon)...]))
        }
        return (host, nil)
    }

    /// Percent-encodes a decoded path for a URL, keeping the characters a path may hold
    /// (RFC 3986 s3.3): `Request.encodePath("/a b/ü")` is `"/a%20b/%C3%BC"`.
    public static func encodePath(_ path: String) -> String {
        percentEncode(path, safe: "/:@!$&'()*+,;=")
    }
}
