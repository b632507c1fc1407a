/// Something that waits in a `RequestQueue`: it knows when it began waiting.
protocol QueueEntry {
    /// When it was queued (monotonic ns).
    var since: UInt64 { get }
}

extension QueuedRequest: QueueEntry {}

/// The requests that wait for an application slot, oldest first, up to `capacity` of them.
///
/// An array whose front index moves forward as requests are let in, so letting one in shifts
/// nothing; the dead front is dropped when the queue empties, or once it is large and more than
/// half of the array. Not synchronised: `WorkerPool` keeps it under its lock.
///
///     var queue = RequestQueue<QueuedRequest>(capacity: 1024)
///     guard queue.append(request) else { /* full: 503 */ }
///     let next = queue.popFirst()
struct RequestQueue<Entry: QueueEntry> {
    /// The most entries it holds.
    let capacity: Int
    private var entries: [Entry] = []
    /// Where the live entries begin in `entries`.
    private var head = 0

    /// An empty queue that holds at most `capacity` entries (none when `capacity` is 0).
    init(capacity: Int) {
        self.capacity = max(0, capacity)
    }

    /// How many entries wait.
    var count: Int { entries.count - head }

    /// True when none waits.
    var isEmpty: Bool { head == entries.count }

    /// Adds `entry` at the end; false, leaving the queue as it was, when it is full.
    mutating func append(_ entry: Entry) -> Bool {
        guard count < capacity else { return false }
        entries.append(entry)
        return true
    }

    /// Takes the oldest entry, or nil when none waits.
    mutating func popFirst() -> Entry? {
        guard head < entries.count else { return nil }
        let first = entries[head]
        head += 1
        compact()
        return first
    }

    /// Removes and returns, oldest first, the entries queued before `cutoff`, except the first
    /// `keep` of them: the queue's front, which is let in first and keeps its place.
    mutating func takeExpired(before cutoff: UInt64, keeping keep: Int) -> [Entry] {
        var end = head
        while end < entries.count, entries[end].since < cutoff { end += 1 }
        let start = head + min(max(0, keep), end - head)
        guard start < end else { return [] }
        let expired = Array(entries[start..<end])
        if start == head { head = end } else { entries.removeSubrange(start..<end) }
        compact()
        return expired
    }

    /// Drops the dead front: all of it when the queue is empty (keeping a small array's room),
    /// or once it is over 1,024 entries and more than half of the array.
    private mutating func compact() {
        if head == entries.count {
            entries.removeAll(keepingCapacity: entries.count < 1024)
            head = 0
        } else if head > 1024 && head * 2 > entries.count {
            entries.removeFirst(head)
            head = 0
        }
    }
}
