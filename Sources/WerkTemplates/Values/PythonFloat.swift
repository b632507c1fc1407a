// Floats printed as Python's repr(): the shortest digits that read back to the same double,
// positional for exponents -4 through 15 and scientific (`1e+16`, `1e-05`) outside them.

enum PythonFloat {
    /// Python's `repr(value)`.
    static func repr(_ value: Double) -> String {
        // Swift's description has the same shortest digits; only where it switches to
        // scientific notation differs: between 1e-4 and 2^53 both write positional digits.
        let magnitude = abs(value)
        if magnitude >= 1e-4 && magnitude < 9_007_199_254_740_992 { return value.description }
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let swift = value.description
        guard swift.utf8.contains(UInt8(ascii: "e")) else { return swift }
        let (negative, digits, exponent) = decompose(swift)
        return format(negative: negative, digits: digits, exponent: exponent)
    }

    /// Appends `repr(value)` to `out`.
    static func append(_ value: Double, to out: inout [UInt8]) {
        out.append(contentsOf: repr(value).utf8)
    }

    /// The sign, the significant digits (no leading or trailing zeros, at least one digit) and
    /// the decimal exponent of the first digit, read from Swift's `description`.
    static func decompose(_ text: String) -> (Bool, [UInt8], Int) {
        var bytes = Array(text.utf8)
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes.removeFirst() }
        var exponent = 0
        if let e = bytes.firstIndex(of: UInt8(ascii: "e")) {
            exponent = Int(String(decoding: bytes[(e + 1)...], as: UTF8.self)) ?? 0
            bytes.removeSubrange(e...)
        }
        var digits: [UInt8] = []
        var pointAt = bytes.count
        for (i, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: ".") { pointAt = i } else { digits.append(byte) }
        }
        // The first digit's exponent: digits before the point, minus one.
        var firstExponent = pointAt - 1 + exponent
        while digits.count > 1, digits.first == UInt8(ascii: "0") {
            digits.removeFirst()
            firstExponent -= 1
        }
        while digits.count > 1, digits.last == UInt8(ascii: "0") { digits.removeLast() }
        if digits == [UInt8(ascii: "0")] { firstExponent = 0 }
        return (negative, digits, firstExponent)
    }

    /// Python's repr layout of `digits` with the first digit at 10^`exponent`.
    static func format(negative: Bool, digits: [UInt8], exponent: Int) -> String {
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        if exponent >= -4 && exponent < 16 {
            if exponent < 0 {
                out += Array("0.".utf8) + [UInt8](repeating: UInt8(ascii: "0"), count: -exponent - 1) + digits
            } else if digits.count > exponent + 1 {
                out += digits[0...exponent] + [UInt8(ascii: ".")] + digits[(exponent + 1)...]
            } else {
                out += digits + [UInt8](repeating: UInt8(ascii: "0"), count: exponent + 1 - digits.count) + Array(".0".utf8)
            }
        } else {
            out.append(digits[0])
            if digits.count > 1 { out += [UInt8(ascii: ".")] + digits[1...] }
            out += Array((exponent < 0 ? "e-" : "e+").utf8)
            let magnitude = String(abs(exponent))
            if magnitude.count < 2 { out.append(UInt8(ascii: "0")) }
            out += Array(magnitude.utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
