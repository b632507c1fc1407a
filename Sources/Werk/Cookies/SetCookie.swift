// Serialising Set-Cookie header values (RFC 6265 s4.1).

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The `SameSite` cookie attribute (RFC 6265bis s4.1.2.7).
public enum SameSite: String, Sendable, Hashable, CaseIterable {
    /// Sent only with same-site requests.
    case strict = "Strict"
    /// Sent with same-site requests and top-level cross-site navigations.
    case lax = "Lax"
    /// Sent with all requests; requires `Secure`.
    case none = "None"
}

/// An error thrown when a cookie cannot be serialised safely.
///
/// ```swift
/// do { _ = try dumpCookie(name: "a b", value: "1") }
/// catch let error as CookieError { print(error.name) }   // "a b"
/// ```
public struct CookieError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What is wrong.
    public let message: String
    /// The cookie name (or attribute) at fault.
    public let name: String

    /// Creates an error with a message and the offending name.
    public init(message: String, name: String) {
        self.message = message
        self.name = name
    }

    /// The message followed by the offending name.
    public var description: String { "\(message): \(String(reflecting: name))" }
}

/// Serialises one `Set-Cookie` header value (RFC 6265 s4.1.1).
///
/// - The name must be a non-empty token (RFC 9110 s5.6.2), else ``CookieError``.
/// - A value made only of cookie-octets is written as is; otherwise it is wrapped in
///   double quotes with every other byte (space, `"`, `,`, `;`, `\`, non-ASCII UTF-8)
///   written as a three-digit octal escape, which ``parseCookieHeader(_:)`` undoes.
///   Control characters (below 0x20 and 0x7F) throw, so no header can be injected.
/// - `path` and `domain` must not contain `;` or control characters; a leading dot of
///   the domain is dropped and a non-ASCII domain is converted to IDNA (`xn--`).
/// - `Partitioned` and `SameSite=None` imply `Secure`, which is then added.
///
/// ```swift
/// try dumpCookie(name: "sid", value: "abc", maxAge: 3600, httpOnly: true, sameSite: .lax)
/// // "sid=abc; Max-Age=3600; HttpOnly; Path=/; SameSite=Lax"
/// ```
public func dumpCookie(
    name: String,
    value: String,
    maxAge: Int? = nil,
    expires: Date? = nil,
    path: String? = "/",
    domain: String? = nil,
    secure: Bool = false,
    httpOnly: Bool = false,
    sameSite: SameSite? = nil,
    partitioned: Bool = false
) throws -> String {
    // cookie-name = token (RFC 6265 s4.1.1).
    guard HTTPSyntax.isToken(name.utf8) else {
        throw CookieError(message: "Cookie name is not a valid token", name: name)
    }
    var out = name
    out += "="
    out += try SetCookieSyntax.cookieValue(value, name: name)

    if let domain {
        out += "; Domain="
        out += try SetCookieSyntax.domainValue(domain, name: name)
    }
    if let expires {
        out += "; Expires="
        out += HTTPDate.format(expires)
    }
    if let maxAge {
        out += "; Max-Age="
        out += String(maxAge)
    }
    // RFC 6265bis: SameSite=None and Partitioned cookies must be Secure.
    if secure || partitioned || sameSite == SameSite.none {
        out += "; Secure"
    }
    if httpOnly {
        out += "; HttpOnly"
    }
    if let path {
        out += "; Path="
        out += try SetCookieSyntax.pathValue(path, name: name)
    }
    if let sameSite {
        out += "; SameSite="
        out += sameSite.rawValue
    }
    if partitioned {
        out += "; Partitioned"
    }
    return out
}

/// Private syntax helpers for ``dumpCookie(name:value:maxAge:expires:path:domain:secure:httpOnly:sameSite:partitioned:)``.
private enum SetCookieSyntax {
    /// cookie-octet = %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E (RFC 6265 s4.1.1).
    static func isCookieOctet(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x21, 0x23...0x2B, 0x2D...0x3A, 0x3C...0x5B, 0x5D...0x7E: return true
        default: return false
        }
    }

    /// The cookie-value: as is, or quoted with octal escapes for non-cookie-octets.
    static func cookieValue(_ value: String, name: String) throws -> String {
        let utf8 = value.utf8
        if utf8.contains(where: HTTPSyntax.isControl) {
            throw CookieError(message: "Cookie value contains a control character", name: name)
        }
        if utf8.allSatisfy(isCookieOctet) { return value }
        var out: [UInt8] = [UInt8(ascii: "\"")]
        out.reserveCapacity(utf8.count * 2 + 2)
        for byte in utf8 {
            if isCookieOctet(byte) {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "\\"))
                out.append(UInt8(ascii: "0") + (byte >> 6))
                out.append(UInt8(ascii: "0") + ((byte >> 3) & 7))
                out.append(UInt8(ascii: "0") + (byte & 7))
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }

    /// The Path attribute value: no CTLs or ";" (RFC 6265 s4.1.1 path-value); spaces
    /// and non-ASCII bytes are percent-encoded.
    static func pathValue(_ path: String, name: String) throws -> String {
        if path.utf8.contains(where: { HTTPSyntax.isControl($0) || $0 == UInt8(ascii: ";") }) {
            throw CookieError(message: "Cookie path contains ';' or a control character", name: name)
        }
        return percentEncode(path, safe: "!\"#$%&'()*+,/:<=>?@[\\]^`{|}")
    }

    /// The Domain attribute value (RFC 6265 s4.1.2.3): leading "." dropped, IDNA for
    /// non-ASCII, and no CTLs, spaces, ";" or "," accepted.
    static func domainValue(_ domain: String, name: String) throws -> String {
        var host = Substring(domain)
        // Drop the dot's byte only: dropFirst() would drop a whole Character, a combining
        // mark after the dot included.
        if host.utf8.first == UInt8(ascii: ".") { host = Substring(host.utf8.dropFirst()) }
        if host.isEmpty || host.utf8.contains(where: {
            HTTPSyntax.isControl($0) || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: ",")
        }) {
            throw CookieError(message: "Cookie domain is empty or contains ';', ',', a space or a control character",
                              name: name)
        }
        guard let ascii = werkIDNAEncodeHost(String(host)) else {
            throw CookieError(message: "Cookie domain cannot be converted to IDNA", name: name)
        }
        return ascii
    }
}
