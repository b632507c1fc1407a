// Timing-safe comparison and hex conversion of byte strings.

/// Compares two byte arrays in time that depends only on their lengths, not on where
/// they differ; use it for MACs, tokens and password hashes.
///
/// ```swift
/// constantTimeEquals(expectedMAC, receivedMAC)
/// ```
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    var difference: UInt8 = 0
    a.withUnsafeBufferPointer { pa in
        b.withUnsafeBufferPointer { pb in
            for i in 0..<pa.count {
                difference |= pa[i] ^ pb[i]
            }
        }
    }
    return difference == 0
}

/// The lowercase hex form of `bytes`.
///
/// ```swift
/// hexString([0xDE, 0xAD])   // "dead"
/// ```
public func hexString(_ bytes: some Sequence<UInt8>) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.underestimatedCount * 2)
    for byte in bytes {
        out.append(HTTPSyntax.hexDigit(byte >> 4))
        out.append(HTTPSyntax.hexDigit(byte & 0x0F))
    }
    return String(decoding: out, as: UTF8.self)
}

/// Parses hex (either case, even length, no separators); `nil` for anything else.
///
/// ```swift
/// bytes(fromHex: "DEad")   // [0xDE, 0xAD]
/// bytes(fromHex: "abc")    // nil
/// ```
public func bytes(fromHex hex: String) -> [UInt8]? {
    let utf8 = hex.utf8
    guard utf8.count % 2 == 0 else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(utf8.count / 2)
    var high: UInt8?
    for byte in utf8 {
        guard let value = HTTPSyntax.hexValue(byte) else { return nil }
        if let h = high {
            out.append(h << 4 | value)
            high = nil
        } else {
            high = value
        }
    }
    return out
}
