#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Response {
    /// Adds a `Set-Cookie` header (RFC 6265 s4.1). Throws `CookieError` for a name that is
    /// not a token or a value or attribute that would break the header (CR, LF, NUL, ...).
    ///
    ///     try response.setCookie("theme", "dark", maxAge: 3600, httpOnly: true, sameSite: .lax)
    public mutating func setCookie(
        _ name: String, _ value: String = "", maxAge: Int? = nil, expires: Date? = nil, path: String? = "/",
        domain: String? = nil, secure: Bool = false, httpOnly: Bool = false, sameSite: SameSite? = nil,
        partitioned: Bool = false
    ) throws {
        let header = try dumpCookie(name: name, value: value, maxAge: maxAge, expires: expires, path: path,
                                    domain: domain, secure: secure, httpOnly: httpOnly, sameSite: sameSite,
                                    partitioned: partitioned)
        headers.addUnchecked("Set-Cookie", header)
    }

    /// Tells the client to delete a cookie: an empty value that expired in 1970 with
    /// `Max-Age=0`. Path and domain must match the ones the cookie was set with.
    public mutating func deleteCookie(
        _ name: String, path: String? = "/", domain: String? = nil, secure: Bool = false, httpOnly: Bool = false,
        sameSite: SameSite? = nil, partitioned: Bool = false
    ) throws {
        try setCookie(name, "", maxAge: 0, expires: Date(timeIntervalSince1970: 0), path: path, domain: domain,
                      secure: secure, httpOnly: httpOnly, sameSite: sameSite, partitioned: partitioned)
    }
}
