// The one source of secret random bytes: salts, session ids, CSRF tokens.

internal import CWerkCrypto

/// Cryptographically secure random bytes from the kernel (`getrandom(2)` on Linux, which
/// blocks only until the kernel's pool is first seeded, `arc4random_buf` elsewhere).
///
/// ```swift
/// let salt = SecureRandom.bytes(16)
/// let token = SecureRandom.hex(32)   // 64 hex digits
/// ```
public enum SecureRandom {
    /// `count` random bytes. Retries interrupted and partial reads; a kernel that cannot give
    /// random bytes at all (no `getrandom`, Linux before 3.17) stops the process, since no
    /// secret could be made safely.
    public static func bytes(_ count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        var out = [UInt8](repeating: 0, count: count)
        out.withUnsafeMutableBytes { fill($0) }
        return out
    }

    /// `count` random bytes as lowercase hex (`2 * count` digits).
    public static func hex(_ count: Int) -> String { hexString(bytes(count)) }

    /// `length` characters drawn uniformly from `alphabet` (at most 256 distinct characters),
    /// by rejection sampling so no character is more likely than another.
    public static func string(length: Int, alphabet: [Character]) -> String {
        precondition(!alphabet.isEmpty && alphabet.count <= 256, "the alphabet must have 1 to 256 characters")
        // Accept bytes below the largest multiple of the alphabet's size.
        let limit = 256 - 256 % alphabet.count
        var result = ""
        result.reserveCapacity(length)
        var pool: [UInt8] = []
        while result.count < length {
            if pool.isEmpty { pool = bytes(max(32, 2 * (length - result.count))) }
            let byte = Int(pool.removeLast())
            if byte < limit { result.append(alphabet[byte % alphabet.count]) }
        }
        return result
    }

    /// Fills `buffer` from the kernel.
    private static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        let error = werk_getrandom(buffer.baseAddress!, buffer.count)
        if error != 0 { fatalError("getrandom(2) failed (errno \(error)): no secure random source") }
    }
}
