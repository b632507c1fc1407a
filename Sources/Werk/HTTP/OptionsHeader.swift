/// Parses a header value followed by `;`-separated parameters, such as
/// `Content-Type` or `Content-Disposition` (RFC 9110 s5.6.6).
///
/// ```swift
/// parseOptionsHeader("text/html; charset=utf-8")
/// // ("text/html", ["charset": "utf-8"])
/// parseOptionsHeader("attachment; filename*=UTF-8''na%C3%AFve.txt")
/// // ("attachment", ["filename": "naïve.txt"])
/// ```
///
/// - Parameter names are lowercased; quoted values are unquoted (escapes
///   resolved) and may contain `;`.
/// - RFC 2231 / RFC 8187 (ex-5987) extended values `name*=charset'lang'%xx`
///   are percent-decoded into the plain key `name`; UTF-8 (invalid bytes become
///   U+FFFD), ISO-8859-1 and US-ASCII are understood, other charsets are decoded
///   as UTF-8 when valid, else as ISO-8859-1. The extended form wins over a plain
///   `name=`. As in Werkzeug, a malformed one is still a value: an invalid escape
///   stays as written (`%ZZ`), a value without `charset'lang'` is kept whole.
/// - RFC 2231 s3 continuations `name*0=`, `name*1*=` ... are joined in order.
/// - Parameters are `name=value` with no space around `=`; others (a bare name, `k = v`,
///   an unterminated quoted string) are dropped; an unquoted value ends where its token
///   does; when a name repeats, the last wins.
/// - `nil` or blank input gives `("", [:])`.
public func parseOptionsHeader(_ value: String?) -> (value: String, options: [String: String]) {
    guard let value else { return ("", [:]) }
    let bytes = Array(value.utf8)
    var i = 0
    while i < bytes.count, bytes[i] != UInt8(ascii: ";") { i += 1 }
    let main = HTTPSyntax.string(HTTPSyntax.trim(bytes[0..<i]))
    if main.isEmpty { return ("", [:]) }

    var raw: [(name: String, value: String)] = []
    // Parameters: *( OWS ";" OWS [ parameter ] ), parameter = token "=" ( token / quoted-string )
    // (RFC 9110 s5.6.6): no space around "=", as Werkzeug reads them; a parameter that is not
    // that (a bare name, `k = v`, an unterminated quoted string) is dropped, and an unquoted
    // value is the token that starts it (`k=v w` is `v`).
    while i < bytes.count {
        // at a ';' (or junk); skip separators and whitespace
        while i < bytes.count, bytes[i] == UInt8(ascii: ";") || HTTPSyntax.isSpace(bytes[i]) { i += 1 }
        let nameStart = i
        while i < bytes.count, HTTPSyntax.isTChar(bytes[i]) { i += 1 }
        let nameEnd = i
        if nameEnd > nameStart, i < bytes.count, bytes[i] == UInt8(ascii: "=") {
            i += 1
            let name = HTTPSyntax.lowercased(HTTPSyntax.string(bytes[nameStart..<nameEnd]))
            if i < bytes.count, bytes[i] == UInt8(ascii: "\"") {
                if let (v, end) = HTTPSyntax.readQuoted(bytes, from: i) {
                    raw.append((name, v))
                    i = end
                }
            } else {
                let valueStart = i
                while i < bytes.count, HTTPSyntax.isTChar(bytes[i]) { i += 1 }
                if i > valueStart { raw.append((name, HTTPSyntax.string(bytes[valueStart..<i]))) }
            }
        }
        // Whatever follows, up to the next ';', is not part of a parameter.
        while i < bytes.count, bytes[i] != UInt8(ascii: ";") { i += 1 }
    }
    return (main, RFC2231.combine(raw))
}

/// Serializes a value and its parameters, quoting parameter values that are
/// not tokens; a `nil` value writes the bare key.
///
/// ```swift
/// dumpOptionsHeader("text/html", [("charset", "utf-8")])  // text/html; charset=utf-8
/// dumpOptionsHeader("form-data", [("name", "a b"), ("x", nil)])  // form-data; name="a b"; x
/// ```
public func dumpOptionsHeader(_ value: String, _ options: [(String, String?)]) -> String {
    var parts = [value]
    for (key, v) in options {
        if let v {
            parts.append(key + "=" + quoteHeaderValue(v))
        } else {
            parts.append(key)
        }
    }
    return parts.joined(separator: "; ")
}

/// RFC 2231 (parameter value continuations and charset/language encoding),
/// as profiled for HTTP by RFC 8187 (which obsoletes RFC 5987).
enum RFC2231 {
    /// Merges raw `(name, value)` pairs, decoding extended (`name*`) values
    /// and joining continuations (`name*0`, `name*1*`, ...).
    static func combine(_ raw: [(name: String, value: String)]) -> [String: String] {
        var plain: [String: String] = [:]
        var extended: [String: String] = [:]
        // base name -> [(section number, value, isExtended)]
        var sections: [String: [(Int, String, Bool)]] = [:]
        for (name, value) in raw {
            let n = Array(name.utf8)
            guard let star = n.firstIndex(of: UInt8(ascii: "*")), star > 0 else {
                plain[name] = value
                continue
            }
            // Whitespace before the star is not part of the name (`filename *=` names `filename`).
            let base = HTTPSyntax.string(HTTPSyntax.trim(n[0..<star]))
            let rest = n[(star + 1)...]
            if rest.isEmpty {
                // name*=charset'lang'value (RFC 2231 s4, RFC 8187 s3.2)
                if let decoded = decodeExtended(value) { extended[base] = decoded }
                continue
            }
            // name*N or name*N* (RFC 2231 s3)
            var digits = rest
            var isExt = false
            if digits.last == UInt8(ascii: "*") {
                isExt = true
                digits = digits.dropLast()
            }
            // RFC 2231 s3: no leading zeros; also bounds the section count.
            guard digits.count <= 3, let num = HTTPSyntax.parseDigits(digits),
                  digits.count == 1 || digits.first != UInt8(ascii: "0") else {
                plain[name] = value
                continue
            }
            sections[base, default: []].append((num, value, isExt))
        }
        var result = plain
        for (base, parts) in sections {
            let sorted = parts.sorted { $0.0 < $1.0 }
            // Sections must run 0, 1, 2 ...; stop at the first gap.
            var charset: String?
            var bytes = [UInt8]()
            var expected = 0
            for (num, value, isExt) in sorted {
                if num != expected { break }
                expected += 1
                if isExt {
                    var payload = Array(value.utf8)[...]
                    if num == 0, let (cs, rest) = splitCharsetAndLanguage(payload) {
                        charset = cs
                        payload = rest
                    }
                    bytes += percentDecodeBytes(payload)
                } else {
                    bytes += Array(value.utf8)
                }
            }
            if expected > 0 {
                result[base] = decodeCharset(bytes, charset: charset)
            }
        }
        // The extended form wins over the plain one (RFC 8187 s4.2 advice).
        for (k, v) in extended { result[k] = v }
        return result
    }

    /// Decodes `charset'language'pct-encoded` into a string. A value that breaks the syntax is
    /// still a value, as Werkzeug reads it: without `charset'language'` it is kept as written,
    /// and an escape that is not one stays as written (`a%2`); so a part with a malformed
    /// `filename*` is still a file.
    static func decodeExtended(_ value: String) -> String? {
        guard let (charset, rest) = splitCharsetAndLanguage(Array(value.utf8)[...]) else { return value }
        return decodeCharset(percentDecodeBytes(rest), charset: charset)
    }

    /// Splits off `charset'language'`; returns the lowercased charset (may be
    /// empty) and the remaining encoded text.
    private static func splitCharsetAndLanguage(_ s: ArraySlice<UInt8>) -> (String, ArraySlice<UInt8>)? {
        guard let q1 = s.firstIndex(of: UInt8(ascii: "'")) else { return nil }
        let afterFirst = s[(q1 + 1)...]
        guard let q2 = afterFirst.firstIndex(of: UInt8(ascii: "'")) else { return nil }
        let charset = HTTPSyntax.lowercased(HTTPSyntax.string(HTTPSyntax.trim(s[s.startIndex..<q1])))
        return (charset, s[(q2 + 1)...])
    }

    /// `%XX` decoding of attr-chars; a `%` that starts no escape stays as it is.
    private static func percentDecodeBytes(_ s: ArraySlice<UInt8>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(s.count)
        var i = s.startIndex
        while i < s.endIndex {
            let b = s[i]
            if b == UInt8(ascii: "%"), i + 2 < s.endIndex,
               let hi = HTTPSyntax.hexValue(s[i + 1]), let lo = HTTPSyntax.hexValue(s[i + 2]) {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(b)
                i += 1
            }
        }
        return out
    }

    /// Turns bytes into a string according to the declared charset.
    private static func decodeCharset(_ bytes: [UInt8], charset: String?) -> String {
        switch charset {
        case "iso-8859-1", "latin1", "latin-1", "iso8859-1", "us-ascii", "ascii":
            return latin1(bytes)
        case "utf-8", "utf8":
            // Declared UTF-8 (RFC 8187 s3.2.1): bytes that are not become U+FFFD, as in Werkzeug.
            return String(decoding: bytes, as: UTF8.self)
        default:
            // Anything else is UTF-8 when valid, else ISO-8859-1.
            if let s = String(validating: bytes, as: UTF8.self) { return s }
            return latin1(bytes)
        }
    }

    private static func latin1(_ bytes: [UInt8]) -> String {
        var s = String.UnicodeScalarView()
        for b in bytes { s.append(Unicode.Scalar(b)) }
        return String(s)
    }
}
