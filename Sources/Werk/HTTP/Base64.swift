/// Standard Base64 with padding (RFC 4648 s4), as used by Basic auth.
///
/// ```swift
/// Base64.encode(Array("foobar".utf8))   // "Zm9vYmFy"
/// Base64.decode("Zm9vYg==")             // bytes of "foob"
/// ```
public enum Base64 {
    private static let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Maps an ASCII byte to its 6-bit value, 0xFF for bytes outside the alphabet.
    private static let reverse: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    /// Encodes bytes with `=` padding (RFC 4648 s4).
    public static func encode(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(alphabet[Int(n & 63)])
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let n = UInt32(bytes[i]) << 16
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        } else if rest == 2 {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(alphabet[Int(n >> 6 & 63)])
            out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes padded Base64 strictly: the length must be a multiple of 4,
    /// only the RFC 4648 s4 alphabet is allowed (no whitespace, no URL-safe
    /// characters), and `=` may only appear as one or two final characters.
    /// Returns `nil` otherwise. Non-zero pad bits are tolerated.
    public static func decode(_ s: String) -> [UInt8]? {
        let bytes = Array(s.utf8)
        guard bytes.count % 4 == 0 else { return nil }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count / 4 * 3)
        var i = 0
        while i < bytes.count {
            let isLast = i + 4 == bytes.count
            var n: UInt32 = 0
            var pad = 0
            for j in 0..<4 {
                let c = bytes[i + j]
                if c == UInt8(ascii: "=") {
                    // padding only in the last quantum, positions 3 and 4 (RFC 4648 s3.3)
                    guard isLast, j >= 2 else { return nil }
                    pad += 1
                    n <<= 6
                    continue
                }
                guard pad == 0 else { return nil }  // data after padding
                let v = reverse[Int(c)]
                guard v != 0xFF else { return nil }
                n = n << 6 | UInt32(v)
            }
            out.append(UInt8(n >> 16 & 0xFF))
            if pad < 2 { out.append(UInt8(n >> 8 & 0xFF)) }
            if pad < 1 { out.append(UInt8(n & 0xFF)) }
            i += 4
        }
        return out
    }
}
