// libFuzzer target for percent-encoding and URL splitting (issue 14). Not part of the package
// build: `Benchmarks/fuzz.sh percent` compiles it against the instrumented Werk module.
//
// Input: one byte choosing a `safe` set, then the text. Properties, besides no crash, hang or leak:
// - percentEncode writes only unreserved and safe ASCII and uppercase `%XX` escapes, and
//   percentDecode of it gives the text back (also with spaces as `+`);
// - percentDecodeBytes never grows the input, and text without `%` decodes to itself;
// - URLParts: a parsed URL written back (description) parses to the same parts;
// - removing dot segments from an absolute path leaves no `.` or `..` segment and is idempotent;
// - joinURL with an empty reference gives the base without its fragment (RFC 3986 s5.2.2);
// - safeJoin accepts a path only when none of its segments (split at every `/` byte, as the
//   file system splits) is empty, `.` or `..`, or holds NUL or a backslash, and then joins it
//   as is.
@testable import Werk

/// Punctuation a caller may pass as `safe` (never `%` or `+`, which would make decoding ambiguous).
let safeCandidates: [Character] = ["/", ":", "@", "!", "$", "&", "'", "(", ")", "*", ",", ";", "=", "?", "#", "[", "]", " "]

func isHexUpper(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
}

func checkEncoding(_ text: String, safe: String) {
    let encoded = percentEncode(text, safe: safe)
    let bytes = Array(encoded.utf8)
    var i = 0
    while i < bytes.count {
        let byte = bytes[i]
        if byte == UInt8(ascii: "%") {
            require(i + 2 < bytes.count && isHexUpper(bytes[i + 1]) && isHexUpper(bytes[i + 2]),
                    "bad escape in \(String(reflecting: encoded))")
            i += 3
            continue
        }
        require(werkIsUnreservedByte(byte) || (byte < 0x80 && safe.utf8.contains(byte)),
                "percentEncode left \(byte) in \(String(reflecting: encoded)) (safe \(String(reflecting: safe)))")
        i += 1
    }
    require(percentDecode(encoded) == text, "percentDecode(percentEncode(\(String(reflecting: text)))) != text")
    let plus = percentEncode(text, safe: safe, spaceAsPlus: true)
    require(percentDecode(plus, plusAsSpace: true) == text, "spaceAsPlus round trip changed \(String(reflecting: text))")
}

func checkDecoding(_ text: String) {
    let decoded = percentDecodeBytes(text, plusAsSpace: true)
    require(decoded.count <= text.utf8.count, "percentDecodeBytes grew \(String(reflecting: text))")
    // Bytes, not Characters: a Prepend scalar (U+0600) or a combining mark joins "%" into one
    // Character that `contains("%")` does not see, and its escape still decodes.
    if !text.utf8.contains(UInt8(ascii: "%")) {
        require(percentDecodeBytes(text) == Array(text.utf8) && percentDecode(text) == text, "decoding changed plain text")
    }
}

func checkURL(_ text: String) {
    if let parts = URLParts(parsing: text) {
        let again = URLParts(parsing: parts.description)
        require(again == parts, "URLParts \(String(reflecting: text)) -> \(String(reflecting: parts.description)) -> \(String(describing: again))")
    }
    let path = "/" + text
    let once = werkRemoveDotSegments(Substring(path))
    // Bytes, not Characters: a combining mark after "/" must not hide the separator.
    let segments = once.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
    require(!segments.contains { $0.elementsEqual(".".utf8) || $0.elementsEqual("..".utf8) }, "dot segment left in \(String(reflecting: once)) from \(String(reflecting: path))")
    require(werkRemoveDotSegments(Substring(once)) == once, "removing dot segments twice changed \(String(reflecting: once))")
    var withoutFragment = text
    if let hash = text.utf8.firstIndex(of: UInt8(ascii: "#")) { withoutFragment = String(text[..<hash]) }
    require(joinURL(base: text, "") == withoutFragment, "joinURL(base: \(String(reflecting: text)), \"\") == \(String(reflecting: joinURL(base: text, "")))")
}

func checkSafeJoin(_ path: String) {
    let segments = path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
    let plain = !segments.contains { segment in
        segment.isEmpty || segment.elementsEqual(".".utf8) || segment.elementsEqual("..".utf8)
            || segment.contains(0) || segment.contains(UInt8(ascii: "\\"))
    }
    let joined = safeJoin(root: "/srv/static", path, resolvingLinks: false)
    require(joined == (plain ? "/srv/static/" + path : nil),
            "safeJoin(\(String(reflecting: path))) == \(String(describing: joined)), segments plain: \(plain)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPercent(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzBytes(data, size)
    let whole = input.text
    let mask = Int(input.byte()) << 8 | Int(input.byte())
    let text = String(decoding: input.rest(), as: UTF8.self)
    let safe = String(safeCandidates.enumerated().filter { mask & (1 << ($0.offset % 16)) != 0 }.map(\.element))
    checkEncoding(text, safe: safe)
    checkDecoding(whole)
    checkURL(whole)
    checkSafeJoin(whole)
    return 0
}
