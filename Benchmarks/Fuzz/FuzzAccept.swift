// libFuzzer target for the Accept headers (issue 14). Not part of the package build:
// `Benchmarks/fuzz.sh accept` compiles it against the instrumented Werk module.
//
// The whole input is parsed as each of Accept, Accept-Language, Accept-Charset and
// Accept-Encoding. Properties, besides no crash, hang or leak:
// - every quality is in 0...1 and entries are sorted best first;
// - a plainly written value (no wildcard, no quotes) listed without parameters gets, as an
//   offer, the best quality it is listed with;
// - bestMatch returns one of the offers (or the default) whose quality is above 0 and not
//   beaten by any other offer; it returns the default only when every offer has quality 0;
// - an absent header accepts everything with quality 1.
@testable import Werk

let kinds: [Accept.Kind] = [.mime, .language, .charset, .encoding]
let fixedOffers = ["text/html", "application/json", "text/plain;charset=utf-8", "*/*", "en-US", "de", "utf-8",
                   "gzip", "identity", "br"]

/// A value written plainly enough that it is its own offer: tchar (and `/` once for media types).
func isPlain(_ value: String, kind: Accept.Kind) -> Bool {
    guard !value.contains("*") else { return false }
    if kind == .mime {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { isHTTPToken(String($0)) }
    }
    return isHTTPToken(value)
}

/// How the matcher compares values of `kind` (the oracle's own normalisation).
func key(_ value: String, kind: Accept.Kind) -> String {
    let lower = value.lowercased()
    return kind == .language ? lower.replacing("_", with: "-") : lower
}

func check(_ text: String, kind: Accept.Kind) {
    let accept = Accept(parsing: text, kind: kind)
    for (i, entry) in accept.entries.enumerated() {
        require((0...1).contains(entry.quality), "quality \(entry.quality) out of range in \(String(reflecting: text))")
        if i > 0 { require(accept.entries[i - 1].quality >= entry.quality, "entries not sorted for \(String(reflecting: text))") }
        require(!entry.value.isEmpty, "empty value from \(String(reflecting: text))")
    }
    for entry in accept.entries where isPlain(entry.value, kind: kind) && (kind != .mime || entry.parameters.isEmpty) {
        let same = accept.entries.filter {
            key($0.value, kind: kind) == key(entry.value, kind: kind) && (kind != .mime || $0.parameters.isEmpty)
        }
        let best = same.map(\.quality).max()!
        let got = accept.quality(of: entry.value)
        require(got == best, "\(kind) quality of \(entry.value) is \(got), listed best with \(best), in \(String(reflecting: text))")
    }
    let offers = accept.entries.prefix(6).map(\.value) + fixedOffers
    let qualities = offers.map { accept.quality(of: $0) }
    let best = accept.bestMatch(offers, default: "DEFAULT")
    if best == "DEFAULT" {
        require(qualities.allSatisfy { $0 == 0 }, "bestMatch found nothing though \(zip(offers, qualities).filter { $0.1 > 0 }) are acceptable")
    } else {
        guard let best, let index = offers.firstIndex(of: best) else {
            require(false, "bestMatch returned \(String(describing: best)), not an offer")
            return
        }
        require(qualities[index] > 0, "bestMatch chose \(best) with quality 0")
        require(qualities.allSatisfy { $0 <= qualities[index] }, "bestMatch chose \(best) (\(qualities[index])) over a better offer: \(zip(offers, qualities).map { $0 })")
    }
    if accept.isEmpty { require(qualities.allSatisfy { $0 == 1 }, "an empty header did not accept everything") }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAccept(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = FuzzBytes(data, size).text
    for kind in kinds { check(text, kind: kind) }
    let absent = Accept(parsing: nil, kind: .mime)
    require(absent.isEmpty && absent.quality(of: text) == 1, "an absent header refused \(String(reflecting: text))")
    return 0
}
