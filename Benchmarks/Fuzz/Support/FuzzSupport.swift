// Shared by the libFuzzer targets in Benchmarks/Fuzz (issue 14): Benchmarks/fuzz.sh compiles
// this file into every target that lists it. Not part of the package build.

/// Stops the run with `message` when a property does not hold. `fatalError` keeps its message
/// in optimised builds, where `precondition` would trap without one.
@inline(__always)
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError("property violated: " + message()) }
}

/// A cursor over one fuzzer input: bytes, bounded numbers and pieces cut at a separator.
/// Reading past the end gives zeros and empty pieces, so a target never has to check.
struct FuzzBytes {
    /// The whole input.
    let bytes: [UInt8]
    /// Where the next read starts.
    var index = 0

    /// The input libFuzzer hands to `LLVMFuzzerTestOneInput`.
    init(_ data: UnsafePointer<UInt8>, _ size: Int) {
        bytes = Array(UnsafeBufferPointer(start: data, count: size))
    }

    /// An input built by hand.
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The input as text (invalid UTF-8 becomes U+FFFD).
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// True when everything has been read.
    var isAtEnd: Bool { index >= bytes.count }

    /// The next byte, 0 at the end.
    mutating func byte() -> UInt8 {
        guard index < bytes.count else { return 0 }
        defer { index += 1 }
        return bytes[index]
    }

    /// A number in `0..<bound` from the next byte (or two when `bound` exceeds 256).
    mutating func int(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let raw = bound > 256 ? Int(byte()) << 8 | Int(byte()) : Int(byte())
        return raw % bound
    }

    /// The next eight bytes as a little-endian 64-bit pattern.
    mutating func uint64() -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 64, by: 8) { value |= UInt64(byte()) << UInt64(shift) }
        return value
    }

    /// The bytes up to (not including) the next `separator`, which is consumed; the rest
    /// of the input when there is none.
    mutating func piece(separator: UInt8 = 0x0A) -> [UInt8] {
        let start = Swift.min(index, bytes.count)
        var end = start
        while end < bytes.count && bytes[end] != separator { end += 1 }
        index = end + 1
        return Array(bytes[start..<end])
    }

    /// `piece(separator:)` as text.
    mutating func line(separator: UInt8 = 0x0A) -> String {
        String(decoding: piece(separator: separator), as: UTF8.self)
    }

    /// Everything not read yet.
    mutating func rest() -> [UInt8] {
        let start = Swift.min(index, bytes.count)
        index = bytes.count
        return Array(bytes[start...])
    }
}

/// True for every byte of a header field value that can never be sent: CR, LF, NUL (RFC 9110
/// s5.5) and the other control characters except HTAB.
func isForbiddenHeaderByte(_ byte: UInt8) -> Bool {
    (byte < 0x20 && byte != 0x09) || byte == 0x7F
}

/// The ways to read `bytes`: whole, byte at a time, cut at `cuts`.
func splits(_ bytes: [UInt8], cuts: [Int]) -> [[ArraySlice<UInt8>]] {
    var chunks: [ArraySlice<UInt8>] = []
    var start = 0
    for cut in cuts where start < bytes.count {
        let end = min(bytes.count, start + cut)
        chunks.append(bytes[start..<end])
        start = end
    }
    if start < bytes.count { chunks.append(bytes[start...]) }
    return [[bytes[...]], bytes.indices.map { bytes[$0...$0] }, chunks]
}
