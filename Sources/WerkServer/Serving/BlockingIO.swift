#if canImport(Glibc)
import Glibc
#endif

/// Waits on one non-blocking socket for a thread serving a request (a large body the app
/// reads, a stream it writes). Every wait is bounded by a `RateDeadline`, and the thread's
/// application slot is lent out while it waits, so a slow client delays only its own request.
struct BlockingIO {
    /// The socket.
    let fd: Int32
    /// Where the slot is lent while waiting (nil: not lent).
    let lender: WorkerPool?

    /// Waits until `fd` is readable (or closed); false when `rate`'s deadline passed first.
    func waitReadable(_ rate: inout RateDeadline) -> Bool {
        var unwatched = SendQueueWatch()
        return wait(Int16(POLLIN), &rate, &unwatched)
    }

    /// Waits until `fd` takes more bytes (or failed); false when `rate`'s deadline passed first.
    /// What the client takes from the socket's queue meanwhile counts at the deadline
    /// (`sendQueue`, kept for the whole response), and a client that keeps the rate waits on.
    func waitWritable(_ rate: inout RateDeadline, _ sendQueue: inout SendQueueWatch) -> Bool {
        sendQueue.start(fd)
        return wait(Int16(POLLOUT), &rate, &sendQueue)
    }

    private func wait(_ events: Int16, _ rate: inout RateDeadline, _ sendQueue: inout SendQueueWatch) -> Bool {
        let start = Sys.now()
        rate.startWaiting(at: start)
        var deadline = rate.deadline
        guard deadline > start else { return false }
        while true {
            let ready = if let lender { waitLending(events, rate, lender, until: deadline) } else { Sys.wait(fd, events: events, until: deadline) }
            let now = Sys.now()
            // Ready, or shed (before the deadline: requests queue).
            if ready || now < deadline {
                rate.stopWaiting(at: now, moved: 0)
                return ready
            }
            guard let later = sendQueue.extendedDeadline(fd, &rate, at: now) else {
                rate.stopWaiting(at: now, moved: 0)
                return false
            }
            deadline = later
        }
    }

    /// Waits with the thread's slot lent to the pool. When it cannot be lent (`threads` others
    /// wait already), the thread keeps it and waits in short steps: it lends the slot as soon as
    /// it can, and while requests queue for a slot its client's minimum rate applies after the
    /// pool's `shedDelay` instead of the whole grace period; a client below it is given up
    /// (false, as at the deadline). Without that, a wave of clients that do not read held every
    /// slot until their grace ran out, and everyone else got 503 meanwhile; a client that keeps
    /// the minimum rate is never given up for it.
    private func waitLending(_ events: Int16, _ rate: RateDeadline, _ pool: WorkerPool, until deadline: UInt64) -> Bool {
        let shedAt = rate.deadline(withGrace: pool.shedDelay)
        while true {
            if pool.lendSlot() {
                defer { pool.reclaimSlot() }
                return Sys.wait(fd, events: events, until: deadline)
            }
            let now = Sys.now()
            if now >= deadline || (now >= shedAt && pool.hasQueued) { return false }
            if Sys.wait(fd, events: events, until: min(deadline, now &+ BlockingIO.step)) { return true }
        }
    }

    /// How often a thread that holds its slot while it waits looks at the queue (ns).
    static let step: UInt64 = 10_000_000

    /// Writes every byte of a short message of its own (an interim `100 Continue`), bounded by
    /// `rate`.
    func writeAll(_ message: UnsafeRawBufferPointer, rate: inout RateDeadline) throws(SocketError) {
        var sendQueue = SendQueueWatch()
        var written = 0
        try writeAll(message, rate: &rate, sendQueue: &sendQueue, written: &written)
    }

    /// Writes every byte of `a`, `b` and `c` in that order, waiting (bounded by `rate`, with the
    /// response's `sendQueue` watch) when the socket is full; `more` hints that more data
    /// follows. Adds the bytes that went out to `written`, also when it throws `SocketError`
    /// partway.
    func writeAll(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
                  _ c: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0), more: Bool = false,
                  rate: inout RateDeadline, sendQueue: inout SendQueueWatch, written: inout Int) throws(SocketError) {
        var a = a, b = b, c = c
        while a.count + b.count + c.count > 0 {
            var sent = try Sys.send(fd, a, b, c, more: more)
            if sent == 0 {
                guard waitWritable(&rate, &sendQueue) else { throw .timeout("writing the response") }
                continue
            }
            rate.record(sent)
            written += sent
            let fromA = min(sent, a.count); a = UnsafeRawBufferPointer(rebasing: a[fromA...]); sent -= fromA
            let fromB = min(sent, b.count); b = UnsafeRawBufferPointer(rebasing: b[fromB...]); sent -= fromB
            let fromC = min(sent, c.count); c = UnsafeRawBufferPointer(rebasing: c[fromC...])
        }
    }
}
