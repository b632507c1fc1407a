// libFuzzer target for the server's chunked decoder (issue 14). Not part of the package build:
// `Benchmarks/fuzz.sh chunked` compiles it with the head files of Sources/WerkServer/HTTP.
//
// Byte 0 of the input picks the output buffer size (0: data skipped) and the limits; byte 1
// the encoding style; the last sixteen bytes give read sizes; the rest is a chunked body.
// Properties, besides no crash, hang or leak:
// - the input decoded whole, one byte at a time, or in the pieces the input chooses, into
//   any output size or none, gives the same data, the same end (and bytes consumed, so the
//   next pipelined request is untouched) or the same error; every call makes progress;
// - the input's bytes cut into chunks (sizes in upper or lower case, leading zeros,
//   extensions, trailers) decode to those bytes and stop right after the last CRLF; so does
//   a body that decoded, chunked again;
// - such an encoding with its framing broken (a bare LF, a missing CRLF after the data, a
//   non-hex size, a size too large for an Int) is refused with a 400;
// - extensions and size padding adding up past the body's budget are refused with a 413,
//   exactly when the encoding's extension bytes (the whitespace and `;` before them included)
//   and the leading zeros of its sizes (all but each size's first digit) pass it.

import Werk

/// What decoding a body gives: its data, then where it ended or why it was refused.
struct ChunkedOutcome: Equatable {
    var data: [UInt8] = []
    var produced = 0
    /// Input bytes consumed up to the end of the body, once it ended.
    var end: Int?
    var error: RequestError?

    /// After a refusal the data does not count: a call that throws returns none of what it
    /// copied, and the server answers 400 without reading the body.
    static func == (a: ChunkedOutcome, b: ChunkedOutcome) -> Bool {
        if a.error != nil || b.error != nil { return a.error == b.error }
        return a.data == b.data && a.produced == b.produced && a.end == b.end
    }
}

let smallDecoder = ChunkedDecoder(maxLineLength: 12, maxTrailerBytes: 24)

/// Decodes `chunks` as the server does: each read given to the decoder until it is used up.
/// `outputSize` 0 skips the data (as when a body is discarded).
func decode(_ chunks: [ArraySlice<UInt8>], outputSize: Int, decoder start: ChunkedDecoder = ChunkedDecoder()) -> ChunkedOutcome {
    var decoder = start
    var outcome = ChunkedOutcome()
    var output = [UInt8](repeating: 0, count: max(outputSize, 1))
    var total = 0
    for chunk in chunks {
        var i = chunk.startIndex
        while i < chunk.endIndex && !decoder.isDone {
            let result: Result<(consumed: Int, produced: Int), RequestError> = chunk[i...].withUnsafeBytes { input in
                output.withUnsafeMutableBytes { out in
                    do throws(RequestError) {
                        return .success(try decoder.decode(input, into: outputSize == 0 ? nil : out))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            let step: (consumed: Int, produced: Int)
            switch result {
            case .success(let done): step = done
            case .failure(let error):
                require([400, 413, 431].contains(error.status.code), "refusal \(error)")
                outcome.error = error
                return outcome
            }
            require(step.consumed > 0 || step.produced > 0, "no progress with \(chunk.endIndex - i) bytes left")
            require(step.consumed <= chunk.endIndex - i && (outputSize == 0 || step.produced <= outputSize), "step \(step) out of bounds")
            if outputSize > 0 { outcome.data += output[0..<step.produced] }
            outcome.produced += step.produced
            i += step.consumed
            total += step.consumed
        }
        if decoder.isDone { outcome.end = total; return outcome }
    }
    return outcome
}

/// The extension `style` puts on every size line (with the whitespace before it).
func chunkExtension(style: UInt8) -> String {
    style & 4 == 4 ? " ;ext=\"a b\"" : style & 8 == 8 ? ";x" : ""
}

/// `data` in the chunked coding, in pieces of `sizes`, written in the style `style` picks.
/// `padding` counts what the decoder bounds per body: extension bytes and the leading zeros
/// of each size but its first digit.
func encodeChunked(_ data: [UInt8], sizes: [Int], style: UInt8, padding: inout Int) -> [UInt8] {
    func sizeLine(_ n: Int) -> [UInt8] {
        var hex = String(n, radix: 16, uppercase: style & 1 == 1)
        if style & 2 == 2 { hex = "00" + hex }
        padding += max(0, hex.utf8.prefix { $0 == UInt8(ascii: "0") }.count - 1)
        let ext = chunkExtension(style: style)
        padding += ext.utf8.count
        return Array((hex + ext).utf8) + [0x0D, 0x0A]
    }
    var out: [UInt8] = []
    var start = 0
    var index = 0
    while start < data.count {
        let n = min(data.count - start, max(1, sizes.isEmpty ? data.count : sizes[index % sizes.count]))
        out += sizeLine(n) + data[start..<start + n] + [0x0D, 0x0A]
        start += n
        index += 1
    }
    out += sizeLine(0)
    if style & 16 == 16 { out += Array("X-Checksum: abc\r\nX-Other:\t1\r\n".utf8) }
    return out + [0x0D, 0x0A]
}

/// Encodes, decodes every way and checks the data and the end come back, or a 413 exactly
/// when the extensions pass the body's budget.
func checkEncoding(_ data: [UInt8], sizes: [Int], style: UInt8, cuts: [Int]) {
    var extensionBytes = 0
    let encoded = encodeChunked(data, sizes: sizes, style: style, padding: &extensionBytes)
    let tooMany = extensionBytes > ChunkedDecoder().maxExtensionBytes
    // A pipelined request after the body must stay unread.
    let stream = encoded + Array("GET / HTTP/1.1\r\n".utf8)
    for chunks in splits(stream, cuts: cuts) {
        let outcome = decode(chunks, outputSize: 7)
        if tooMany {
            require(outcome.error?.status.code == 413, "\(extensionBytes) extension bytes accepted: \(outcome)")
        } else {
            require(outcome.error == nil && outcome.data == data && outcome.end == encoded.count,
                    "encoded \(data.count) bytes in \(encoded.count): \(outcome)")
        }
    }
    guard !tooMany else { return }
    checkBroken(encoded, data: data, choice: style)
}

/// One framing byte of a valid encoding broken: the decoder must refuse it.
func checkBroken(_ encoded: [UInt8], data: [UInt8], choice: UInt8) {
    guard let firstCRLF = encoded.firstIndex(of: 0x0D) else { return }
    var broken = encoded
    switch choice % 4 {
    case 0:
        // A bare LF ends the size line.
        broken.remove(at: firstCRLF)
    case 1:
        // A size digit that is not hex.
        broken.insert(0x67, at: 0)
    case 2:
        // A chunk size too large for an Int.
        broken = Array("8000000000000000\r\n".utf8) + encoded
    default:
        // The data of the first chunk without its CRLF (only when there is a first chunk).
        guard !data.isEmpty else { return }
        let size = Int(String(decoding: encoded[..<firstCRLF].prefix { $0 != 0x20 && $0 != 0x3B }, as: UTF8.self), radix: 16) ?? 0
        let dataEnd = firstCRLF + 2 + size
        broken.removeSubrange(dataEnd..<dataEnd + 2)
        // Still valid if the following bytes happen to read as CRLF: only a broken stream counts.
        guard broken[dataEnd...].prefix(2).elementsEqual([0x0D, 0x0A]) == false else { return }
    }
    let outcome = decode([broken[...]], outputSize: 16)
    require(outcome.error != nil, "broken framing (\(choice % 4)) accepted: \(outcome)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChunked(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = FuzzBytes(data, size)
    guard input.bytes.count >= 2 else { return 0 }
    let outputSize = Int(input.bytes[0] % 33)
    let style = input.bytes[1]
    let body = Array(input.bytes.dropFirst(2))
    let cuts = input.bytes.suffix(16).map { Int($0 % 24) + 1 }

    // Split independence, with the default and with small limits.
    for start in [ChunkedDecoder(), smallDecoder] {
        let ways = splits(body, cuts: cuts).map { decode($0, outputSize: outputSize, decoder: start) }
        for outcome in ways.dropFirst() {
            require(outcome == ways[0], "split decoding \(outcome) vs whole \(ways[0])")
        }
        let skipped = decode([body[...]], outputSize: 0, decoder: start)
        require(skipped.error == ways[0].error && (skipped.error != nil || skipped.produced == ways[0].produced && skipped.end == ways[0].end),
                "skipping the data: \(skipped) vs \(ways[0])")
        if let end = ways[0].end { require(end <= body.count, "end \(end) past the input") }
    }

    // A body that decoded, chunked again; and the input's bytes chunked.
    let whole = decode([body[...]], outputSize: 32)
    if whole.end != nil { checkEncoding(whole.data, sizes: cuts, style: style, cuts: cuts.reversed()) }
    checkEncoding(body, sizes: cuts, style: style, cuts: cuts)
    return 0
}
