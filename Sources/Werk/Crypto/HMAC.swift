// HMAC (RFC 2104) over SHA-256.

/// Keyed-hash message authentication codes (RFC 2104).
///
/// ```swift
/// let mac = HMAC.sha256(key: Array("secret".utf8), message: Array("payload".utf8))
/// ```
public enum HMAC {
    /// HMAC-SHA-256 of `message` under `key` (RFC 2104 s2, with B = 64 and L = 32).
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        let blockSize = SHA256.blockSize
        // Keys longer than B are hashed first; shorter keys are zero-padded to B.
        var block = key.count > blockSize ? SHA256.hash(key) : key
        block.append(contentsOf: repeatElement(0, count: blockSize - block.count))
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })   // K XOR ipad
        inner.update(message)
        let innerDigest = inner.finalize()
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })   // K XOR opad
        outer.update(innerDigest)
        return outer.finalize()
    }
}
