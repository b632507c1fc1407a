// PBKDF2 with HMAC-SHA-256 as the pseudorandom function (RFC 8018 s5.2).

internal import CWerkCrypto

/// PBKDF2 (RFC 8018 s5.2), the password-based key derivation function 2, over HMAC-SHA-256.
///
/// ```swift
/// let key = try PBKDF2.sha256(password: Array("password".utf8), salt: Array("salt".utf8),
///                             iterations: 4096, keyLength: 32)
/// ```
public enum PBKDF2 {
    /// The SHA-256 output length hLen in bytes.
    static let hashLength = 32

    /// DK = PBKDF2(P, S, c, dkLen) with PRF = HMAC-SHA-256 (RFC 8018 s5.2). Throws
    /// `KeyDerivationError` when `iterations` is below 1 or `keyLength` is below 1 or too long.
    public static func sha256(password: [UInt8], salt: [UInt8], iterations: Int, keyLength: Int) throws -> [UInt8] {
        guard iterations >= 1 else { throw KeyDerivationError("pbkdf2: the iteration count must be at least 1, not \(iterations)") }
        // Step 1: dkLen must not pass (2^32 - 1) * hLen.
        guard keyLength >= 1, UInt64(keyLength) <= UInt64(UInt32.max) * UInt64(hashLength) else {
            throw KeyDerivationError("pbkdf2: the key length must be between 1 and (2^32 - 1) * 32 bytes, not \(keyLength)")
        }
        let key = HMACSHA256Key(password)
        // Step 2: l blocks, the last one r bytes long.
        let blockCount = (keyLength + hashLength - 1) / hashLength
        var derived: [UInt8] = []
        derived.reserveCapacity(blockCount * hashLength)
        // Steps 3-4: T_i = F(P, S, c, i), concatenated.
        for index in 1...blockCount {
            derived += block(key: key, salt: salt, iterations: iterations, index: UInt32(index))
        }
        // Step 5: the first dkLen bytes.
        return Array(derived.prefix(keyLength))
    }

    /// F(P, S, c, i) = U_1 xor U_2 xor ... xor U_c (RFC 8018 s5.2 step 3), where
    /// U_1 = PRF(P, S || INT(i)) and U_j = PRF(P, U_{j-1}). The loop over U_2...U_c runs in C
    /// from the precomputed pad states, two SHA-256 compressions per iteration.
    static func block(key: HMACSHA256Key, salt: [UInt8], iterations: Int, index: UInt32) -> [UInt8] {
        // INT(i): the four-octet big-endian encoding of i.
        let int = [UInt8(index >> 24), UInt8(truncatingIfNeeded: index >> 16), UInt8(truncatingIfNeeded: index >> 8),
                   UInt8(truncatingIfNeeded: index)]
        var t = key.authenticate(salt + int)
        let inner = key.inner.words, outer = key.outer.words
        t.withUnsafeMutableBufferPointer { block in
            werk_pbkdf2_sha256_iterate(inner, outer, block.baseAddress!, UInt64(iterations))
        }
        return t
    }
}
