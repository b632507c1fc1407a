/// The static children of a trie node: segment text to child node, looked up by the
/// segment's UTF-8 bytes with FNV-1a hashing and open addressing (no `String` is made and no
/// seeded hasher runs per lookup). Keys compare byte for byte, as Werkzeug compares code points.
struct StaticTable: Sendable {
    private var keys: [[UInt8]] = []
    private var children: [Int] = []
    /// Slot to entry index, -1 when empty; the count is a power of two.
    private var slots: [Int32] = []

    /// True when there are no entries.
    var isEmpty: Bool { keys.isEmpty }

    /// FNV-1a over `bytes`.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { h = (h ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The child for `key`, or nil.
    func child(for key: String) -> Int? {
        var key = key
        return key.withUTF8 { lookup($0) }
    }

    /// The child for the segment `key`, or nil.
    @inline(__always)
    func child(for key: Substring) -> Int? {
        if keys.isEmpty { return nil }
        if let found = key.utf8.withContiguousStorageIfAvailable({ lookup($0) }) { return found }
        return child(for: String(key))
    }

    private func lookup(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        if keys.isEmpty { return nil }
        let mask = slots.count - 1
        var slot = StaticTable.hash(bytes) & mask
        while true {
            let entry = Int(slots[slot])
            if entry < 0 { return nil }
            let candidate = keys[entry]
            if candidate.count == bytes.count && candidate.withUnsafeBufferPointer({ $0.elementsEqual(bytes) }) {
                return children[entry]
            }
            slot = (slot + 1) & mask
        }
    }

    /// Adds `key` -> `child` (the key must be new).
    mutating func insert(_ key: String, child: Int) {
        keys.append(Array(key.utf8))
        children.append(child)
        if slots.count < keys.count * 2 {
            rehash(capacity: max(8, slots.count * 2))
        } else {
            place(keys.count - 1)
        }
    }

    private mutating func rehash(capacity: Int) {
        slots = [Int32](repeating: -1, count: capacity)
        for index in keys.indices { place(index) }
    }

    private mutating func place(_ index: Int) {
        let mask = slots.count - 1
        var slot = keys[index].withUnsafeBufferPointer { StaticTable.hash($0) } & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index)
    }
}
