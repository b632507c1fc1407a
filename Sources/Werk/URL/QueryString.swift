// application/x-www-form-urlencoded parsing and serialisation (WHATWG URL standard, s5).

#if canImport(Glibc)
import Glibc
#endif

/// Parses a query string or form body into ordered, multi-valued pairs.
///
/// Follows the WHATWG `application/x-www-form-urlencoded` parser: the input is split on
/// `separator`, empty pieces are skipped, each piece splits at its first `=` (a piece
/// without `=` gives an empty value), `+` means space and percent escapes are decoded
/// as UTF-8 (invalid escapes kept literally, invalid UTF-8 becomes U+FFFD). A leading `?` is
/// dropped, as `URLSearchParams` does, so a URL's `?...` part can be passed as it is
/// (`Request.args` and forms keep it: `??a=1` has the key `?a`, as in Werkzeug).
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
        return query.withUTF8 { parseFormBytes($0, separator: ascii, dropsQuestionMark: true) }
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

/// The same parse over UTF-8 bytes split on an ASCII separator (`&` by default), in one pass:
/// the separators and each piece's `=` are found with `memchr`, and the pairs go straight into
/// the dictionary's storage. Whether anything needs decoding (`%` or `+`) is asked once of the
/// whole input: most forms and queries have neither, and their pieces are taken as they are.
/// `dropsQuestionMark`: a leading `?` is not part of the input (`parseQueryString` only).
func parseFormBytes(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8 = UInt8(ascii: "&"),
                    dropsQuestionMark: Bool = false) -> MultiDict<String, String> {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return MultiDict() }
    let count = bytes.count
    var pairs: [(key: String, value: String)] = []
    var start = dropsQuestionMark && base.pointee == UInt8(ascii: "?") ? 1 : 0
    let escaped = offset(of: UInt8(ascii: "%"), in: base, from: start, to: count) != nil
        || offset(of: UInt8(ascii: "+"), in: base, from: start, to: count) != nil
    while start < count {
        let end = offset(of: separator, in: base, from: start, to: count) ?? count
        if end > start {
            let eq = offset(of: UInt8(ascii: "="), in: base, from: start, to: end)
            let name = formPiece(UnsafeBufferPointer(start: base + start, count: (eq ?? end) - start), escaped: escaped)
            let value = eq.map { formPiece(UnsafeBufferPointer(start: base + $0 + 1, count: end - $0 - 1), escaped: escaped) } ?? ""
            if pairs.isEmpty { pairs.reserveCapacity(4) }
            pairs.append((key: name, value: value))
        }
        start = end + 1
    }
    return MultiDict(pairs: pairs)
}

/// Where `byte` first occurs in `base[from..<to]`, or nil.
@inline(__always)
private func offset(of byte: UInt8, in base: UnsafePointer<UInt8>, from: Int, to: Int) -> Int? {
    guard to > from, let found = memchr(base + from, Int32(byte), to - from) else { return nil }
    return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
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

/// One name or value of `parseFormBytes`: form-decoded when the input has escapes somewhere,
/// otherwise the bytes as they are (decoded as UTF-8, invalid sequences as U+FFFD).
@inline(__always)
private func formPiece(_ bytes: UnsafeBufferPointer<UInt8>, escaped: Bool) -> String {
    escaped ? formDecode(bytes) : String(decoding: bytes, as: UTF8.self)
}

/// Form-decodes one name or value: `+` is space, then percent-decoding as UTF-8.
private func formDecode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return "" }
    if offset(of: UInt8(ascii: "%"), in: base, from: 0, to: bytes.count) == nil
        && offset(of: UInt8(ascii: "+"), in: base, from: 0, to: bytes.count) == nil {
        return String(decoding: bytes, as: UTF8.self)
    }
    var out: [UInt8] = []
    werkPercentDecode(bytes, plusAsSpace: true, into: &out)
    return String(decoding: out, as: UTF8.self)
}
