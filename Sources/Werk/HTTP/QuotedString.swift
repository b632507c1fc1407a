/// Whether `s` is a non-empty RFC 9110 token (`1*tchar`, RFC 9110 s5.6.2).
///
/// ```swift
/// isHTTPToken("gzip")      // true
/// isHTTPToken("a b")       // false
/// ```
public func isHTTPToken(_ s: String) -> Bool {
    HTTPSyntax.isToken(s.utf8)
}

/// Quotes a header parameter value when needed (RFC 9110 s5.6.4).
///
/// With `allowToken` (the default) a value that is a valid token is returned
/// bare; anything else is wrapped in DQUOTEs with `\` and `"` escaped.
///
/// ```swift
/// quoteHeaderValue("utf-8")    // utf-8
/// quoteHeaderValue("a b")      // "a b"
/// quoteHeaderValue("")         // ""   (two quote characters)
/// ```
public func quoteHeaderValue(_ value: String, allowToken: Bool = true) -> String {
    if allowToken && isHTTPToken(value) { return value }
    var out = [UInt8]()
    out.reserveCapacity(value.utf8.count + 2)
    out.append(UInt8(ascii: "\""))
    for b in value.utf8 {
        if b == UInt8(ascii: "\\") || b == UInt8(ascii: "\"") {
            out.append(UInt8(ascii: "\\"))  // quoted-pair, RFC 9110 s5.6.4
        }
        out.append(b)
    }
    out.append(UInt8(ascii: "\""))
    return String(decoding: out, as: UTF8.self)
}

/// Removes the DQUOTEs around a quoted-string and resolves its backslash
/// escapes (every quoted-pair `\x` becomes `x`, RFC 9110 s5.6.4).
/// Input that is not wrapped in quotes is returned unchanged.
///
/// ```swift
/// unquoteHeaderValue("\"a \\\"b\\\"\"")   // a "b"
/// unquoteHeaderValue("plain")            // plain
/// ```
public func unquoteHeaderValue(_ value: String) -> String {
    HTTPSyntax.unquote(Array(value.utf8)[...]) ?? value
}
