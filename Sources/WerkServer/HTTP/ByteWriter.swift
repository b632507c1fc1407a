import Werk

/// A growable byte buffer that response heads are built in: appends are plain copies into
/// memory it owns (no array bookkeeping), and the bytes are written to the socket from where
/// they are. Reused for every response of a thread.
final class ByteWriter {
    // Stored properties skip the runtime exclusivity checks (`@exclusivity(unchecked)`): one
    // thread at a time uses an instance and no access overlaps another; on this path the checks
    // cost more than the work.
    @exclusivity(unchecked) private var base: UnsafeMutableRawPointer
    @exclusivity(unchecked) private var capacity: Int
    /// Bytes written so far.
    @exclusivity(unchecked) private(set) var count = 0

    /// An empty buffer with room for `capacity` bytes.
    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 64)
        base = .allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { base.deallocate() }

    /// The bytes written (valid until the next append or `reset`).
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Forgets the bytes (keeping the memory).
    func reset() { count = 0 }

    @inline(__always)
    private func reserve(_ n: Int) {
        if capacity - count < n { grow(n) }
    }

    private func grow(_ n: Int) {
        var newCapacity = capacity * 2
        while newCapacity - count < n { newCapacity *= 2 }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 8)
        grown.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }

    /// Appends `bytes`.
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).copyMemory(from: source, byteCount: bytes.count)
        count += bytes.count
    }

    /// Appends one byte.
    @inline(__always)
    func append(_ byte: UInt8) {
        reserve(1)
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// Appends `\r\n`.
    @inline(__always)
    func appendCRLF() {
        reserve(2)
        base.storeBytes(of: 0x0A0D, toByteOffset: count, as: UInt16.self)
        count += 2
    }

    /// Appends the UTF-8 bytes of `text`.
    func append(_ text: String) {
        if let done: Void = text.utf8.withContiguousStorageIfAvailable({ append(UnsafeRawBufferPointer($0)) }) { return done }
        var copy = text
        copy.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Appends the bytes of a literal.
    func append(_ text: StaticString) {
        append(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends `value` in decimal.
    func appendDecimal(_ value: Int) {
        if value < 0 {
            append(0x2D)
            appendDecimal(-value)
            return
        }
        var digits = 1, rest = value
        while rest >= 10 { rest /= 10; digits += 1 }
        reserve(digits)
        var n = value, at = count + digits - 1
        repeat {
            base.storeBytes(of: UInt8(0x30 + n % 10), toByteOffset: at, as: UInt8.self)
            n /= 10
            at -= 1
        } while n > 0
        count += digits
    }

    /// Appends `value` in lowercase hexadecimal (chunk sizes, RFC 9112 s7.1).
    func appendHex(_ value: Int) {
        var shift = 60
        while shift > 0 && (value >> shift) & 0xF == 0 { shift -= 4 }
        while shift >= 0 {
            let digit = (value >> shift) & 0xF
            append(HTTPSyntax.hexDigit(UInt8(digit)))
            shift -= 4
        }
    }

    /// A copy of the bytes from `offset` on, as an array (for output that must outlive a call).
    func copy(from offset: Int = 0) -> [UInt8] {
        Array(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
    }
}
