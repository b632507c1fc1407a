// epoll through the C shim: one instance per event loop.
import CWerkSockets
#if canImport(Glibc)
import Glibc
#endif

/// One event loop's epoll instance.
struct EventPoll: Sendable {
    /// The epoll fd.
    let fd: Int32

    /// Events a connection is registered for once, for its whole life: readable, writable or
    /// hung up, edge-triggered, so serving a request never needs an epoll_ctl.
    static let connectionEvents: UInt32 = cwerk_EPOLLIN | cwerk_EPOLLOUT | cwerk_EPOLLRDHUP | cwerk_EPOLLET
    /// Events of a listening socket in each loop: level-triggered, and exclusive so a new
    /// connection wakes one loop, not all of them.
    static let listenerEvents: UInt32 = cwerk_EPOLLIN | cwerk_EPOLLEXCLUSIVE
    /// Events of a loop's wake-up eventfd.
    static let wakeEvents: UInt32 = cwerk_EPOLLIN
    /// Readable (or closed) bits.
    static let readable: UInt32 = cwerk_EPOLLIN | cwerk_EPOLLRDHUP | cwerk_EPOLLHUP | cwerk_EPOLLERR
    /// Writable (or failed) bits.
    static let writable: UInt32 = cwerk_EPOLLOUT | cwerk_EPOLLHUP | cwerk_EPOLLERR
    /// The peer shut down its side or the connection failed. Edge-triggered, this comes once,
    /// often with the last bytes: a read that drains those bytes must be followed by one that
    /// sees the end, or the connection waits for an event that never comes.
    static let peerClosed: UInt32 = cwerk_EPOLLRDHUP | cwerk_EPOLLHUP | cwerk_EPOLLERR
    /// What a connection continued without an event (handed back by another thread) is treated
    /// as: readable and writable, with no news of its peer.
    static let assumedReady: UInt32 = cwerk_EPOLLIN | cwerk_EPOLLOUT

    /// A new epoll instance.
    static func make() throws(SocketError) -> EventPoll {
        let fd = cwerk_epoll_create()
        guard fd >= 0 else { throw .system("epoll_create1") }
        return EventPoll(fd: fd)
    }

    /// Registers `target` with `events`, reporting `id` as its data.
    func add(_ target: Int32, events: UInt32, id: UInt64) throws(SocketError) {
        guard cwerk_epoll_add(fd, target, events, id) == 0 else { throw .system("epoll_ctl(ADD)", errno, "fd \(target)") }
    }

    /// Removes a registration; errors ignored.
    func remove(_ target: Int32) { _ = cwerk_epoll_del(fd, target) }

    /// Waits up to `timeoutMillis` (-1: no limit) for events and fills `batch`; EINTR ends
    /// the wait with no events.
    func wait(into batch: EventBatch, timeoutMillis: Int32) {
        let n = cwerk_epoll_wait(fd, batch.events, batch.ids, Int32(batch.capacity), timeoutMillis)
        batch.count = max(0, Int(n))
    }
}

/// The events of one wake-up, in storage a loop's thread reuses.
final class EventBatch {
    /// How many events one wait takes at most.
    let capacity: Int
    /// Each event's bits.
    let events: UnsafeMutablePointer<UInt32>
    /// Each event's registration id.
    let ids: UnsafeMutablePointer<UInt64>
    /// Events filled by the last wait.
    var count = 0

    init(capacity: Int = 256) {
        self.capacity = capacity
        events = .allocate(capacity: capacity)
        ids = .allocate(capacity: capacity)
    }

    deinit {
        events.deallocate()
        ids.deallocate()
    }
}
