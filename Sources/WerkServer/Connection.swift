#if canImport(Glibc)
import Glibc
#endif

/// What a parked connection is waiting for; picks its deadline.
enum ConnectionPhase: Sendable, Equatable {
    /// Between requests, or new: nothing of a head buffered (keep-alive timeout).
    case idle
    /// Part of a request head buffered (header timeout, then 408).
    case readingHead
    /// The server closed its side and discards what the client still sends (linger timeout).
    case lingering
}

/// One client connection while no thread serves it: a small value parked in the connection
/// table. A worker checks it out (removing it from the table), so the worker and the sweeper
/// never own it at the same time.
struct ConnectionRecord: Sendable {
    /// The id reported by epoll for this connection (never the fd: fds are reused).
    let id: UInt64
    /// The socket.
    let fd: Int32
    /// Which listener accepted it.
    let listenerIndex: Int
    /// The client's numeric address ("" for Unix sockets).
    let remoteHost: String
    /// The client's port.
    let remotePort: Int
    /// What it waits for.
    var phase: ConnectionPhase = .idle
    /// Bytes received but not yet used (part of a head, or pipelined requests).
    var pending: [UInt8] = []
    /// Where the search for the end of the head stopped.
    var scanner = HeadScanner()
    /// When the first byte of the current head arrived (monotonic ns), 0 if none.
    var headStartedAt: UInt64 = 0
    /// When the sweeper closes it (monotonic ns).
    var deadline: UInt64 = 0
    /// Requests served so far.
    var requests = 0
}

/// Parked connections whose id falls in one shard (the table is split so workers rarely
/// contend for a lock), plus events that found no record. Guarded by its shard's lock.
struct ConnectionShard: Sendable {
    /// Ids below this are the wake-up eventfd (0) and the listeners (1...n).
    static let firstConnectionID: UInt64 = 1 << 16
    /// How many shards the table has (a power of two).
    static let count = 16

    /// Parked connections.
    var parked: [UInt64: ConnectionRecord] = [:]
    /// Events that arrived for a connection not in the table: it was re-armed but not yet put
    /// back (its worker serves it again), or it was closed just before (pruned by the sweeper).
    var missed: [UInt64: UInt64] = [:]

    /// Takes a parked connection for serving; nil when it is not parked (the event is then
    /// remembered in `missed` for the worker about to park it).
    mutating func checkout(_ id: UInt64, now: UInt64) -> ConnectionRecord? {
        guard let record = parked.removeValue(forKey: id) else {
            missed[id] = now
            return nil
        }
        return record
    }

    /// Parks `record` (already armed in epoll) unless an event for it was missed meanwhile;
    /// returns false then, and the caller serves it again.
    mutating func park(_ record: ConnectionRecord) -> Bool {
        if missed.removeValue(forKey: record.id) != nil { return false }
        parked[record.id] = record
        return true
    }

    /// Forgets missed events older than `cutoff` (their connections were closed).
    mutating func pruneMissed(before cutoff: UInt64) {
        guard !missed.isEmpty else { return }
        missed = missed.filter { $0.value >= cutoff }
    }

    /// Removes and returns every parked connection whose deadline is at or before `now`.
    mutating func removeExpired(now: UInt64) -> [ConnectionRecord] {
        var ids: [UInt64] = []
        for (id, record) in parked where record.deadline <= now { ids.append(id) }
        return ids.compactMap { parked.removeValue(forKey: $0) }
    }

    /// Removes and returns every parked connection.
    mutating func removeAll() -> [ConnectionRecord] {
        let all = Array(parked.values)
        parked.removeAll()
        return all
    }
}

/// Reads from and writes to one non-blocking socket with timeouts (poll(2) on EAGAIN).
struct ConnectionIO {
    /// The socket.
    let fd: Int32
    /// Longest wait for the client to take more response bytes.
    let writeTimeout: UInt64
    /// Longest wait for more request body bytes.
    let readTimeout: UInt64

    /// Writes every byte of `a`, `b` and `c` (in that order), waiting up to the write
    /// timeout whenever the socket buffer is full. `more` hints that more data follows.
    func write(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
               _ c: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0), more: Bool = false) throws(SocketError) {
        var a = a, b = b, c = c
        while a.count + b.count + c.count > 0 {
            var sent = try Sys.send(fd, a, b, c, more: more)
            if sent == 0 {
                guard Sys.wait(fd, events: Int16(POLLOUT), timeoutNanos: writeTimeout) else { throw .timeout("writing the response") }
                continue
            }
            let fromA = min(sent, a.count); a = UnsafeRawBufferPointer(rebasing: a[fromA...]); sent -= fromA
            let fromB = min(sent, b.count); b = UnsafeRawBufferPointer(rebasing: b[fromB...]); sent -= fromB
            let fromC = min(sent, c.count); c = UnsafeRawBufferPointer(rebasing: c[fromC...])
        }
    }

    /// Sends `length` bytes of the open file `file` from `offset` with sendfile(2).
    func sendFile(_ file: Int32, offset: Int, length: Int) throws(SocketError) {
        var position = Int64(offset)
        var remaining = length
        while remaining > 0 {
            guard let sent = try Sys.sendfile(fd, file, &position, min(remaining, 1 << 30)) else {
                guard Sys.wait(fd, events: Int16(POLLOUT), timeoutNanos: writeTimeout) else { throw .timeout("writing the response") }
                continue
            }
            if sent == 0 { throw .address("the file ended before the region did") }
            remaining -= sent
        }
    }

    /// Reads up to `count` bytes, waiting up to the read timeout; 0 at EOF.
    func read(into buffer: UnsafeMutableRawPointer, count: Int) throws(SocketError) -> Int {
        while true {
            switch Sys.read(fd, buffer, count) {
            case .bytes(let n): return n
            case .eof: return 0
            case .wouldBlock:
                guard Sys.wait(fd, events: Int16(POLLIN), timeoutNanos: readTimeout) else { throw .timeout("reading the request body") }
            }
        }
    }
}

/// A worker's read buffer: bytes received on the connection it serves and not used yet.
/// Reused across connections; a parked connection keeps only its leftover bytes.
final class ReadBuffer {
    private(set) var storage: UnsafeMutableRawPointer
    private(set) var capacity: Int
    private var start = 0
    private var end = 0

    /// A buffer of `capacity` bytes.
    init(capacity: Int) {
        self.capacity = capacity
        storage = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// Buffered bytes.
    var count: Int { end - start }
    /// True when nothing is buffered.
    var isEmpty: Bool { end == start }
    /// The buffered bytes (valid until the next mutation).
    var readable: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: storage + start, count: end - start) }

    /// Drops `n` bytes from the front.
    func consume(_ n: Int) {
        start += n
        if start >= end { start = 0; end = 0 }
    }

    /// Empties the buffer.
    func reset() { start = 0; end = 0 }

    /// Appends `bytes`.
    func append(_ bytes: [UInt8]) {
        reserve(bytes.count)
        bytes.withUnsafeBytes { (storage + end).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        end += bytes.count
    }

    /// The buffered bytes as an array (to park them with the connection).
    func copyOut() -> [UInt8] { Array(readable) }

    /// Makes room for at least `n` more bytes at the end (compacting, then growing).
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

    /// Shrinks back to `capacity` bytes when it grew beyond it (after a huge head or chunk).
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

    /// One non-blocking read from `fd` into free space (at least `minimum` bytes are made free).
    func fill(from fd: Int32, minimum: Int = 16 * 1024) -> ReadResult {
        reserve(minimum)
        let result = Sys.read(fd, storage + end, capacity - end)
        if case .bytes(let n) = result { end += n }
        return result
    }

    /// Reads once from `io`, waiting up to its read timeout; false at EOF.
    func fill(from io: ConnectionIO, minimum: Int = 16 * 1024) throws(SocketError) -> Bool {
        reserve(minimum)
        let n = try io.read(into: storage + end, count: capacity - end)
        end += n
        return n > 0
    }
}
