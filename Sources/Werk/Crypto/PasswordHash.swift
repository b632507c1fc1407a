// Werkzeug-compatible password hashes: `method$salt$hex` (werkzeug.security, 3.1).

/// The characters of a generated salt (Werkzeug's alphabet: ASCII letters and digits).
private let saltAlphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

/// Hashes `password` for storage, in Werkzeug 3.1's self-describing format
/// `METHOD$SALT$HEX`: the method with its parameters, a salt of `saltLength` random letters
/// and digits (from `SecureRandom`), and the derived key in lowercase hex. The password and
/// salt are hashed as UTF-8, as Werkzeug does, so either side can check the other's hashes.
///
/// Throws `KeyDerivationError` when `saltLength` is below 1 or the method's parameters are
/// invalid (an `n` that is not a power of 2, ...) or over `PasswordHashLimits.standard`.
///
/// ```swift
/// let stored = try generatePasswordHash("correct horse")
/// // "scrypt:32768:8:1$kY3pQ8vTm0aZx1Lw$9f2c...(128 hex digits)"
/// checkPasswordHash(stored, password: "correct horse")   // true
/// ```
public func generatePasswordHash(_ password: String, method: PasswordHashMethod = .scrypt(), saltLength: Int = 16) throws -> String {
    guard saltLength >= 1 else { throw KeyDerivationError("the salt length must be at least 1, not \(saltLength)") }
    let salt = SecureRandom.string(length: saltLength, alphabet: saltAlphabet)
    let key = try method.deriveKey(password: Array(password.utf8), salt: Array(salt.utf8), limits: .standard)
    return "\(method)$\(salt)$\(hexString(key))"
}

/// True when `password` matches `hash`, a string from `generatePasswordHash` or from
/// Werkzeug's `generate_password_hash` (scrypt or PBKDF2-HMAC-SHA-256). The hex digests are
/// compared in constant time. Anything malformed (missing parts, an unknown method, bad
/// parameters, parameters over `limits`) is simply false, never an error or a crash.
///
/// ```swift
/// guard checkPasswordHash(user.passwordHash, password: form["password"] ?? "") else {
///     throw HTTPError.unauthorized()
/// }
/// ```
public func checkPasswordHash(_ hash: String, password: String, limits: PasswordHashLimits = .standard) -> Bool {
    // METHOD$SALT$HEX, split at the first two `$` as Werkzeug does (the salt has none).
    let parts = hash.split(separator: "$", maxSplits: 2, omittingEmptySubsequences: false)
    guard parts.count == 3, let method = PasswordHashMethod(parsing: parts[0]) else { return false }
    guard let key = try? method.deriveKey(password: Array(password.utf8), salt: Array(parts[1].utf8), limits: limits) else {
        return false
    }
    // Werkzeug compares the hex text, so only the lowercase digits it writes can match.
    return constantTimeEquals(Array(hexString(key).utf8), Array(parts[2].utf8))
}
