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
    var result = MultiDict<String, String>()
    // A leading "?" is not part of the query (convenient for raw request targets).
    var input = Substring(query)
    if input.utf8.first == UInt8(ascii: "?") { input = input.dropFirst() }
    let pieces: [Substring]
    if let ascii = separator.asciiValue {
        pieces = input.utf8.split(separator: ascii, omittingEmptySubsequences: true).map { Substring($0) }
    } else {
        pieces = input.split(separator: separator, omittingEmptySubsequences: true)
    }
    for piece in pieces {
        let bytes = piece.utf8
        let name: Substring.UTF8View
        let value: Substring.UTF8View
        if let eq = bytes.firstIndex(of: UInt8(ascii: "=")) {
            name = bytes[bytes.startIndex..<eq]
            value = bytes[bytes.index(after: eq)...]
        } else {
            name = bytes
            value = bytes[bytes.endIndex...]
        }
        result.append(formDecode(value), for: formDecode(name))
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
private func formDecode(_ bytes: Substring.UTF8View) -> String {
    let percent = UInt8(ascii: "%")
    let plus = UInt8(ascii: "+")
    if !bytes.contains(where: { $0 == percent || $0 == plus }) {
        return String(Substring(bytes))
    }
    var out: [UInt8] = []
    werkPercentDecode(bytes, plusAsSpace: true, into: &out)
    return String(decoding: out, as: UTF8.self)
}
