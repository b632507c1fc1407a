/// Splits a comma-separated header list (RFC 9110 s5.6.1).
///
/// Commas inside quoted strings do not split; elements that are entirely a
/// quoted string are unquoted; surrounding whitespace is trimmed and empty
/// elements are dropped.
///
/// ```swift
/// parseListHeader("a, \"b, c\", , d")   // ["a", "b, c", "d"]
/// ```
public func parseListHeader(_ value: String) -> [String] {
    HTTPSyntax.splitList(value).map { item in
        HTTPSyntax.unquote(item) ?? HTTPSyntax.string(item)
    }
}

/// Joins items into a comma-separated list, quoting items that are not tokens.
///
/// ```swift
/// dumpListHeader(["gzip", "a b"])   // gzip, "a b"
/// ```
public func dumpListHeader(_ items: [String]) -> String {
    items.map { quoteHeaderValue($0) }.joined(separator: ", ")
}

/// Parses a comma-separated list of `key=value` pairs and bare keys, as used
/// by `Cache-Control` and auth-params (RFC 9110 s5.6.1, s11.2).
///
/// Keys keep their case; values are unquoted; a bare key maps to `nil`;
/// `key*=charset'lang'%xx` extended values (RFC 8187) are decoded into `key` (a key
/// with another `*`, such as `a**`, is a plain key).
/// When a key repeats, the last occurrence wins, except that an extended
/// `key*=` value always wins over a plain `key=`.
///
/// ```swift
/// parseDictHeader("a=b, c, d=\"e, f\"")   // ["a": "b", "c": nil, "d": "e, f"]
/// ```
public func parseDictHeader(_ value: String) -> [String: String?] {
    var result: [String: String?] = [:]
    var fromExtended = Set<String>()
    for (key, v, isExtended) in parseOrderedDictHeader(value) {
        if fromExtended.contains(key) && !isExtended { continue }
        if isExtended { fromExtended.insert(key) }
        result[key] = .some(v)
    }
    return result
}

/// Ordered form of `parseDictHeader(_:)`, keeping duplicates; the flag marks
/// values that came from an extended `key*=` parameter.
func parseOrderedDictHeader(_ value: String) -> [(key: String, value: String?, isExtended: Bool)] {
    var result: [(key: String, value: String?, isExtended: Bool)] = []
    for item in HTTPSyntax.splitList(value) {
        guard let eq = item.firstIndex(of: UInt8(ascii: "=")) else {
            result.append((HTTPSyntax.string(item), nil, false))
            continue
        }
        let key = HTTPSyntax.trim(item[item.startIndex..<eq])
        if key.isEmpty { continue }
        let rawValue = HTTPSyntax.trim(item[(eq + 1)...])
        var v = HTTPSyntax.unquote(rawValue) ?? HTTPSyntax.string(rawValue)
        var k = HTTPSyntax.string(key)
        var isExtended = false
        if key.last == UInt8(ascii: "*"), key.count > 1, !key.dropLast().contains(UInt8(ascii: "*")) {
            // RFC 8187 s3.2 extended value: parmname "*", and a parmname has no "*" (attr-char)
            guard let decoded = RFC2231.decodeExtended(v) else { continue }
            v = decoded
            k = HTTPSyntax.string(key.dropLast())
            isExtended = true
        }
        result.append((k, v, isExtended))
    }
    return result
}

/// Serializes `key=value` pairs (values quoted when not tokens; a `nil` value
/// writes the bare key), joined with `", "`.
///
/// ```swift
/// dumpDictHeader([("max-age", "60"), ("public", nil)])   // max-age=60, public
/// ```
public func dumpDictHeader(_ items: [(String, String?)]) -> String {
    items.map { key, v in
        guard let v else { return key }
        return key + "=" + quoteHeaderValue(v)
    }.joined(separator: ", ")
}
