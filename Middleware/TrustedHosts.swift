import Werk

/// Middleware that answers 400 before the app runs when the request's host is not in
/// `trustedHosts` (`hostIsTrusted`: exact names, or `.example.com` for the name and its
/// subdomains; ports ignored). The host is the `Host` header, or the server's name when there is
/// none (HTTP/1.0). It stops a forged `Host` from reaching URL building (password-reset links,
/// redirects, cache keys). Put it after `proxyFix`, which may take the host from a proxy.
///
///     let app = stack(proxyFix(xHost: 1), trustedHosts(["example.com", ".example.com"]), app: router)
public func trustedHosts(_ trustedHosts: [String]) -> Middleware {
    { app in
        AppFunction { environ, startResponse in
            let host = Request(environ).host
            guard hostIsTrusted(host, trustedList: trustedHosts) else {
                let error = HTTPError.badRequest("The host \(String(reflecting: host)) is not trusted by this server.")
                return try error(&environ, startResponse)
            }
            return try app(&environ, startResponse)
        }
    }
}
