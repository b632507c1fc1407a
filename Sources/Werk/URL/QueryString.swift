// application/x-www-form-urlencoded parsing and serialisation (WHATWG URL standard, s5).

/// Parses a query string or form body into ordered, multi-valued pairs.
///
/// Follows the WHATWG `application/x-www-form-urlencoded` parser: the input is split on
/// `separator`, empty pieces are skipped, each piece splits at its first `=` (a piece
/// without `=` gives an empty value), `+` means space and percent escapes are decoded
/// as UTF-8 (invalid escapes kept literally, invalid UTF-8 becomes U+FFFD).
///
/// ```swift
/// let args = parseQueryString("q=swift+web&tag=a&tag=b&flag")
/// args["q"]            // "swift web"
/// args.getAll("tag")   // ["a", "b"]
/// args["flag"]         // ""
/// ```
public func parseQueryString(_ query: String, separator: Character = "&") -> MultiDict<String, String> {
    if let ascii = separator.asciiValue {
        var query = query
        return query.withUTF8 { parseFormBytes($0, separator: ascii) }
    }
    var result = MultiDict<String, String>()
    // A leading "?" is not part of the query (convenient for raw request targets).
    var input = Substring(query)
    if input.utf8.first == UInt8(ascii: "?") { input = input.dropFirst() }
    for piece in input.split(separator: separator, omittingEmptySubsequences: true) {
        let bytes = Array(piece.utf8)
        let eq = bytes.firstIndex(of: UInt8(ascii: "=")) ?? bytes.endIndex
        bytes.withUnsafeBufferPointer { all in
            let value = eq < all.endIndex ? UnsafeBufferPointer(rebasing: all[(eq + 1)...]) : UnsafeBufferPointer(rebasing: all[all.endIndex...])
            result.append(formDecode(value), for: formDecode(UnsafeBufferPointer(rebasing: all[..<eq])))
        }
    }
    return result
}

/// The same parse over UTF-8 bytes split on an ASCII separator (`&` by default), in one pass.
func parseFormBytes(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8 = UInt8(ascii: "&")) -> MultiDict<String, String> {
    var result = MultiDict<String, String>()
    var start = bytes.first == UInt8(ascii: "?") ? 1 : 0
    while start < bytes.count {
        var end = start, eq = -1
        while end < bytes.count && bytes[end] != separator {
            if eq < 0 && bytes[end] == UInt8(ascii: "=") { eq = end }
            end += 1
        }
        if end > start {
            let nameEnd = eq < 0 ? end : eq
            let name = formDecode(UnsafeBufferPointer(rebasing: bytes[start..<nameEnd]))
            let value = eq < 0 ? "" : formDecode(UnsafeBufferPointer(rebasing: bytes[(eq + 1)..<end]))
            result.append(value, for: name)
        }
        start = end + 1
    }
    return result
}

/// Serialises pairs as `application/x-www-form-urlencoded`: spaces become `+` and every
/// byte except the unreserved characters (RFC 3986 s2.3) is percent-encoded.
///
/// ```swift
/// encodeQueryString([("q", "a b"), ("x", "1&2")])   // "q=a+b&x=1%262"
/// ```
public func encodeQueryString(_ pairs: some Sequence<(String, String)>) -> String {
    var out = ""
    var first = true
    for (name, value) in pairs {
        if !first { out.append("&") }
        first = false
        out.append(percentEncode(name, safe: "", spaceAsPlus: true))
        out.append("=")
        out.append(percentEncode(value, safe: "", spaceAsPlus: true))
    }
    return out
}

/// Serialises a ``MultiDict`` as `application/x-www-form-urlencoded`, in pair order.
///
/// ```swift
/// encodeQueryString(["tag": "a", "tag": "b"] as MultiDict)   // "tag=a&tag=b"
/// ```
public func encodeQueryString(_ dict: MultiDict<String, String>) -> String {
    encodeQueryString(dict.lazy.map { ($0.key, $0.value) })
}

/// Form-decodes one name or value: `+` is space, then percent-decoding as UTF-8.
private func formDecode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    if !bytes.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) {
        return String(decoding: bytes, as: UTF8.self)
    }
    var out: [UInt8] = []
    werkPercentDecode(bytes, plusAsSpace: true, into: &out)
    return String(decoding: out, as: UTF8.self)
}
