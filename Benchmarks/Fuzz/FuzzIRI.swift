// libFuzzer target for IRI <-> URI conversion and Punycode (issue 14). Not part of the package
// build: `Benchmarks/fuzz.sh iri` compiles it against the instrumented Werk module.
//
// Properties on the input as text, besides no crash, hang or leak:
// - iriToURI gives ASCII only, without spaces or control characters, and is idempotent;
// - a URI made by iriToURI, turned into an IRI by uriToIRI and back, is the same URI (hex
//   digits of escapes and the authority compared without case);
// - uriToIRI never changes an ASCII escape such as %2F or %25 (the count of `%` escapes of
//   ASCII bytes stays the same);
// - Punycode: a label encoded and decoded again is the same label, and IDNA host encoding
//   gives ASCII that decodes back to the lowercased host.
@testable import Werk

/// Uppercases the hex digits of every escape, so `%c3` and `%C3` compare equal.
func normalizingEscapes(_ s: String) -> String {
    var bytes = Array(s.utf8)
    var i = 0
    while i + 2 < bytes.count {
        if bytes[i] == UInt8(ascii: "%"), HTTPSyntax.isHexDigit(bytes[i + 1]), HTTPSyntax.isHexDigit(bytes[i + 2]) {
            for j in (i + 1)...(i + 2) where bytes[j] >= UInt8(ascii: "a") { bytes[j] -= 0x20 }
            i += 3
        } else {
            i += 1
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

/// A URI for comparison: escapes' hex digits uppercased, the authority lowercased (host names
/// and the `xn--` prefix are case-insensitive).
func comparable(_ uri: String) -> String {
    var raw = WerkRawURI(normalizingEscapes(uri))
    if let authority = raw.authority { raw.authority = Substring(authority.lowercased()) }
    return raw.recomposed
}

/// The ASCII bytes written as escapes (`%2F` -> 0x2F), in order.
func asciiEscapes(_ s: String) -> [UInt8] {
    let bytes = Array(s.utf8)
    var out: [UInt8] = []
    var i = 0
    while i + 2 < bytes.count {
        if bytes[i] == UInt8(ascii: "%"), let high = HTTPSyntax.hexValue(bytes[i + 1]), let low = HTTPSyntax.hexValue(bytes[i + 2]) {
            if high < 8 { out.append(high << 4 | low) }
            i += 3
        } else {
            i += 1
        }
    }
    return out
}

func checkIRI(_ text: String) {
    let uri = iriToURI(text)
    require(uri.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }, "iriToURI(\(String(reflecting: text))) is not a URI: \(String(reflecting: uri))")
    require(iriToURI(uri) == uri, "iriToURI is not idempotent on \(String(reflecting: uri)): \(String(reflecting: iriToURI(uri)))")
    let iri = uriToIRI(uri)
    require(asciiEscapes(iri) == asciiEscapes(uri), "uriToIRI changed ASCII escapes: \(String(reflecting: uri)) -> \(String(reflecting: iri))")
    let back = iriToURI(iri)
    require(comparable(back) == comparable(uri),
            "URI -> IRI -> URI changed \(String(reflecting: uri)) -> \(String(reflecting: iri)) -> \(String(reflecting: back))")
}

func checkPunycode(_ text: String) {
    let label = String(text.lowercased().unicodeScalars.filter { $0 != "." && $0.value > 0x20 }.prefix(60))
    if let encoded = Punycode.encode(label) {
        require(encoded.utf8.allSatisfy { $0 < 0x80 }, "Punycode.encode gave non-ASCII for \(String(reflecting: label))")
        require(Punycode.decode(encoded) == label, "Punycode round trip changed \(String(reflecting: label)) via \(encoded)")
    }
    let host = String(text.unicodeScalars.filter { $0.value > 0x20 && !"/?#@:[]%".unicodeScalars.contains($0) }.prefix(120))
    guard let ascii = werkIDNAEncodeHost(host) else { return }
    require(ascii.utf8.allSatisfy { $0 < 0x80 }, "IDNA gave non-ASCII for \(String(reflecting: host))")
    // Back to Unicode: non-ASCII labels lowercased, ASCII ones as they were (unless they
    // already looked like "xn--" labels, which ToUnicode decodes).
    // Labels split by bytes (a Character may join "." with a mark before or after it).
    let labels = host.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map { Substring($0) }
    guard !host.unicodeScalars.contains(where: { ["\u{3002}", "\u{FF0E}", "\u{FF61}"].contains($0) }),
          !labels.contains(where: { $0.lowercased().hasPrefix("xn--") }) else { return }
    let expected = labels.map { $0.utf8.allSatisfy { $0 < 0x80 } ? String($0) : $0.lowercased() }.joined(separator: ".")
    require(werkIDNADecodeHost(ascii) == expected,
            "IDNA round trip: \(String(reflecting: host)) -> \(ascii) -> \(String(reflecting: werkIDNADecodeHost(ascii)))")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzIRI(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = FuzzBytes(data, size).text
    checkIRI(text)
    checkPunycode(text)
    return 0
}
