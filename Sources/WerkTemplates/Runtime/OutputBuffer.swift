// The page being rendered: one growing byte buffer written at the end, never copied while
// rendering (Array's append checks uniqueness and takes a generic path for every piece).
#if canImport(Glibc)
import Glibc
#endif

/// A growable byte buffer owned by one render (malloc'd, freed when the render ends).
struct OutputBuffer: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    /// The bytes written.
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        let size = max(capacity, 64)
        guard let memory = malloc(size) else { fatalError("out of memory for a \(size) byte page") }
        base = memory.assumingMemoryBound(to: UInt8.self)
        self.capacity = size
    }

    deinit { free(base) }

    /// Makes room for `extra` more bytes, doubling the buffer as needed.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private mutating func grow(_ needed: Int) {
        let size = max(needed, capacity * 2)
        guard let memory = realloc(base, size) else { fatalError("out of memory for a \(size) byte page") }
        base = memory.assumingMemoryBound(to: UInt8.self)
        capacity = size
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        let n = bytes.count
        reserve(n)
        let target = base + count
        if n <= 16 {
            // Short pieces (most text between tags, most values): a loop beats calling memcpy.
            for i in 0..<n { target[i] = source[i] }
        } else {
            target.update(from: source, count: n)
        }
        count += n
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    /// Appends the UTF-8 of `text`.
    @inline(__always)
    mutating func append(text: String) {
        // A native string (every one built here) has contiguous UTF-8: no copy is made.
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ append($0) }) { return done }
        var copy = text
        copy.withUTF8 { append($0) }
    }

    /// Appends `text` with `&`, `<`, `>`, `"`, `'` replaced by `&amp;`, `&lt;`, `&gt;`, `&#34;`,
    /// `&#39;` (the references markupsafe writes, so output matches Jinja byte for byte).
    @inline(__always)
    mutating func append(escaping text: String) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ appendEscaped($0) }) { return done }
        var copy = text
        copy.withUTF8 { appendEscaped($0) }
    }

    mutating func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard var source = bytes.baseAddress else { return }
        var remaining = bytes.count
        if remaining > 64 {
            // Long text: skip to the first byte that needs escaping eight bytes at a time.
            let first = OutputBuffer.firstEscaped(bytes)
            append(UnsafeBufferPointer(start: source, count: first))
            source += first
            remaining -= first
        }
        // Then in pieces, each with room for the longest result (5 bytes per byte).
        while remaining > 0 {
            let piece = min(remaining, 256)
            reserve(piece * 5)
            var target = base + count
            let end = source + piece
            while source < end {
                let byte = source.pointee
                source += 1
                if byte < 64 && (escapedBytes >> UInt64(byte)) & 1 != 0 {
                    switch byte {
                    case UInt8(ascii: "&"): target[0] = 0x26; target[1] = 0x61; target[2] = 0x6D; target[3] = 0x70; target[4] = 0x3B; target += 5
                    case UInt8(ascii: "<"): target[0] = 0x26; target[1] = 0x6C; target[2] = 0x74; target[3] = 0x3B; target += 4
                    case UInt8(ascii: ">"): target[0] = 0x26; target[1] = 0x67; target[2] = 0x74; target[3] = 0x3B; target += 4
                    case UInt8(ascii: "\""): target[0] = 0x26; target[1] = 0x23; target[2] = 0x33; target[3] = 0x34; target[4] = 0x3B; target += 5
                    default: target[0] = 0x26; target[1] = 0x23; target[2] = 0x33; target[3] = 0x39; target[4] = 0x3B; target += 5
                    }
                } else {
                    target.pointee = byte
                    target += 1
                }
            }
            count = target - base
            remaining -= piece
        }
    }

    /// The index of the first byte of `bytes` that escaping replaces (`bytes.count` if none),
    /// looking at eight bytes at a time.
    @inline(__always)
    static func firstEscaped(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let start = bytes.baseAddress else { return 0 }
        let count = bytes.count
        var i = 0
        let raw = UnsafeRawPointer(start)
        while i + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if OutputBuffer.hasEscapedByte(word) { break }
            i += 8
        }
        while i < count {
            let byte = start[i]
            if byte < 64 && (escapedBytes >> UInt64(byte)) & 1 != 0 { return i }
            i += 1
        }
        return count
    }

    /// True when one of the eight bytes of `word` is `"`, `&`, `'`, `<` or `>` (a byte equal to
    /// c makes `word ^ c*0x0101..` have a zero byte, which the classic zero-byte test finds).
    @inline(__always)
    private static func hasEscapedByte(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZeroByte(_ x: UInt64) -> Bool { (x &- ones) & ~x & highs != 0 }
        return hasZeroByte(word ^ (ones &* 0x22)) || hasZeroByte(word ^ (ones &* 0x26)) || hasZeroByte(word ^ (ones &* 0x27))
            || hasZeroByte(word ^ (ones &* 0x3C)) || hasZeroByte(word ^ (ones &* 0x3E))
    }

    /// Appends the decimal digits of `value`.
    @inline(__always)
    mutating func append(integer value: Int) {
        reserve(20)
        if value >= 0 && value < 10 {
            base[count] = UInt8(truncatingIfNeeded: value) &+ 0x30
            count += 1
            return
        }
        var magnitude = value.magnitude
        var digits = 0
        var probe = magnitude
        repeat { digits += 1; probe /= 10 } while probe > 0
        if value < 0 {
            base[count] = UInt8(ascii: "-")
            count += 1
        }
        var at = count + digits
        count = at
        repeat {
            at -= 1
            base[at] = UInt8(truncatingIfNeeded: magnitude % 10) &+ 0x30
            magnitude /= 10
        } while magnitude > 0
    }

    /// Appends Python's `repr` of a float; the common case (a few decimals, as prices have)
    /// is written directly, the rest through `PythonFloat`.
    @inline(__always)
    mutating func append(double value: Double) {
        if !appendShortDecimal(value) { append(text: PythonFloat.repr(value)) }
    }

    /// Writes `value` when it is a decimal with at most 6 digits after the point and below
    /// 1e9: then the digits `n` of the smallest `k` with `n / 10^k == value` are the shortest
    /// that read back as `value` (below 1e9 a double's spacing is under 1e-6, so no other
    /// `k`-digit decimal reads back as the same double), which is what Python prints.
    private mutating func appendShortDecimal(_ value: Double) -> Bool {
        let magnitude = abs(value)
        guard magnitude < 1e9, magnitude >= 1e-4 || magnitude == 0 else { return false }
        var scale = 1.0, power = 1
        for decimals in 0...6 {
            // Below 1e15 the conversion cannot overflow; adding one half rounds (the check
            // below catches any case it rounds the wrong way).
            let digits = Int(magnitude * scale + 0.5)
            if Double(digits) / scale == magnitude {
                if value.sign == .minus { append(UInt8(ascii: "-")) }
                let whole = digits / power
                var fraction = digits % power
                append(integer: whole)
                append(UInt8(ascii: "."))
                if decimals == 0 {
                    append(UInt8(ascii: "0"))
                } else {
                    reserve(decimals)
                    var at = count + decimals
                    count = at
                    for _ in 0..<decimals {
                        at -= 1
                        base[at] = UInt8(truncatingIfNeeded: fraction % 10) &+ 0x30
                        fraction /= 10
                    }
                }
                return true
            }
            scale *= 10
            power *= 10
        }
        return false
    }

    /// The bytes from `mark` on, as text.
    func string(from mark: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + mark, count: count - mark), as: UTF8.self)
    }

    /// Drops the bytes from `mark` on.
    mutating func truncate(to mark: Int) { count = mark }

    /// The whole page as an array.
    func array() -> [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
}

/// Bits 0-63: set for the ASCII bytes HTML escaping replaces (`"` `&` `'` `<` `>`).
private let escapedBytes: UInt64 = (1 << 0x22) | (1 << 0x26) | (1 << 0x27) | (1 << 0x3C) | (1 << 0x3E)
