// The key derivation and its parameters, as written at the front of a Werkzeug password hash.

/// How `generatePasswordHash` derives the hash, with the parameters it records in the hash
/// string (Werkzeug 3.1's method part): `scrypt:32768:8:1` or `pbkdf2:sha256:1000000`.
///
/// ```swift
/// try generatePasswordHash("hunter2")                                     // scrypt:32768:8:1$...
/// try generatePasswordHash("hunter2", method: .pbkdf2())                  // pbkdf2:sha256:1000000$...
/// try generatePasswordHash("hunter2", method: .scrypt(n: 65536, r: 8, p: 1))
/// ```
public enum PasswordHashMethod: Sendable, Hashable, CustomStringConvertible {
    /// scrypt (RFC 7914) with cost `n` (a power of 2), block size `r` and parallelism `p`;
    /// the derived key is 64 bytes (128 hex digits), as Python's `hashlib.scrypt` makes it.
    case scrypt(n: Int = 32768, r: Int = 8, p: Int = 1)
    /// PBKDF2-HMAC-SHA-256 (RFC 8018) with `iterations` rounds; the derived key is 32 bytes
    /// (64 hex digits), the SHA-256 digest size.
    case pbkdf2(iterations: Int = 1_000_000)

    /// The method part of the hash string: `scrypt:N:r:p` or `pbkdf2:sha256:ITERATIONS`.
    public var description: String {
        switch self {
        case let .scrypt(n, r, p): return "scrypt:\(n):\(r):\(p)"
        case let .pbkdf2(iterations): return "pbkdf2:sha256:\(iterations)"
        }
    }

    /// The method of a hash string's first part, with Werkzeug's short forms filled in from
    /// its defaults (`scrypt` = `scrypt:32768:8:1`, `pbkdf2` and `pbkdf2:sha256` = 1,000,000
    /// iterations); nil for anything else, including PBKDF2 over other hash functions.
    public init?(parsing text: Substring) {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        switch fields.first {
        case "scrypt":
            if fields.count == 1 { self = .scrypt(); return }
            guard fields.count == 4, let n = Self.number(fields[1]), let r = Self.number(fields[2]),
                  let p = Self.number(fields[3]) else { return nil }
            self = .scrypt(n: n, r: r, p: p)
        case "pbkdf2":
            guard fields.count <= 3, fields.count == 1 || fields[1] == "sha256" else { return nil }
            if fields.count < 3 { self = .pbkdf2(); return }
            guard let iterations = Self.number(fields[2]) else { return nil }
            self = .pbkdf2(iterations: iterations)
        default:
            return nil
        }
    }

    /// A decimal number of ASCII digits only (no sign, no spaces), below 10^18.
    private static func number(_ text: Substring) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 18, text.utf8.allSatisfy(HTTPSyntax.isDigit) else { return nil }
        return Int(text)
    }

    /// Checks the parameters against the standard's rules and `limits`; throws
    /// `KeyDerivationError` saying which rule a parameter breaks.
    public func validate(limits: PasswordHashLimits = .standard) throws {
        switch self {
        case let .scrypt(n, r, p):
            try Scrypt.validate(n: n, r: r, p: p, keyLength: 64, maxMemory: limits.maxScryptMemory)
            let (nr, overflow1) = n.multipliedReportingOverflow(by: r)
            let (work, overflow2) = nr.multipliedReportingOverflow(by: p)
            guard !overflow1, !overflow2, work <= limits.maxScryptWork else {
                throw KeyDerivationError("scrypt: N * r * p = \(n) * \(r) * \(p) is over the work limit of \(limits.maxScryptWork)")
            }
        case let .pbkdf2(iterations):
            guard iterations >= 1, iterations <= limits.maxPBKDF2Iterations else {
                throw KeyDerivationError("pbkdf2: the iteration count must be between 1 and \(limits.maxPBKDF2Iterations), not \(iterations)")
            }
        }
    }

    /// The derived key for `password` and `salt` (64 bytes for scrypt, 32 for PBKDF2).
    func deriveKey(password: [UInt8], salt: [UInt8], limits: PasswordHashLimits) throws -> [UInt8] {
        try validate(limits: limits)
        switch self {
        case let .scrypt(n, r, p):
            return try Scrypt.deriveKey(password: password, salt: salt, n: n, r: r, p: p, keyLength: 64,
                                        maxMemory: limits.maxScryptMemory)
        case let .pbkdf2(iterations):
            return try PBKDF2.sha256(password: password, salt: salt, iterations: iterations, keyLength: 32)
        }
    }
}

/// Upper bounds on the cost a password hash may ask for, so a stored hash with absurd
/// parameters cannot make one check take minutes or gigabytes (the role of OpenSSL's
/// `maxmem`). The defaults allow eight times Werkzeug's default scrypt memory (so N up to
/// 2^17 at r = 8; 2^18 needs a larger `maxScryptMemory`), 64 times its work, and 16 times its
/// PBKDF2 iterations. `generatePasswordHash` makes only hashes the default limits accept.
public struct PasswordHashLimits: Sendable, Hashable {
    /// The most scrypt working memory, in bytes (128 * r * (N + p)); default 256 MiB.
    public var maxScryptMemory: Int
    /// The largest scrypt N * r * p; default 2^24 (Werkzeug's default is 2^18).
    public var maxScryptWork: Int
    /// The most PBKDF2 iterations; default 2^24 (about 16.8 million).
    public var maxPBKDF2Iterations: Int

    /// Limits with the given bounds (the defaults when not given).
    public init(maxScryptMemory: Int = Scrypt.defaultMaxMemory, maxScryptWork: Int = 1 << 24,
                maxPBKDF2Iterations: Int = 1 << 24) {
        self.maxScryptMemory = maxScryptMemory
        self.maxScryptWork = maxScryptWork
        self.maxPBKDF2Iterations = maxPBKDF2Iterations
    }

    /// The default limits.
    public static let standard = PasswordHashLimits()
}
