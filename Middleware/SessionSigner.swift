#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Werk

/// Signs session values into a cookie value and checks them back:
/// `base64url(JSON) "." issued-at "." base64url(HMAC-SHA256)`. Anything altered, truncated,
/// expired or malformed is refused (nil), never an error.
public struct SessionSigner: Sendable {
    /// The HMAC key, derived from the secret for this one purpose.
    private let key: [UInt8]
    /// How old a cookie may be, in seconds; nil for no limit.
    public let maxAge: Int?

    /// A signer for `secret` (derived with HMAC-SHA256, so the secret itself signs nothing).
    public init(secret: String, maxAge: Int? = nil) {
        key = HMAC.sha256(key: Array(secret.utf8), message: Array("werk.session.signing".utf8))
        self.maxAge = maxAge
    }

    /// The signed cookie value for `values`, issued at `now` (seconds since 1970).
    public func sign(_ values: [String: String], now: Int = Int(Date().timeIntervalSince1970)) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = (try? encoder.encode(values)).map(Array.init) ?? Array("{}".utf8)
        let unsigned = SessionSigner.base64URL(json) + "." + String(now)
        return unsigned + "." + SessionSigner.base64URL(HMAC.sha256(key: key, message: Array(unsigned.utf8)))
    }

    /// The values of a cookie this signer made, or nil when it was altered, expired or is not one.
    public func verify(_ cookie: String, now: Int = Int(Date().timeIntervalSince1970)) -> [String: String]? {
        let parts = cookie.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let issued = Int(parts[1]), let signature = SessionSigner.decodeBase64URL(parts[2]) else {
            return nil
        }
        let unsigned = Array(cookie.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        // Compare in constant time, before looking at the payload at all.
        guard constantTimeEquals(HMAC.sha256(key: key, message: unsigned), signature) else { return nil }
        if let maxAge, now - issued > maxAge || issued > now + 60 { return nil }
        guard let json = SessionSigner.decodeBase64URL(parts[0]) else { return nil }
        return try? JSONDecoder().decode([String: String].self, from: Data(json))
    }

    /// Base64 with the URL-safe alphabet and no padding (RFC 4648 s5): only cookie-safe bytes.
    static func base64URL(_ bytes: [UInt8]) -> String {
        String(Base64.encode(bytes).compactMap { c -> Character? in
            switch c {
            case "+": return "-"
            case "/": return "_"
            case "=": return nil
            default: return c
            }
        })
    }

    /// The bytes of URL-safe Base64 without padding, or nil.
    static func decodeBase64URL(_ text: Substring) -> [UInt8]? {
        guard !text.contains("+"), !text.contains("/"), !text.contains("=") else { return nil }
        var standard = String(text.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        switch standard.utf8.count % 4 {
        case 2: standard += "=="
        case 3: standard += "="
        case 1: return nil
        default: break
        }
        return Base64.decode(standard)
    }
}
