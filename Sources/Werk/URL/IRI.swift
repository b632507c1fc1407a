// Mapping between IRIs and URIs (RFC 3987 s3.1 and s3.2).

/// Builds a 128-entry table of the ASCII characters in `chars`.
private func asciiTable(_ chars: String) -> [Bool] {
    var table = [Bool](repeating: false, count: 128)
    for byte in chars.utf8 where byte < 128 { table[Int(byte)] = true }
    for byte in UInt8(0)..<128 where werkIsUnreservedByte(byte) { table[Int(byte)] = true }
    return table
}

// Characters left as they are in each component; these mirror the sets Werkzeug uses
// (sub-delims and the component's allowed gen-delims of RFC 3986 s3.2.1, s3.3-s3.5).
private let pathSafe = asciiTable("!$&'()*+,/:;=@")
private let querySafe = asciiTable("!$&'()*+,/:;=?@")
private let fragmentSafe = asciiTable("!#$&'()*+,/:;=?@")
private let userinfoSafe = asciiTable("!$&'()*+,;=:")
private let hostSafe = asciiTable("!$&'()*+,;=")

/// Percent-encodes every byte of `part` outside `safe` (RFC 3987 s3.1 step 2).
/// A `%` that starts a valid escape is kept so that the mapping is idempotent;
/// a stray `%` becomes `%25`.
private func encodeComponent(_ part: Substring, safe: [Bool]) -> String {
    let bytes = Array(part.utf8)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
        let byte = bytes[i]
        if byte == UInt8(ascii: "%") {
            if i + 2 < bytes.count, HTTPSyntax.hexValue(bytes[i + 1]) != nil, HTTPSyntax.hexValue(bytes[i + 2]) != nil {
                out.append(byte)
            } else {
                werkAppendEscape(byte, to: &out)
            }
        } else if byte < 128 && safe[Int(byte)] {
            out.append(byte)
        } else {
            werkAppendEscape(byte, to: &out)
        }
        i += 1
    }
    return String(decoding: out, as: UTF8.self)
}

/// Converts an IRI to a URI (RFC 3987 s3.1).
///
/// Non-ASCII characters and ASCII characters not allowed in their component (an invalid
/// scheme is encoded like a path) are percent-encoded as UTF-8; host labels with non-ASCII
/// characters become IDNA `xn--`
/// Punycode labels (RFC 3490/3492). Existing `%XX` escapes and reserved characters are
/// kept, so the conversion is idempotent.
///
/// ```swift
/// iriToURI("http://☃.net/påth?q=èry%DF")   // "http://xn--n3h.net/p%C3%A5th?q=%C3%A8ry%DF"
/// ```
public func iriToURI(_ iri: String) -> String {
    let raw = WerkRawURI(iri)
    var out = ""
    if let scheme = raw.scheme {
        // Text before the first ":" that is not a valid scheme (RFC 3986 s3.1) is encoded like
        // a path, so no control or non-ASCII character is copied into the URI.
        out += werkIsValidScheme(scheme) ? String(scheme) : encodeComponent(scheme, safe: pathSafe)
        out += ":"
    }
    if let authority = raw.authority {
        out += "//"
        if let parts = WerkAuthority(authority) {
            if let userinfo = parts.userinfo {
                out += encodeComponent(userinfo, safe: userinfoSafe)
                out += "@"
            }
            if parts.bracketed {
                out += "["; out += encodeComponent(parts.host, safe: userinfoSafe); out += "]"
            } else {
                // A label with percent escapes is percent-encoded, not IDNA-encoded: Punycode
                // would move the escapes' digits around.
                // Split by bytes: a combining mark after "." must not hide the separator.
                let labels = parts.host.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
                let ascii = labels.map { bytes in
                    let label = String(Substring(bytes))
                    return bytes.contains(UInt8(ascii: "%")) ? label : werkIDNAEncodeHost(label) ?? label
                }.joined(separator: ".")
                out += encodeComponent(Substring(ascii), safe: hostSafe)
            }
            if let port = parts.port {
                out += ":"
                out += encodeComponent(port, safe: hostSafe)
            }
        } else {
            // An unterminated IP literal: encoded as one host, ":" and "[" included, so the
            // result reads back as that same host and the mapping stays idempotent.
            out += encodeComponent(authority, safe: hostSafe)
        }
    }
    out += encodeComponent(raw.path, safe: pathSafe)
    if let query = raw.query { out += "?"; out += encodeComponent(query, safe: querySafe) }
    if let fragment = raw.fragment { out += "#"; out += encodeComponent(fragment, safe: fragmentSafe) }
    return out
}

/// Decodes the escapes of `part` that spell valid UTF-8 non-ASCII characters
/// (RFC 3987 s3.2 step 1-3); ASCII escapes such as `%2F`, `%25` or `%20` and escapes
/// of invalid UTF-8 stay as they are.
private func decodeNonASCIIEscapes(_ part: Substring) -> String {
    let bytes = Array(part.utf8)
    guard bytes.contains(UInt8(ascii: "%")) else { return String(part) }
    /// The byte of the escape at `i`, if there is a valid one.
    func escaped(at i: Int) -> UInt8? {
        guard i + 2 < bytes.count, bytes[i] == UInt8(ascii: "%"),
              let high = HTTPSyntax.hexValue(bytes[i + 1]), let low = HTTPSyntax.hexValue(bytes[i + 2]) else { return nil }
        return high << 4 | low
    }
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
        if let lead = escaped(at: i), lead >= 0x80 {
            let length: Int
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: length = 0
            }
            var sequence: [UInt8] = [lead]
            var j = i + 3
            while length > 0, sequence.count < length, let next = escaped(at: j), next & 0xC0 == 0x80 {
                sequence.append(next)
                j += 3
            }
            if length > 0, sequence.count == length, String(validating: sequence, as: UTF8.self) != nil {
                out.append(contentsOf: sequence)
                i = j
                continue
            }
            // Not valid UTF-8: keep the first escape and go on after it.
            out.append(contentsOf: bytes[i..<(i + 3)])
            i += 3
            continue
        }
        out.append(bytes[i])
        i += 1
    }
    return String(decoding: out, as: UTF8.self)
}

/// Converts a URI to an IRI (RFC 3987 s3.2).
///
/// Percent escapes forming valid UTF-8 non-ASCII characters are decoded, except in the
/// host; escapes of ASCII characters (such as `%2F`, `%25`, `%20`) and of invalid UTF-8 are
/// kept, and `xn--` host labels are decoded from Punycode.
///
/// ```swift
/// uriToIRI("http://xn--n3h.net/p%C3%A5th?q=%C3%A8ry%DF")   // "http://☃.net/påth?q=èry%DF"
/// ```
public func uriToIRI(_ uri: String) -> String {
    let raw = WerkRawURI(uri)
    var out = ""
    if let scheme = raw.scheme { out += scheme; out += ":" }
    if let authority = raw.authority {
        out += "//"
        if let parts = WerkAuthority(authority) {
            if let userinfo = parts.userinfo {
                out += decodeNonASCIIEscapes(userinfo)
                out += "@"
            }
            if parts.bracketed {
                out += "["; out += parts.host; out += "]"
            } else {
                // Only `xn--` labels are decoded; escapes in a host stay (as in Werkzeug), so
                // the IRI maps back to the same URI.
                out += werkIDNADecodeHost(String(parts.host))
            }
            if let port = parts.port { out += ":"; out += port }
        } else {
            out += authority
        }
    }
    out += decodeNonASCIIEscapes(raw.path)
    if let query = raw.query { out += "?"; out += decodeNonASCIIEscapes(query) }
    if let fragment = raw.fragment { out += "#"; out += decodeNonASCIIEscapes(fragment) }
    return out
}
