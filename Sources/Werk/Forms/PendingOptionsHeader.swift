// TEMPORARY: a stand-in for the real `parseOptionsHeader`, written on another branch.
// This whole file is deleted when that branch is merged; nothing else lives here.

/// Splits a header value with parameters (`form-data; name="f"; filename="a.txt"`) into the
/// value and its options: names lower-cased, quoted values unquoted (only `\\` and `\"` are
/// unescaped, so `C:\Users` survives), RFC 2231/5987 `name*=charset'lang'value` decoded into
/// `name` (winning over a plain `name`), RFC 2231 continuations (`name*0`, `name*1*`) joined.
public func parseOptionsHeader(_ value: String?) -> (value: String, options: [String: String]) {
    guard let value else { return ("", [:]) }
    let bytes = Array(value.utf8)
    var index = 0

    func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    func trimmed(_ slice: ArraySlice<UInt8>) -> String {
        var slice = slice
        while let first = slice.first, isSpace(first) { slice = slice.dropFirst() }
        while let last = slice.last, isSpace(last) { slice = slice.dropLast() }
        return String(decoding: slice, as: UTF8.self)
    }
    func percentDecoded(_ text: String, latin1: Bool) -> String {
        var out: [UInt8] = []
        let utf8 = Array(text.utf8)
        var i = 0
        func hex(_ b: UInt8) -> UInt8? {
            switch b {
            case 0x30...0x39: return b - 0x30
            case 0x41...0x46: return b - 0x41 + 10
            case 0x61...0x66: return b - 0x61 + 10
            default: return nil
            }
        }
        while i < utf8.count {
            if utf8[i] == 0x25, i + 2 < utf8.count, let h = hex(utf8[i + 1]), let l = hex(utf8[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(utf8[i])
                i += 1
            }
        }
        if latin1 { return String(String.UnicodeScalarView(out.map { Unicode.Scalar($0) })) }
        return String(decoding: out, as: UTF8.self)
    }

    while index < bytes.count, bytes[index] != 0x3B { index += 1 }
    let main = trimmed(bytes[0..<index])
    var plain: [(String, String)] = []
    var extended: [String: [(order: Int, encoded: Bool, value: String)]] = [:]
    while index < bytes.count {
        index += 1  // the ";"
        let nameStart = index
        while index < bytes.count, bytes[index] != 0x3D, bytes[index] != 0x3B { index += 1 }
        let name = trimmed(bytes[nameStart..<index]).lowercased()
        var optionValue = ""
        if index < bytes.count, bytes[index] == 0x3D {
            index += 1
            while index < bytes.count, isSpace(bytes[index]) { index += 1 }
            if index < bytes.count, bytes[index] == 0x22 {
                index += 1
                var out: [UInt8] = []
                while index < bytes.count, bytes[index] != 0x22 {
                    if bytes[index] == 0x5C, index + 1 < bytes.count, bytes[index + 1] == 0x5C || bytes[index + 1] == 0x22 {
                        index += 1
                    }
                    out.append(bytes[index])
                    index += 1
                }
                optionValue = String(decoding: out, as: UTF8.self)
                while index < bytes.count, bytes[index] != 0x3B { index += 1 }
            } else {
                let start = index
                while index < bytes.count, bytes[index] != 0x3B { index += 1 }
                optionValue = trimmed(bytes[start..<index])
            }
        }
        if name.isEmpty { continue }
        if let star = name.firstIndex(of: "*") {
            let base = String(name[..<star])
            var rest = name[name.index(after: star)...]
            let encoded = rest.hasSuffix("*") || rest.isEmpty
            if rest.hasSuffix("*") { rest = rest.dropLast() }
            let order = rest.isEmpty ? 0 : (Int(rest) ?? 0)
            extended[base, default: []].append((order, encoded, optionValue))
        } else {
            plain.append((name, optionValue))
        }
    }
    var options: [String: String] = [:]
    for (name, value) in plain where options[name] == nil { options[name] = value }
    for (base, segments) in extended {
        var charset = "utf-8"
        var joined = ""
        for (position, segment) in segments.sorted(by: { $0.order < $1.order }).enumerated() {
            var text = segment.value
            if segment.encoded && position == 0 {
                let parts = text.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if parts.count == 3 {
                    charset = parts[0].lowercased()
                    text = String(parts[2])
                }
            }
            joined += segment.encoded
                ? percentDecoded(text, latin1: charset == "iso-8859-1" || charset == "latin-1" || charset == "latin1")
                : text
        }
        options[base] = joined
    }
    return (main, options)
}
