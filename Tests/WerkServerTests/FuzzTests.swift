import Testing
@testable import WerkServer

/// A small deterministic generator (SplitMix64), so a failure can be replayed.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Bad input never crashes the parser or the chunked decoder: mutated valid requests and
/// random bytes either parse or give a RequestError.
struct FuzzTests {
    private static let seeds: [[UInt8]] = [
        "GET /a?b=c HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n",
        "POST http://h:1/p HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n",
        "OPTIONS * HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
    ].map { Array($0.utf8) }

    @Test func mutatedHeadsNeverCrash() {
        var rng = SplitMix(state: 42)
        let alphabet: [UInt8] = Array(" \t\r\n:;,/?%*\"0123456789aAzZ-_\u{7F}".utf8) + [0, 0x80, 0xFF, 0x0B]
        var parsed = 0, refused = 0
        for round in 0..<20_000 {
            var bytes = FuzzTests.seeds[round % FuzzTests.seeds.count]
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0: bytes[at] = alphabet.randomElement(using: &rng)!
                case 1: bytes.insert(alphabet.randomElement(using: &rng)!, at: at)
                default: if bytes.count > 1 { bytes.remove(at: at) }
                }
            }
            bytes.withUnsafeBytes { raw in
                var scanner = HeadScanner()
                if case .complete(let start, let end) = scanner.scan(raw, limits: HeadLimits()) {
                    do throws(RequestError) {
                        _ = try RequestHeadParser.parse(UnsafeRawBufferPointer(rebasing: raw[start..<end]))
                        parsed += 1
                    } catch {
                        #expect((400...505).contains(error.status.code))
                        refused += 1
                    }
                }
            }
        }
        #expect(parsed > 0 && refused > 0)
    }

    @Test func randomChunkedBodiesNeverCrash() {
        var rng = SplitMix(state: 7)
        let alphabet: [UInt8] = Array("0123456789abcdefABCDEF;= \t\r\n\"xX:".utf8) + [0, 0xFF]
        var output = [UInt8](repeating: 0, count: 64)
        for _ in 0..<20_000 {
            let input = (0..<Int.random(in: 1...40, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
            var decoder = ChunkedDecoder()
            var offset = 0
            for _ in 0..<100 where offset < input.count && !decoder.isDone {
                let result = try? input[offset...].withUnsafeBytes { raw in
                    try output.withUnsafeMutableBytes { try decoder.decode(raw, into: $0) }
                }
                guard let result, result.consumed > 0 || result.produced > 0 else { break }
                offset += result.consumed
            }
        }
    }
}
