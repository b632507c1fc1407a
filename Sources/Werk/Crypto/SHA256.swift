// SHA-256 (FIPS 180-4 s6.2).

internal import CWerkCrypto

/// An incremental SHA-256 hasher (FIPS 180-4).
///
/// ```swift
/// var hasher = SHA256()
/// hasher.update(Array("ab".utf8))
/// hasher.update(Array("c".utf8))
/// hexString(hasher.finalize())   // "ba7816bf..."
/// SHA256.hash(Array("abc".utf8)) // the same 32 bytes
/// ```
public struct SHA256: Sendable {
    /// Initial hash value H(0) (FIPS 180-4 s5.3.3).
    private static let initialState: [UInt32] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
    ]

    /// The block size in bytes.
    package static let blockSize = 64

    /// The current hash value H(i).
    private var state: [UInt32]
    /// Bytes not yet forming a full 64-byte block.
    private var buffer: [UInt8]
    /// Total message length in bytes so far.
    private var length: UInt64

    /// Creates a hasher with the initial hash value.
    public init() {
        state = SHA256.initialState
        buffer = []
        buffer.reserveCapacity(SHA256.blockSize)
        length = 0
    }

    /// Feeds more message bytes.
    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let handled: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if handled != nil { return }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(1024)
        for byte in bytes {
            chunk.append(byte)
            if chunk.count == 1024 {
                update(chunk)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        update(chunk)
    }

    /// Feeds more message bytes from an array.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Feeds more message bytes from raw memory.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard !bytes.isEmpty else { return }
        length &+= UInt64(bytes.count)
        var offset = 0
        // Complete a partially filled block first.
        if !buffer.isEmpty {
            let take = min(SHA256.blockSize - buffer.count, bytes.count)
            buffer.append(contentsOf: bytes[0..<take])
            offset = take
            guard buffer.count == SHA256.blockSize else { return }
            let block = buffer
            block.withUnsafeBytes { processBlocks($0) }
            buffer.removeAll(keepingCapacity: true)
        }
        // Whole blocks straight from the input.
        let whole = (bytes.count - offset) / SHA256.blockSize * SHA256.blockSize
        if whole > 0 {
            processBlocks(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + whole)]))
            offset += whole
        }
        if offset < bytes.count {
            buffer.append(contentsOf: bytes[offset...])
        }
    }

    /// Pads the message (FIPS 180-4 s5.1.1), returns the 32-byte digest and resets the
    /// hasher to its initial state.
    public mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        var padding: [UInt8] = [0x80]
        let used = (buffer.count + 1) % SHA256.blockSize
        let zeros = used <= 56 ? 56 - used : 120 - used
        padding.append(contentsOf: repeatElement(0, count: zeros))
        for shift in stride(from: 56, through: 0, by: -8) {
            padding.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        let savedLength = length
        update(padding)
        length = savedLength
        var digest: [UInt8] = []
        digest.reserveCapacity(32)
        for word in state {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        self = SHA256()
        return digest
    }

    /// The SHA-256 digest of `bytes` in one call.
    ///
    /// ```swift
    /// let digest = SHA256.hash(Array("abc".utf8))   // 32 bytes
    /// ```
    public static func hash(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Runs the compression function over whole 64-byte blocks (FIPS 180-4 s6.2.2): the CPU's
    /// SHA extensions when it has them, else portable C (CWerkCrypto picks once, at run time).
    private mutating func processBlocks(_ blocks: UnsafeRawBufferPointer) {
        guard let base = blocks.baseAddress else { return }
        let count = blocks.count / SHA256.blockSize
        state.withUnsafeMutableBufferPointer { words in
            werk_sha256_compress(words.baseAddress!, base.assumingMemoryBound(to: UInt8.self), count)
        }
    }

    /// The hash value H(i) after the blocks fed so far, for callers that continue from a
    /// saved state (HMAC's precomputed pads); only meaningful after whole blocks.
    package var words: [UInt32] { state }
}
