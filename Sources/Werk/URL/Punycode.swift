// Punycode (RFC 3492) and the label conversion used by IDNA host names (RFC 3490 s4).

/// Bootstring encoding with the Punycode parameters of RFC 3492 s5.
enum Punycode {
    private static let base = 36
    private static let tMin = 1
    private static let tMax = 26
    private static let skew = 38
    private static let damp = 700
    private static let initialBias = 72
    private static let initialN = 128
    private static let delimiter = Character("-")

    /// Bias adaptation, RFC 3492 s6.1.
    private static func adapt(_ delta: Int, _ numPoints: Int, _ firstTime: Bool) -> Int {
        var delta = firstTime ? delta / damp : delta / 2
        delta += delta / numPoints
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + ((base - tMin + 1) * delta) / (delta + skew)
    }

    /// Threshold `t` for position `k`, RFC 3492 s6.2 / s6.3.
    @inline(__always)
    private static func threshold(_ k: Int, _ bias: Int) -> Int {
        k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
    }

    /// The basic code point for digit value `d` (0-25 -> a-z, 26-35 -> 0-9), RFC 3492 s5.
    private static func digitCharacter(_ d: Int) -> Character {
        let scalar = d < 26 ? UInt8(ascii: "a") + UInt8(d) : UInt8(ascii: "0") + UInt8(d - 26)
        return Character(Unicode.Scalar(scalar))
    }

    /// The digit value of a basic code point, or `nil`, RFC 3492 s5.
    private static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar.value {
        case 0x30...0x39: return Int(scalar.value) - 0x30 + 26
        case 0x41...0x5A: return Int(scalar.value) - 0x41
        case 0x61...0x7A: return Int(scalar.value) - 0x61
        default: return nil
        }
    }

    /// Encodes `input` (RFC 3492 s6.3); `nil` on arithmetic overflow.
    ///
    /// ```swift
    /// Punycode.encode("bücher")   // "bcher-kva"
    /// ```
    static func encode(_ input: String) -> String? {
        let scalars = input.unicodeScalars.map { Int($0.value) }
        var output = ""
        for value in scalars where value < 0x80 {
            output.unicodeScalars.append(Unicode.Scalar(UInt8(value)))
        }
        let basicCount = output.unicodeScalars.count
        var handled = basicCount
        if basicCount > 0 { output.append(delimiter) }
        var n = initialN
        var delta = 0
        var bias = initialBias
        while handled < scalars.count {
            // The smallest code point >= n still to be handled.
            guard let m = scalars.lazy.filter({ $0 >= n }).min() else { return nil }
            let (step, overflow1) = (m - n).multipliedReportingOverflow(by: handled + 1)
            if overflow1 { return nil }
            let (sum, overflow2) = delta.addingReportingOverflow(step)
            if overflow2 { return nil }
            delta = sum
            n = m
            for c in scalars {
                if c < n {
                    let (next, overflow) = delta.addingReportingOverflow(1)
                    if overflow { return nil }
                    delta = next
                }
                if c == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = threshold(k, bias)
                        if q < t { break }
                        output.append(digitCharacter(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digitCharacter(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return output
    }

    /// Decodes a Punycode string (RFC 3492 s6.2); `nil` for malformed input.
    ///
    /// ```swift
    /// Punycode.decode("bcher-kva")   // "bücher"
    /// ```
    static func decode(_ input: String) -> String? {
        let scalars = Array(input.unicodeScalars)
        var output: [Unicode.Scalar] = []
        var start = 0
        if let last = scalars.lastIndex(of: "-"), last > 0 {
            for scalar in scalars[..<last] {
                guard scalar.isASCII else { return nil }
                output.append(scalar)
            }
            start = last + 1
        }
        var n = initialN
        var i = 0
        var bias = initialBias
        var position = start
        while position < scalars.count {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard position < scalars.count, let digit = digitValue(scalars[position]) else { return nil }
                position += 1
                let (product, overflow1) = digit.multipliedReportingOverflow(by: w)
                if overflow1 { return nil }
                let (sum, overflow2) = i.addingReportingOverflow(product)
                if overflow2 { return nil }
                i = sum
                let t = threshold(k, bias)
                if digit < t { break }
                let (nextW, overflow3) = w.multipliedReportingOverflow(by: base - t)
                if overflow3 { return nil }
                w = nextW
                k += base
            }
            let length = output.count + 1
            bias = adapt(i - oldI, length, oldI == 0)
            let (nextN, overflow) = n.addingReportingOverflow(i / length)
            if overflow || nextN > 0x10FFFF { return nil }
            n = nextN
            i %= length
            guard n >= 0x80, let scalar = Unicode.Scalar(UInt32(n)) else { return nil }
            output.insert(scalar, at: i)
            i += 1
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: output)
        return result
    }
}

/// IDNA label separators besides "." (RFC 3490 s3.1): ideographic and fullwidth stops.
private let werkIDNADots: Set<Unicode.Scalar> = ["\u{3002}", "\u{FF0E}", "\u{FF61}"]

/// Converts a host name to its ASCII form: labels containing non-ASCII characters are
/// lowercased and become `xn--` + Punycode (RFC 3490 s4.1 ToASCII, without nameprep's
/// NFKC mapping). ASCII labels are unchanged. Returns `nil` if a label cannot be encoded.
func werkIDNAEncodeHost(_ host: String) -> String? {
    if host.utf8.allSatisfy({ $0 < 0x80 }) { return host }
    var labels: [String] = [""]
    for scalar in host.unicodeScalars {
        if scalar == "." || werkIDNADots.contains(scalar) {
            labels.append("")
        } else {
            labels[labels.count - 1].unicodeScalars.append(scalar)
        }
    }
    var encoded: [String] = []
    encoded.reserveCapacity(labels.count)
    for label in labels {
        if label.utf8.allSatisfy({ $0 < 0x80 }) {
            encoded.append(label)
        } else {
            guard let puny = Punycode.encode(label.lowercased()) else { return nil }
            encoded.append("xn--" + puny)
        }
    }
    return encoded.joined(separator: ".")
}

/// Converts `xn--` labels of a host name back to Unicode (RFC 3490 s4.2 ToUnicode);
/// labels that fail to decode are kept as they are. The decoded label must hold a non-ASCII
/// character and `werkIDNAEncodeHost` must give the label back (RFC 3490 s4.2 step 7: no
/// uppercase, no label separator such as U+3002 inside), and a label with a `%` is left
/// alone: characters inserted into percent escapes would break them.
func werkIDNADecodeHost(_ host: String) -> String {
    guard host.lowercased().contains("xn--") else { return host }
    // Split by bytes: a combining mark after "." must not hide the separator.
    return host.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map { bytes -> String in
        let label = Substring(bytes)
        let ace = label.lowercased()
        guard ace.utf8.count > 4, ace.hasPrefix("xn--"),
              ace.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "%") }),
              let decoded = Punycode.decode(String(ace.dropFirst(4))),
              decoded.unicodeScalars.contains(where: { !$0.isASCII }),
              werkIDNAEncodeHost(decoded) == ace else { return String(label) }
        return decoded
    }.joined(separator: ".")
}
