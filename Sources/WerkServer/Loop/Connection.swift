import Werk

/// What a connection waits for while its event loop holds it; picks its deadline.
enum ConnectionPhase: Sendable, Equatable {
    /// Between requests, or new: nothing of a head buffered (keep-alive timeout).
    case idle
    /// Part of a request head buffered (header timeout, then 408).
    case readingHead
    /// A head whose body the loop reads before calling the app (minimum rate, then 408).
    case readingBody
    /// A response the client has not taken yet (minimum rate, then dropped).
    case writing
    /// The rest of a body the app did not read, discarded before the next request.
    case draining
    /// The server closed its side and discards what the client still sends (linger timeout).
    case lingering
}

/// One client connection. Its event loop owns it, except while it is `busy`: then a thread
/// serving one of its requests (or the queue of waiting requests) owns it, and the loop only
/// notes a hang-up (`peerClosed`, a field that thread never touches) and skips its events until
/// it is handed back under the loop's lock.
final class Connection {
    // Stored properties skip the runtime exclusivity checks (`@exclusivity(unchecked)`): one
    // thread at a time uses an instance and no access overlaps another; on this path the checks
    // cost more than the work.
    /// The socket.
    let fd: Int32
    /// The id epoll reports for it (from the loop's `ConnectionTable`; never the fd, which is reused).
    let token: UInt64
    /// Which listener accepted it.
    let listenerIndex: Int
    /// The client's numeric address ("" for Unix sockets).
    let remoteHost: String
    /// The client's port.
    let remotePort: Int

    /// Served or queued by a thread other than the loop's; set and cleared under the loop's lock.
    @exclusivity(unchecked) var busy = false
    /// What it waits for.
    @exclusivity(unchecked) var phase = ConnectionPhase.idle
    /// When the loop gives up on it (monotonic ns).
    @exclusivity(unchecked) var deadline: UInt64 = .max
    /// Bytes received and not used yet, when any must outlive one wake-up (part of a head, a
    /// body, pipelined requests); nil otherwise, so an idle connection costs no buffer.
    @exclusivity(unchecked) var inbound: ReadBuffer?
    /// Where the search for the end of the head stopped.
    @exclusivity(unchecked) var scanner = HeadScanner()
    /// When the first byte of the current head arrived (monotonic ns), 0 if none.
    @exclusivity(unchecked) var headStartedAt: UInt64 = 0
    /// The last head parsed on this connection and its bytes: the same bytes again are that
    /// head, and a different head reuses its strings where they are the same (`HeadMemo`).
    /// Kept per connection, never shared between clients, so how long a parse takes tells a
    /// client nothing about another's request; kept from the second request on and dropped
    /// after a second idle (`EventLoop.sweep`).
    @exclusivity(unchecked) var headMemo = HeadMemo()
    /// A parsed head waiting for its body (read by the loop) or for a free thread (queued).
    @exclusivity(unchecked) var pendingHead: RequestHead?
    /// How far a chunked body the loop reads has been checked, and the checker's state.
    @exclusivity(unchecked) var bodyCheck: (decoder: ChunkedDecoder, checked: Int)?
    /// The file the loop reads a large body into before the app is called; taken by the
    /// request's input when it is served.
    @exclusivity(unchecked) var spool: BodySpool?
    /// Bytes of a `100 Continue` the loop owes the client of a spooled body and could not send
    /// yet (its socket was full of an earlier response); 0 when none.
    @exclusivity(unchecked) var continueOwed = 0
    /// The pace of the body being read, the response being written, or the drain.
    @exclusivity(unchecked) var rate: RateDeadline?
    /// A response the loop is writing.
    @exclusivity(unchecked) var output: PendingOutput?
    /// The unread body being discarded.
    @exclusivity(unchecked) var remainder: BodyRemainder?
    /// Bytes of it discarded so far (against `maxDrainSize`).
    @exclusivity(unchecked) var drained = 0
    /// A refusal the loop must write (a queued request that waited too long: 503).
    @exclusivity(unchecked) var refusal: HTTPError?
    /// Requests started on it so far.
    @exclusivity(unchecked) var requests = 0
    /// An event said the client shut down its side (or the connection failed): the loop reads
    /// on to the end instead of waiting for another event. Set and read by the loop only, under
    /// its lock.
    @exclusivity(unchecked) var peerClosed = false
    /// It waits in the loop's ready list (or deferred, then ready) for its next turn: it used its
    /// share of a wake-up, or another thread served its request and handed it back. Its epoll
    /// events meanwhile are left to that turn, so it is in the list once and gets one share per
    /// wake-up, never one per event and queued copy. Set and read under the loop's lock.
    @exclusivity(unchecked) var awaitingTurn = false

    init(fd: Int32, token: UInt64, listenerIndex: Int, remoteHost: String, remotePort: Int) {
        self.fd = fd
        self.token = token
        self.listenerIndex = listenerIndex
        self.remoteHost = remoteHost
        self.remotePort = remotePort
    }

    /// The buffered input, made the connection's own when it lives in `scratch` (a thread's buffer).
    func keepInput(from scratch: ReadBuffer, spare: Int = 0) {
        if let inbound, inbound === scratch { return }
        if scratch.isEmpty {
            if let inbound, inbound.isEmpty { self.inbound = nil }
            return
        }
        if let inbound {
            inbound.append(scratch.readable)
        } else {
            inbound = ReadBuffer(copying: scratch.readable, spare: max(spare, 512))
        }
        scratch.reset()
    }

    /// The interim response a client that sent `Expect: 100-continue` waits for.
    static let interimContinue: StaticString = "HTTP/1.1 100 Continue\r\n\r\n"

    /// Sends what the socket takes of the `100 Continue` it owes (`continueOwed`); false when
    /// the client is gone. What the socket does not take waits for its next writable event.
    func sendOwedContinue() -> Bool {
        let interim = Connection.interimContinue
        let owed = continueOwed
        let sent: Int
        do {
            sent = try Sys.send(fd, UnsafeRawBufferPointer(start: interim.utf8Start + (interim.utf8CodeUnitCount - owed), count: owed))
        } catch {
            return false
        }
        continueOwed = owed - sent
        return true
    }

    /// Drops its input buffer when empty (an idle connection keeps none).
    func releaseEmptyInput() {
        if let inbound, inbound.isEmpty { self.inbound = nil }
    }
}
