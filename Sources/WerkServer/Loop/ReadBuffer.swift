#if canImport(Glibc)
import Glibc
#endif

/// Bytes received on a connection and not used yet: a thread's scratch buffer for the request
/// it is parsing, or a connection's own buffer while it holds part of a head, a body being read,
/// or pipelined requests. It grows by doubling, so a head that arrives a byte at a time is
/// appended in amortized constant time per byte, never copied whole on every read.
final class ReadBuffer {
    // Stored properties skip the runtime exclusivity checks (`@exclusivity(unchecked)`): one
    // thread at a time uses an instance and no access overlaps another; on this path the checks
    // cost more than the work.
    @exclusivity(unchecked) private(set) var storage: UnsafeMutableRawPointer
    @exclusivity(unchecked) private(set) var capacity: Int
    @exclusivity(unchecked) private var start = 0
    @exclusivity(unchecked) private var end = 0

    /// A buffer of `capacity` bytes.
    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        storage = .allocate(byteCount: self.capacity, alignment: 16)
    }

    /// A buffer holding a copy of `bytes`, with room for `spare` more.
    convenience init(copying bytes: UnsafeRawBufferPointer, spare: Int) {
        self.init(capacity: bytes.count + spare)
        if let base = bytes.baseAddress, bytes.count > 0 { storage.copyMemory(from: base, byteCount: bytes.count) }
        end = bytes.count
    }

    deinit { storage.deallocate() }

    /// Buffered bytes.
    var count: Int { end - start }
    /// True when nothing is buffered.
    var isEmpty: Bool { end == start }
    /// The buffered bytes (valid until the next mutation).
    var readable: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage + start, count: end - start) }
    /// Free bytes after the buffered ones (without compacting or growing).
    var spare: Int { capacity - end }

    /// Drops `n` bytes from the front.
    func consume(_ n: Int) {
        start += n
        if start >= end { start = 0; end = 0 }
    }

    /// Empties the buffer.
    func reset() { start = 0; end = 0 }

    /// Appends `bytes`.
    func append(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (storage + end).copyMemory(from: base, byteCount: bytes.count)
        end += bytes.count
    }

    /// Makes room for at least `n` more bytes at the end (compacting, then doubling).
    func reserve(_ n: Int) {
        if capacity - end >= n { return }
        if start > 0 {
            storage.copyMemory(from: storage + start, byteCount: end - start)
            end -= start
            start = 0
            if capacity - end >= n { return }
        }
        var newCapacity = capacity
        while newCapacity - end < n { newCapacity *= 2 }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        grown.copyMemory(from: storage, byteCount: end)
        storage.deallocate()
        storage = grown
        capacity = newCapacity
    }

    /// Shrinks back to `target` bytes when it grew beyond it and what it holds fits.
    func shrink(to target: Int) {
        guard capacity > target, count <= target else { return }
        let smaller = UnsafeMutableRawPointer.allocate(byteCount: target, alignment: 16)
        smaller.copyMemory(from: storage + start, byteCount: count)
        end = count
        start = 0
        storage.deallocate()
        storage = smaller
        capacity = target
    }

    /// One non-blocking read from `fd` into free space, after making at least `minimum` bytes
    /// free. `.bytes(n)` with `n` less than the space offered means the socket was drained.
    func fill(from fd: Int32, minimum: Int) -> (result: ReadResult, offered: Int) {
        reserve(minimum)
        let offered = capacity - end
        let result = Sys.read(fd, storage + end, offered)
        if case .bytes(let n) = result { end += n }
        return (result, offered)
    }

    /// Appends `n` bytes just written into the free space at `freeSpace`.
    func didWrite(_ n: Int) { end += n }

    /// The free space at the end (after `reserve`).
    var freeSpace: UnsafeMutableRawPointer { storage + end }
}
