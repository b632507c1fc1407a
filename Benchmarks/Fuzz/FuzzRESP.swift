// libFuzzer target for the RESP2 decoder and encoder (issue 14). Not part of the package build:
// `Benchmarks/fuzz.sh resp` compiles it with Sources/WerkRedis/RESP*.swift.
//
// Properties, besides no crash, hang or leak:
// - the input as wire bytes, fed whole, one byte at a time, or cut at places the input chooses,
//   gives the same values, then the same error (or the same leftover), with the default limits
//   and with small ones; every value decoded respects the limits;
// - the input cut into arguments: RESPEncoder.command's bytes decode to that command, an array
//   of bulk strings, and nothing else;
// - values generated from the input (every type, nested, any 64-bit integer), written in RESP2
//   and decoded, give the same values.

/// A decoding: the values, then the error message (or the bytes left over).
struct Decoding: Equatable {
    var values: [RESPValue] = []
    var error: String?
    var leftover = 0
}

let smallLimits: RESPDecoder.Limits = {
    var limits = RESPDecoder.Limits()
    limits.maxBulkLength = 64
    limits.maxArrayCount = 8
    limits.maxDepth = 4
    limits.maxLineLength = 24
    return limits
}()

func decode(_ chunks: [ArraySlice<UInt8>], limits: RESPDecoder.Limits) -> Decoding {
    var decoder = RESPDecoder(limits: limits)
    var result = Decoding()
    for chunk in chunks {
        decoder.feed(chunk)
        do {
            while let value = try decoder.next() { result.values.append(value) }
        } catch {
            result.error = error.message
            return result
        }
    }
    result.leftover = decoder.bufferedCount
    return result
}

/// Checks that `value` (at `depth`) stays within `limits`.
func checkLimits(_ value: RESPValue, _ limits: RESPDecoder.Limits, depth: Int = 0) {
    switch value {
    case .simpleString(let text), .error(let text):
        require(text.utf8.count <= limits.maxLineLength * 3, "a line of \(text.utf8.count) bytes passed the limit")
    case .bulkString(let bytes):
        require(bytes.count <= limits.maxBulkLength, "a bulk string of \(bytes.count) bytes passed the limit")
    case .array(let elements):
        require(elements.count <= limits.maxArrayCount && depth < limits.maxDepth, "an array passed the limits")
        for element in elements { checkLimits(element, limits, depth: depth + 1) }
    case .integer, .null:
        break
    }
}

func checkSplits(_ bytes: [UInt8], cuts: [Int], limits: RESPDecoder.Limits) {
    let ways = splits(bytes, cuts: cuts)
    let whole = decode(ways[0], limits: limits)
    for value in whole.values { checkLimits(value, limits) }
    let single = decode(ways[1], limits: limits)
    require(single == whole, "byte at a time: \(single) vs whole: \(whole)")
    let chunks = ways[2]
    let split = decode(chunks, limits: limits)
    require(split == whole, "cut into \(chunks.map(\.count)): \(split) vs whole: \(whole)")
}

func checkCommand(_ bytes: [UInt8]) {
    guard let separator = bytes.first else { return }
    let parts = bytes.dropFirst().split(separator: separator, omittingEmptySubsequences: false).map(Array.init)
    let wire = RESPEncoder.command(parts)
    let decoded = decode([wire[...]], limits: RESPDecoder.Limits())
    require(decoded == Decoding(values: [.array(parts.map { .bulkString($0) })]), "command \(parts) decoded as \(decoded)")
}

/// Writes a value in RESP2, as a server would.
func encode(_ value: RESPValue, into out: inout [UInt8]) {
    func line(_ type: Character, _ text: String) { out += Array("\(type)\(text)\r\n".utf8) }
    switch value {
    case .simpleString(let text): line("+", text)
    case .error(let text): line("-", text)
    case .integer(let n): line(":", String(n))
    case .bulkString(let bytes): line("$", String(bytes.count)); out += bytes + [13, 10]
    case .array(let elements): line("*", String(elements.count)); for element in elements { encode(element, into: &out) }
    case .null: line("$", "-1")
    }
}

/// A value made from the input: any type, arrays up to three deep.
func generate(_ input: inout FuzzBytes, depth: Int = 0) -> RESPValue {
    func text() -> String {
        let count = Int(input.byte() % 24)
        return String(decoding: (0..<count).map { _ in input.byte() }.filter { $0 != 13 && $0 != 10 }, as: UTF8.self)
    }
    switch input.byte() % (depth < 3 ? 6 : 5) {
    case 0: return .simpleString(text())
    case 1: return .error(text())
    case 2: return .integer(Int64(bitPattern: input.uint64()))
    case 3: return .bulkString((0..<Int(input.byte() % 48)).map { _ in input.byte() })
    case 4: return .null
    default: return .array((0..<Int(input.byte() % 5)).map { _ in generate(&input, depth: depth + 1) })
    }
}

func checkReplies(_ input: inout FuzzBytes) {
    var values: [RESPValue] = []
    var wire: [UInt8] = []
    while !input.isAtEnd && values.count < 8 {
        let value = generate(&input)
        values.append(value)
        encode(value, into: &wire)
    }
    let decoded = decode([wire[...]], limits: RESPDecoder.Limits())
    require(decoded == Decoding(values: values), "replies \(values) decoded as \(decoded)")
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRESP(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var input = FuzzBytes(data, size)
    let cuts = input.bytes.suffix(16).map { Int($0 % 32) + 1 }
    checkSplits(input.bytes, cuts: cuts, limits: RESPDecoder.Limits())
    checkSplits(input.bytes, cuts: cuts, limits: smallLimits)
    checkCommand(input.bytes)
    checkReplies(&input)
    return 0
}
