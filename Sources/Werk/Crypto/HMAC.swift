// HMAC (RFC 2104) over SHA-256.

/// Keyed-hash message authentication codes (RFC 2104).
///
/// ```swift
/// let mac = HMAC.sha256(key: Array("secret".utf8), message: Array("payload".utf8))
/// ```
public enum HMAC {
    /// HMAC-SHA-256 of `message` under `key` (RFC 2104 s2, with B = 64 and L = 32).
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        HMACSHA256Key(key).authenticate(message)
    }
}

/// An HMAC-SHA-256 key with its two pad blocks already hashed (RFC 2104 s4 "implementation
/// note"): the SHA-256 states after (K xor ipad) and (K xor opad). Computing them once saves
/// two compressions per MAC, which is most of PBKDF2's work.
package struct HMACSHA256Key: Sendable {
    /// SHA-256 after absorbing K xor ipad.
    package let inner: SHA256
    /// SHA-256 after absorbing K xor opad.
    package let outer: SHA256

    /// The pads for `key` (RFC 2104 s2 step 1: a key longer than B is hashed first; a
    /// shorter one is zero-padded to B).
    package init(_ key: [UInt8]) {
        let blockSize = SHA256.blockSize
        var block = key.count > blockSize ? SHA256.hash(key) : key
        block.append(contentsOf: repeatElement(0, count: blockSize - block.count))
        var inner = SHA256()
        inner.update(block.map { $0 ^ 0x36 })   // K XOR ipad
        var outer = SHA256()
        outer.update(block.map { $0 ^ 0x5c })   // K XOR opad
        self.inner = inner
        self.outer = outer
    }

    /// HMAC(K, message) = H((K xor opad) || H((K xor ipad) || message)) (RFC 2104 s2).
    package func authenticate(_ message: [UInt8]) -> [UInt8] {
        var innerHash = inner
        innerHash.update(message)
        var outerHash = outer
        outerHash.update(innerHash.finalize())
        return outerHash.finalize()
    }
}
