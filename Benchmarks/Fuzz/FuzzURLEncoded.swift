// libFuzzer entry for the urlencoded form parser and percent-decoding (issue 5). Not part of the
// package build: `FUZZ_TARGET=urlencoded Benchmarks/fuzz.sh` compiles it with the URL sources.
//
// Oracles: no crash or hang (ASan); parsing the same bytes twice gives the same pairs; the
// one-pass byte parser (ASCII separator) gives what the piecewise one (any other separator) gives
// for the same text; every parsed pair survives encodeQueryString + parseQueryString unchanged; percentEncode then
// percentDecode gives back any decoded string; percentDecode of a string with no `%` or `+` is
// the string itself.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzURLEncoded(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let text = String(decoding: bytes, as: UTF8.self)

    let parsed = parseQueryString(text)
    let again = parseQueryString(text)
    precondition(parsed.items.map { "\($0.key)=\($0.value)" } == again.items.map { "\($0.key)=\($0.value)" })

    // ASCII input only: the piecewise parser splits on Characters, and a combining mark after
    // the separator would join it into another Character (not the byte parser's business).
    if text.utf8.allSatisfy({ $0 < 0x80 }) {
        let dotted = String(decoding: text.utf8.flatMap { $0 == UInt8(ascii: "&") ? [0xC2, 0xB7] : [$0] }, as: UTF8.self)
        let piecewise = parseQueryString(dotted, separator: "·")
        precondition(parsed.items.map { "\($0.key)\u{0}\($0.value)" } == piecewise.items.map { "\($0.key)\u{0}\($0.value)" },
                     "the byte parser and the piecewise parser disagree")
    }

    let pairs = parsed.items.map { ($0.key, $0.value) }
    let roundTrip = parseQueryString(encodeQueryString(pairs))
    precondition(roundTrip.items.map { "\($0.key)\u{0}\($0.value)" } == pairs.map { "\($0.0)\u{0}\($0.1)" },
                 "encode/parse round trip changed the pairs")

    let decoded = percentDecode(text, plusAsSpace: true)
    precondition(percentDecode(percentEncode(decoded, safe: ""), plusAsSpace: false) == decoded,
                 "percentEncode/percentDecode round trip changed the text")
    // Bytes, not Characters (see FuzzPercent): "%" may share a Character with its neighbours.
    if !text.utf8.contains(UInt8(ascii: "%")) { precondition(percentDecode(text) == text) }
    _ = percentDecodeBytes(text, plusAsSpace: true)
    return 0
}
