#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds a multipart delimiter, `CRLF "--" boundary` (RFC 2046 s5.1.1: the CRLF before the
/// dash-boundary belongs to the delimiter, not to the part), in a buffer with the C library's
/// `memmem` (vectorised, skip-based, linear in the haystack for a needle of at most 74 bytes),
/// never byte by byte.
struct DelimiterFinder: Sendable {
    /// `\r\n--boundary`.
    let needle: [UInt8]

    /// A finder for the delimiter of `boundary` (already validated).
    init(boundary: [UInt8]) {
        needle = [0x0D, 0x0A, 0x2D, 0x2D] + boundary
    }

    /// A finder for any non-empty byte string (the decoder also looks for CRLF CRLF with it).
    init(needle: [UInt8]) {
        self.needle = needle
    }

    /// The offset of the first whole delimiter in `buffer[start...]`, or nil.
    func firstMatch(in buffer: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard buffer.count - start >= needle.count, let base = buffer.baseAddress else { return nil }
        return needle.withUnsafeBytes { needle -> Int? in
            guard let hit = DelimiterFinder.memmem(base + start, buffer.count - start, needle.baseAddress, needle.count)
            else { return nil }
            return UnsafeRawPointer(hit) - base
        }
    }

    /// The offset from which `buffer[start...]` may hold the beginning of a delimiter that the
    /// next bytes complete; bytes before it are certainly not part of a delimiter. Call it only
    /// after `firstMatch` found nothing.
    ///
    /// A delimiter prefix starts with CR, and CR occurs in the delimiter only as its first byte
    /// (it is no `bchars`), so only the last CR among the final `needle.count - 1` bytes can
    /// start one: one backward scan of at most 73 bytes and one comparison.
    func safeEnd(of buffer: UnsafeRawBufferPointer, from start: Int) -> Int {
        let end = buffer.count
        guard end > start, let base = buffer.baseAddress else { return end }
        let tailStart = max(start, end - (needle.count - 1))
        var index = end - 1
        while index >= tailStart, base.load(fromByteOffset: index, as: UInt8.self) != 0x0D { index -= 1 }
        guard index >= tailStart else { return end }
        let length = end - index
        let matches = needle.withUnsafeBytes { memcmp(base + index, $0.baseAddress!, length) == 0 }
        return matches ? index : end
    }

    /// glibc's `memmem`, which Swift's Glibc module does not export (it needs `_GNU_SOURCE`),
    /// looked up once with `dlsym`; a portable fallback if the lookup fails.
    private static let memmem: @convention(c) (UnsafeRawPointer?, Int, UnsafeRawPointer?, Int) -> UnsafeMutableRawPointer? = {
        if let symbol = dlsym(nil, "memmem") {
            return unsafeBitCast(symbol, to: (@convention(c) (UnsafeRawPointer?, Int, UnsafeRawPointer?, Int)
                -> UnsafeMutableRawPointer?).self)
        }
        return fallbackMemmem
    }()
}

/// `memmem` by `memchr` on the first needle byte and `memcmp`: used only where `dlsym` cannot
/// find the C library's own.
private func fallbackMemmem(_ haystack: UnsafeRawPointer?, _ haystackLength: Int,
                            _ needle: UnsafeRawPointer?, _ needleLength: Int) -> UnsafeMutableRawPointer? {
    guard let haystack, let needle, needleLength > 0, haystackLength >= needleLength else { return nil }
    let first = Int32(needle.load(as: UInt8.self))
    var position = haystack
    let last = haystack + (haystackLength - needleLength)
    while position <= last {
        guard let hit = memchr(position, first, last - position + 1) else { return nil }
        if memcmp(hit, needle, needleLength) == 0 { return hit }
        position = UnsafeRawPointer(hit) + 1
    }
    return nil
}
