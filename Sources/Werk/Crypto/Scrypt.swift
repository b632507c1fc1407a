// scrypt (RFC 7914), the memory-hard key derivation function.

internal import CWerkCrypto

/// scrypt (RFC 7914 s6). The three inner steps (Salsa20/8, BlockMix, ROMix) run in C
/// (CWerkCrypto); this type checks the parameters, owns the working memory and composes them.
///
/// ```swift
/// let key = try Scrypt.deriveKey(password: Array("pleaseletmein".utf8), salt: Array("SodiumChloride".utf8),
///                                n: 16384, r: 8, p: 1, keyLength: 64)
/// ```
public enum Scrypt {
    /// The most working memory a derivation may use unless told otherwise: 256 MiB, eight
    /// times Werkzeug's default of N = 32768, r = 8 (32 MiB).
    public static let defaultMaxMemory = 256 << 20

    /// The working memory `n`, `r`, `p` need, counted as OpenSSL's `maxmem` check does: V
    /// (128 * r * N bytes) plus B (128 * r * p bytes); nil when it does not fit in an Int.
    public static func memoryNeeded(n: Int, r: Int, p: Int) -> Int? {
        let (nr, o1) = (128 * r).multipliedReportingOverflow(by: n)
        let (pr, o2) = (128 * r).multipliedReportingOverflow(by: p)
        let (sum, o3) = nr.addingReportingOverflow(pr)
        return o1 || o2 || o3 ? nil : sum
    }

    /// Checks the parameters (RFC 7914 s2): N a power of 2 greater than 1 and below
    /// 2^(128 * r / 8), r and p at least 1 with r * p < 2^30, and the memory within `maxMemory`.
    public static func validate(n: Int, r: Int, p: Int, keyLength: Int, maxMemory: Int = defaultMaxMemory) throws {
        guard r >= 1, p >= 1, r <= 1 << 30, p <= 1 << 30 else {
            throw KeyDerivationError("scrypt: r and p must be at least 1 and r * p below 2^30, not r = \(r), p = \(p)")
        }
        guard r * p < 1 << 30 else { throw KeyDerivationError("scrypt: r * p must be below 2^30, not \(r) * \(p)") }
        guard n > 1, n & (n - 1) == 0 else {
            throw KeyDerivationError("scrypt: N must be a power of 2 greater than 1, not \(n)")
        }
        // N < 2^(128 * r / 8) = 2^(16r): only limits tiny r.
        if r < 4, n.trailingZeroBitCount >= 16 * r {
            throw KeyDerivationError("scrypt: N must be below 2^(16 * r) = 2^\(16 * r), not \(n)")
        }
        guard keyLength >= 1, UInt64(keyLength) <= UInt64(UInt32.max) * 32 else {
            throw KeyDerivationError("scrypt: the key length must be between 1 and (2^32 - 1) * 32 bytes, not \(keyLength)")
        }
        guard let memory = memoryNeeded(n: n, r: r, p: p), memory <= maxMemory else {
            throw KeyDerivationError("scrypt: N = \(n), r = \(r), p = \(p) need \(memoryNeeded(n: n, r: r, p: p).map(String.init) ?? "more than 2^63") bytes of memory, over the limit of \(maxMemory)")
        }
    }

    /// DK = scrypt(P, S, N, r, p, dkLen) (RFC 7914 s6). The 128 * r * N bytes of working
    /// memory are mapped for this call and unmapped before it returns (`ScryptMemory`), so calls on many
    /// threads never share state. Throws `KeyDerivationError` for invalid parameters or when
    /// the memory would pass `maxMemory`.
    public static func deriveKey(password: [UInt8], salt: [UInt8], n: Int, r: Int, p: Int, keyLength: Int = 64,
                                 maxMemory: Int = defaultMaxMemory) throws -> [UInt8] {
        try validate(n: n, r: r, p: p, keyLength: keyLength, maxMemory: maxMemory)
        let blockLength = 128 * r
        // Step 1: B = PBKDF2-HMAC-SHA256(P, S, 1, p * 128 * r).
        var b = try PBKDF2.sha256(password: password, salt: salt, iterations: 1, keyLength: p * blockLength)
        // Step 2: B_i = scryptROMix(r, B_i, N) for each of the p blocks, one V reused.
        let v = try ScryptMemory(byteCount: blockLength * n)
        let xy = UnsafeMutableRawPointer.allocate(byteCount: 2 * blockLength, alignment: 64)
        defer { xy.deallocate() }
        b.withUnsafeMutableBufferPointer { all in
            for i in 0..<p {
                werk_scrypt_romix(all.baseAddress! + i * blockLength, r, UInt64(n), v.base, xy)
            }
        }
        // Step 3: DK = PBKDF2-HMAC-SHA256(P, B, 1, dkLen).
        return try PBKDF2.sha256(password: password, salt: b, iterations: 1, keyLength: keyLength)
    }

    /// The Salsa20/8 core (RFC 7914 s3) of one 64-byte block; `portable` runs the plain C
    /// version instead of the vector one.
    package static func salsa20_8(_ block: [UInt8], portable: Bool = false) -> [UInt8] {
        precondition(block.count == 64, "Salsa20/8 works on 64-byte blocks")
        var out = block
        out.withUnsafeMutableBufferPointer {
            portable ? werk_salsa20_8_portable($0.baseAddress!) : werk_salsa20_8($0.baseAddress!)
        }
        return out
    }

    /// scryptBlockMix (RFC 7914 s4) of 128 * r bytes.
    package static func blockMix(_ block: [UInt8], r: Int) -> [UInt8] {
        precondition(block.count == 128 * r, "BlockMix works on 128 * r bytes")
        var out = [UInt8](repeating: 0, count: block.count)
        out.withUnsafeMutableBufferPointer { werk_scrypt_blockmix(block, $0.baseAddress!, r) }
        return out
    }

    /// scryptROMix (RFC 7914 s5) of 128 * r bytes with cost `n` (a power of 2 above 1).
    package static func roMix(_ block: [UInt8], r: Int, n: Int) -> [UInt8] {
        precondition(block.count == 128 * r && n > 1 && n & (n - 1) == 0, "ROMix needs 128 * r bytes and N a power of 2")
        var out = block
        let v = UnsafeMutableRawPointer.allocate(byteCount: 128 * r * n, alignment: 64)
        let xy = UnsafeMutableRawPointer.allocate(byteCount: 256 * r, alignment: 64)
        defer {
            v.deallocate()
            xy.deallocate()
        }
        out.withUnsafeMutableBufferPointer { werk_scrypt_romix($0.baseAddress!, r, UInt64(n), v, xy) }
        return out
    }
}
