// Benchmark of MultipartParser (issue 5).
//
//     swift build -c release --product multipart-bench && .build/release/multipart-bench
//
// 1. One 100 MiB file part, generated on the fly (never held whole) and fed in 64 KiB reads,
//    spooled to a temporary file: MiB/s and peak RSS (VmHWM of /proc/self/status).
// 2. 10,000 small text fields: parts/s.
// 3. Adversarial content, `\r\n--XyZz` repeated (near-delimiters), for N and 4N bytes: the
//    time must grow about 4x (linear), not 16x.
#if canImport(Glibc)
import Glibc
#endif
import Werk

/// A body made of a head, `repeats` copies of a 64 KiB block, and a tail, produced while read.
final class GeneratedInput: RequestInput {
    private let head: [UInt8], block: [UInt8], tail: [UInt8]
    private var segment = 0, offset = 0, repeatsLeft: Int
    init(head: [UInt8], block: [UInt8], repeats: Int, tail: [UInt8]) {
        self.head = head; self.block = block; self.tail = tail; self.repeatsLeft = repeats
    }
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let current: [UInt8]
            switch segment {
            case 0: current = head
            case 1: current = block
            case 2: current = tail
            default: return 0
            }
            if segment == 1 && repeatsLeft == 0 { segment = 2; offset = 0; continue }
            let count = min(buffer.count, current.count - offset)
            if count == 0 {
                if segment == 1 { repeatsLeft -= 1; offset = 0; if repeatsLeft > 0 { continue } }
                segment += 1; offset = 0; continue
            }
            current.withUnsafeBytes { buffer.baseAddress!.copyMemory(from: $0.baseAddress! + offset, byteCount: count) }
            offset += count
            return count
        }
    }
}

func peakRSSKiB() -> Int {
    guard let file = fopen("/proc/self/status", "r") else { return -1 }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, 256, file) != nil {
        let text = String(decoding: line.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix("VmHWM:") { return Int(text.dropFirst(6).filter(\.isNumber)) ?? -1 }
    }
    return -1
}

/// `value` with `digits` decimals (no Foundation here).
func fixed(_ digits: Int, _ value: Double) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let scaled = Int((value * scale).rounded())
    if digits == 0 { return String(scaled) }
    let whole = scaled / Int(scale), fraction = abs(scaled % Int(scale))
    let digitsText = String(fraction)
    return "\(whole).\(String(repeating: "0", count: digits - digitsText.count))\(digitsText)"
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

let boundary = "----WebKitFormBoundaryzMqPs5FUAhxRkLtv"
let clock = ContinuousClock()
let limits = FormLimits(maxFormParts: nil, maxSpoolSize: nil)  // the 100 MiB file is spooled whole
let directory = FormLimits.defaultTemporaryDirectory

// 1. Large file.
var block = [UInt8](repeating: 0, count: 64 * 1024)
var seed: UInt64 = 0x9E3779B97F4A7C15
for i in block.indices { seed = seed &* 6364136223846793005 &+ 1442695040888963407; block[i] = UInt8(truncatingIfNeeded: seed >> 33) }
let fileMiB = 100
let largeHead = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n".utf8)
let largeTail = Array("\r\n--\(boundary)--\r\n".utf8)
let rssBefore = peakRSSKiB()
var best = Double.infinity
for run in 1...3 {
    let files = TemporaryFiles(directory: directory)
    let input = GeneratedInput(head: largeHead, block: block, repeats: fileMiB * 16, tail: largeTail)
    var size = 0
    let time = seconds(try clock.measure {
        let form = try MultipartParser.parse(input, boundary: boundary, limits: limits, temporaryFiles: files)
        size = form.files[0].file.size
        precondition(form.files[0].file.isSpooled)
    })
    precondition(size == fileMiB * 1024 * 1024)
    files.removeAll()
    best = min(best, time)
    print("large file run \(run): \(fileMiB) MiB in \(fixed(3, time)) s = \(fixed(0, Double(fileMiB) / time)) MiB/s (spooled to \(directory))")
}
let rssAfter = peakRSSKiB()
print("large file best: \(fixed(0, Double(fileMiB) / best)) MiB/s; peak RSS \(rssBefore / 1024) MiB before, \(rssAfter / 1024) MiB after (VmHWM)")

// 1b. The same without disk: the decoder alone (events counted, bytes dropped).
do {
    let input = GeneratedInput(head: largeHead, block: block, repeats: fileMiB * 16, tail: largeTail)
    var decoder = try MultipartDecoder(boundary: boundary)
    var bytes = 0
    let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    let time = seconds(try clock.measure {
        while true {
            let n = try input.read(into: buffer)
            if n == 0 { break }
            try decoder.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) { event throws(FormParseError) in
                if case .data(let piece) = event { bytes += piece.count }
            }
        }
        try decoder.finish()
    })
    buffer.deallocate()
    precondition(bytes == fileMiB * 1024 * 1024)
    print("decoder only (no spooling): \(fixed(0, Double(fileMiB) / time)) MiB/s")
}

// 2. Many small fields.
var fieldsBody: [UInt8] = []
let fieldCount = 10_000
for i in 0..<fieldCount {
    fieldsBody += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"field\(i)\"\r\n\r\nvalue number \(i)\r\n".utf8)
}
fieldsBody += Array("--\(boundary)--\r\n".utf8)
var bestFields = Double.infinity
for _ in 1...5 {
    let time = seconds(try clock.measure {
        let form = try MultipartParser.parse(BytesInput(fieldsBody), boundary: boundary,
                                             limits: FormLimits(maxFormMemorySize: nil, maxFormParts: nil, maxSpoolSize: nil),
                                             temporaryFiles: TemporaryFiles(directory: directory))
        precondition(form.fields.count == fieldCount)
    })
    bestFields = min(bestFields, time)
}
print("\(fieldCount) small fields (\(fieldsBody.count) bytes): \(fixed(1, bestFields * 1000)) ms = \(fixed(0, Double(fieldCount) / bestFields)) parts/s")

// 3. Adversarial near-delimiters: time for N and 4N.
/// `cut`: the delimiter minus its last 3 bytes; `nearMiss`: the whole delimiter with one byte
/// in the middle changed, so a skip search matches its end and must compare most of it.
func adversarial(_ repeats: Int, nearMiss: Bool) throws -> Double {
    var unit = "\r\n--\(boundary.dropLast(3))"
    if nearMiss {
        var chars = Array("\r\n--\(boundary)")
        chars[chars.count / 2] = "#"
        unit = String(chars)
    }
    let near = Array(String(repeating: unit, count: repeats).utf8)
    let body = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"f\"; filename=\"evil\"\r\n\r\n".utf8) + near
        + Array("\r\n--\(boundary)--\r\n".utf8)
    // The decoder alone, fed 64 KiB pieces: the delimiter search is what is being measured
    // (spooling would add the page cache's write-back behaviour to the timing).
    var best = Double.infinity
    for _ in 1...5 {
        var decoder = try MultipartDecoder(boundary: boundary)
        var size = 0
        best = min(best, seconds(try clock.measure {
            try body.withUnsafeBytes { (all: UnsafeRawBufferPointer) throws in
                var offset = 0
                while offset < all.count {
                    let piece = UnsafeRawBufferPointer(rebasing: all[offset..<min(offset + 65536, all.count)])
                    try decoder.feed(piece) { event throws(FormParseError) in
                        if case .data(let bytes) = event { size += bytes.count }
                    }
                    offset += piece.count
                }
            }
            try decoder.finish()
        }))
        precondition(size == near.count)
    }
    print("adversarial (\(nearMiss ? "near-miss" : "cut")) \(body.count / 1024) KiB of near-delimiters: \(fixed(1, best * 1000)) ms (\(fixed(0, Double(body.count) / 1048576 / best)) MiB/s)")
    return best
}
for nearMiss in [false, true] {
    let n = 250_000
    let timeN = try adversarial(n, nearMiss: nearMiss)
    let time4N = try adversarial(4 * n, nearMiss: nearMiss)
    print("adversarial (\(nearMiss ? "near-miss" : "cut")) 4N/N time ratio: \(fixed(2, time4N / timeN)) (linear = 4)")
}
