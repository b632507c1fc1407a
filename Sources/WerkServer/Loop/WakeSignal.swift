import CWerkSockets
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An event loop's wake-up: an eventfd in its epoll set that other threads write to after they
/// queue work for it (sockets to adopt, connections handed back), at most one write per
/// wake-up however many threads signal.
///
/// The loop's thread calls `consume()` when the eventfd is readable and only then looks at the
/// queued work. `consume()` empties the eventfd *before* it clears `pending`: a signal that
/// comes between the two finds `pending` still set and skips its write, but its work was
/// queued before it signalled and the loop looks at the queues after clearing, so it is seen.
/// The other order (clear, then read) loses a wake-up: a signal between the two writes the
/// eventfd, the read swallows that write, and `pending` stays set with nothing to wake the
/// loop, so every later signal skips its write too and the loop never takes its queue again.
final class WakeSignal: Sendable {
    /// The eventfd (non-blocking, close-on-exec).
    let fd: Int32
    private let pending = Atomic<Bool>(false)

    init() throws(SocketError) {
        fd = cwerk_eventfd()
        guard fd >= 0 else { throw .system("eventfd") }
    }

    /// Makes the eventfd readable unless a wake-up is already pending. Any thread.
    func signal() {
        guard !pending.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var one: UInt64 = 1
        _ = Glibc.write(fd, &one, 8)
    }

    /// Takes the pending wake-up; the caller looks at the queued work afterwards. The loop's thread.
    func consume() {
        var value: UInt64 = 0
        _ = Glibc.read(fd, &value, 8)
        pending.store(false, ordering: .sequentiallyConsistent)
    }

    /// Closes the eventfd (once nothing signals any more).
    func close() { Sys.close(fd) }
}
