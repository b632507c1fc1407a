import Werk

/// The environ values `proxyFix` replaced, kept for the app: what the server itself saw.
public struct ProxyOriginal: Sendable, Equatable {
    /// `REMOTE_ADDR` before the fix.
    public var remoteAddr: String
    /// `wsgi.url_scheme` before the fix.
    public var urlScheme: String
    /// The `Host` header before the fix.
    public var host: String?
    /// `SERVER_NAME` before the fix.
    public var serverName: String
    /// `SERVER_PORT` before the fix.
    public var serverPort: Int
    /// `SCRIPT_NAME` before the fix.
    public var scriptName: String
}

/// The environ key under which `proxyFix` keeps the original values.
public enum ProxyOriginalKey: EnvironKey {
    /// The values before the fix.
    public typealias Value = ProxyOriginal
}

/// Middleware for an app behind reverse proxies (Werkzeug's `ProxyFix`): takes the client
/// address, scheme, host, port and path prefix from the `X-Forwarded-For`, `-Proto`, `-Host`,
/// `-Port` and `-Prefix` headers, and from RFC 7239's `Forwarded` (`for`, `proto`, `host`).
/// A trusted prefix becomes `SCRIPT_NAME`, as in Werkzeug (leading slashes made one).
/// Each count says how many proxies in front set that header: the value that many from the
/// end is used (the ones before it could be forged by the client), and a header with fewer
/// values is ignored. Set only counts for proxies you run; a header no proxy of yours sets
/// must stay at 0. When both are trusted, `Forwarded`'s values win over `X-Forwarded-*`'s.
///
/// Values are split on every comma, quoted or not, so a client's stray quote
/// (`X-Forwarded-For: 9.9.9.9, "x`) cannot swallow the values trusted proxies appended. A
/// client address that is not an IP address (IPv4, or IPv6 bare or in brackets) is ignored,
/// as are a scheme other than `http`/`https`, a host with characters no host has, and a port
/// outside 1-65535; the original values stay under `ProxyOriginalKey`.
///
///     let app = stack(proxyFix(xFor: 1, xProto: 1, xHost: 1), app: router)
///     let app = stack(proxyFix(xFor: 0, xProto: 0, forwarded: 1), app: router)   // nginx with Forwarded
public func proxyFix(xFor: Int = 1, xProto: Int = 1, xHost: Int = 0, xPort: Int = 0, xPrefix: Int = 0,
                     forwarded: Int = 0) -> Middleware {
    { app in
        AppFunction { environ, startResponse in
            environ[ProxyOriginalKey.self] = ProxyOriginal(
                remoteAddr: environ.remoteAddr, urlScheme: environ.urlScheme, host: environ.headers["Host"],
                serverName: environ.serverName, serverPort: environ.serverPort, scriptName: environ.scriptName)
            let element = trustedForwarded(environ.headers, forwarded)
            if let address = element?.forAddress ?? trusted(environ.headers, "X-Forwarded-For", xFor).flatMap(clientAddress) {
                environ.remoteAddr = address
            }
            if let value = (element?.proto ?? trusted(environ.headers, "X-Forwarded-Proto", xProto))?.lowercased(),
               value == "http" || value == "https" {
                environ.urlScheme = value
            }
            if let value = element?.host ?? trusted(environ.headers, "X-Forwarded-Host", xHost), isHost(value) {
                environ["HTTP_HOST"] = value
                let (name, port) = Request.splitHost(value)
                environ.serverName = name
                if let port { environ.serverPort = port }
                else { environ.serverPort = environ.urlScheme == "https" ? 443 : 80 }
            }
            if let value = trusted(environ.headers, "X-Forwarded-Port", xPort), let port = Int(value), (1...65535).contains(port) {
                environ.serverPort = port
                let name = environ.headers["Host"].map { Request.splitHost($0).name } ?? environ.serverName
                environ["HTTP_HOST"] = name + ":" + String(port)
            }
            if let value = trusted(environ.headers, "X-Forwarded-Prefix", xPrefix), value.hasPrefix("/") {
                // One leading slash: a prefix `//evil.example` would make every redirect the app
                // builds from the script root (`//evil.example/docs/`) point at another site.
                var prefix = "/" + value.drop { $0 == "/" }
                while prefix.hasSuffix("/") { prefix.removeLast() }
                environ.scriptName = prefix
            }
            return try app(&environ, startResponse)
        }
    }
}

/// The value `count` entries from the end of the header's comma-separated values (every field
/// of that name, split on plain commas), or nil when the header is absent, `count` is 0, it
/// has fewer entries, or the entry is empty.
private func trusted(_ headers: Headers, _ name: String, _ count: Int) -> String? {
    guard count > 0 else { return nil }
    let values = headers.values(for: name).flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
    guard values.count >= count else { return nil }
    let entry = values[values.count - count]
    let value = entry.trimmingHTTPWhitespace()
    return value.isEmpty ? nil : value
}

/// The `Forwarded` element `count` from the end, or nil.
private func trustedForwarded(_ headers: Headers, _ count: Int) -> ForwardedElement? {
    guard count > 0 else { return nil }
    let elements = headers.values(for: "Forwarded").flatMap(parseForwarded)
    guard elements.count >= count else { return nil }
    return elements[elements.count - count]
}

/// An `X-Forwarded-For` entry as an address: an IPv4 or IPv6 address (brackets removed), or nil.
private func clientAddress(_ entry: String) -> String? {
    var address = entry
    if address.hasPrefix("[") && address.hasSuffix("]") { address = String(address.dropFirst().dropLast()) }
    return isIPAddress(address) ? address : nil
}

/// A forwarded `host[:port]`: what the server takes in a Host header (`HTTPSyntax.isHost`),
/// with a name before any port and a port of 1-65535. `[::1]evil.example`,
/// `good.example:evil`, `[zz]`, `:80` and `x:123456` are none.
func isHost(_ value: String) -> Bool {
    let bytes = Array(value.utf8)
    guard HTTPSyntax.isHost(bytes) else { return false }
    let nameEnd = bytes.first == UInt8(ascii: "[")
        ? bytes.firstIndex(of: UInt8(ascii: "]")).map { $0 + 1 } ?? 0
        : bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.count
    guard nameEnd > 0 else { return false }
    guard nameEnd < bytes.count else { return true }
    let port = bytes[(nameEnd + 1)...]
    return (1...5).contains(port.count) && (1...65535).contains(Int(String(decoding: port, as: UTF8.self)) ?? 0)
}
