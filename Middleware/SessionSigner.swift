#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Werk

/// Signs a session payload into a cookie value and checks it back:
/// `base64url(payload) "." issued-at "." base64url(HMAC-SHA256)`. Anything altered,
/// truncated, expired or malformed is refused (nil), never an error.
///
/// Each secret gives its own key, derived with HMAC-SHA-256 from the secret, a salt and the
/// cookie name, so one secret never signs two kinds of data alike. The first secret signs;
/// every secret is accepted, so an old one can be kept while cookies signed with it expire.
///
///     let signer = try SessionSigner(secrets: [newSecret, oldSecret], cookieName: "session")
///     let cookie = signer.sign(Array("{}".utf8))
///     signer.unsign(cookie)   // the payload bytes
public struct SessionSigner: Sendable {
    /// The HMAC keys, one per secret; the first signs.
    private let keys: [HMACSHA256Key]
    /// How old a cookie may be, in seconds, checked on every load.
    public let maxAge: Int

    /// A signer for `secrets` (at least one, each at least `SessionError.minimumSecretLength`
    /// bytes), keyed for `salt` and `cookieName`; throws `SessionError` otherwise.
    public init(secrets: [String], salt: String = "werk.session", cookieName: String = "session",
                maxAge: Int = Session.defaultMaxAge) throws {
        guard !secrets.isEmpty else { throw SessionError("at least one session secret is needed") }
        if let short = secrets.first(where: { $0.utf8.count < SessionError.minimumSecretLength }) {
            throw SessionError.secretTooShort(short)
        }
        guard maxAge >= 1 else { throw SessionError("the session max age must be at least 1 second, not \(maxAge)") }
        let context = Array("werk.session-key\u{0}\(salt)\u{0}\(cookieName)".utf8)
        keys = secrets.map { HMACSHA256Key(HMAC.sha256(key: Array($0.utf8), message: context)) }
        self.maxAge = maxAge
    }

    /// The signed cookie value for `payload`, issued at `now` (seconds since 1970).
    public func sign(_ payload: [UInt8], now: Int = SessionSigner.now()) -> String {
        let unsigned = SessionSigner.base64URL(payload) + "." + String(now)
        return unsigned + "." + SessionSigner.base64URL(keys[0].authenticate(Array(unsigned.utf8)))
    }

    /// The payload of a cookie signed with any of the secrets, or nil when it was altered,
    /// is older than `maxAge`, was issued in the future (beyond a minute of clock skew), or
    /// is not a signed value at all. Only the exact text `sign` wrote is accepted: the
    /// signature is compared as text, so a variant spelling of the same bytes (Base64's
    /// unused low bits set) is refused too.
    public func unsign(_ cookie: String, now: Int = SessionSigner.now()) -> [UInt8]? {
        let parts = cookie.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let issued = Int(parts[1]), parts[1].utf8.allSatisfy(HTTPSyntax.isDigit) else {
            return nil
        }
        let signature = Array(parts[2].utf8)
        let unsigned = Array(cookie.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        // Check every key, each comparison in constant time, before looking at the payload.
        var valid = false
        for key in keys where constantTimeEquals(Array(SessionSigner.base64URL(key.authenticate(unsigned)).utf8), signature) {
            valid = true
        }
        guard valid else { return nil }
        guard now - issued <= maxAge, issued <= now + 60 else { return nil }
        return SessionSigner.decodeBase64URL(parts[0])
    }

    /// The current time in whole seconds since 1970.
    public static func now() -> Int { Int(Date().timeIntervalSince1970) }

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
