import Werk
#if canImport(Glibc)
import Glibc
#endif

/// What happens to a connection once its response is out.
enum AfterResponse: Sendable, Equatable {
    /// Read the next request.
    case keepAlive
    /// Discard the rest of the request body first (in the event loop), then the next request.
    case drain(BodyRemainder)
    /// Close the server's side and linger (RFC 9112 s9.6).
    case close
}

/// A response whose bytes are all known (a head, bytes in memory, a region of an open file):
/// written without blocking, so when the client does not take it all at once, the rest is
/// handed to the event loop and the thread that made it goes free.
struct PendingOutput {
    /// The head (and any small body) not sent yet.
    private var head: [UInt8]
    private var headSent = 0
    /// A body held in memory (the application's array, not copied).
    private var bytes: [UInt8]
    private var bytesSent = 0
    /// An open file and the region of it still to send with sendfile(2); -1 when none.
    private(set) var file: Int32 = -1
    /// The application's open file that `file` belongs to, held until the region is sent; nil
    /// when the server opened `file` itself (and closes it).
    private var openFile: OpenFile?
    private var fileOffset: Int64 = 0
    private var fileRemaining = 0
    /// The body whose close hooks run once its bytes are in hand.
    var body: Body?
    /// Then what.
    var then: AfterResponse
    /// The access log line, written when done with the body bytes sent and the time taken.
    var logEntry: AccessLogEntry?
    /// When the request began (monotonic ns), for the logged duration.
    var requestStarted: UInt64 = 0
    /// The pace the client must keep.
    var rate: RateDeadline
    /// What the client took from the socket's queue while the loop waited for room.
    var sendQueue = SendQueueWatch()

    /// Output of `head` then `bytes` (from `bytesSent` on), or `head` then `length` bytes of
    /// `file` from `offset` (a descriptor of `openFile` when given, else the output's own).
    init(head: [UInt8], bytes: [UInt8] = [], bytesSent: Int = 0, file: Int32 = -1, openFile: OpenFile? = nil, offset: Int = 0,
         length: Int = 0, then: AfterResponse, rate: RateDeadline) {
        self.head = head
        self.bytes = bytes
        self.bytesSent = bytesSent
        self.file = file
        self.openFile = openFile
        self.fileOffset = Int64(offset)
        self.fileRemaining = file >= 0 ? length : 0
        self.then = then
        self.rate = rate
    }

    /// Starts a wait for room in `fd` at `now`; returns its deadline.
    mutating func startWaiting(_ fd: Int32, at now: UInt64) -> UInt64 {
        sendQueue.start(fd)
        rate.startWaiting(at: now)
        return rate.deadline
    }

    /// The outcome of one attempt.
    enum Progress: Equatable {
        /// Every byte went out.
        case done
        /// The socket is full: wait for it to become writable.
        case blocked
        /// The client is gone, or the file ended early.
        case failed
    }

    /// Writes as much as the socket takes now, without waiting. `.blocked` is returned only
    /// after a write hit EAGAIN, so the edge-triggered loop is sure to hear when it drains.
    mutating func write(to fd: Int32) -> Progress {
        while headSent < head.count || bytesSent < bytes.count {
            let sent: Int
            do {
                sent = try head.withUnsafeBytes { h in
                    try bytes.withUnsafeBytes { b in
                        try Sys.send(fd, UnsafeRawBufferPointer(rebasing: h[headSent...]), UnsafeRawBufferPointer(rebasing: b[bytesSent...]),
                                     more: fileRemaining > 0)
                    }
                }
            } catch {
                return .failed
            }
            if sent == 0 { return .blocked }
            rate.record(sent)
            let fromHead = min(sent, head.count - headSent)
            headSent += fromHead
            bytesSent += sent - fromHead
        }
        while fileRemaining > 0 {
            let sent: Int?
            do { sent = try Sys.sendfile(fd, file, &fileOffset, min(fileRemaining, 1 << 30)) } catch { return .failed }
            guard let sent else { return .blocked }
            if sent == 0 { return .failed }
            rate.record(sent)
            fileRemaining -= sent
        }
        return .done
    }

    /// Runs the body's close hooks (once all its bytes are in hand: before the loop sends the
    /// rest, so no application code ever runs on an event loop's thread).
    mutating func closeBody() {
        body?.close()
        body = nil
    }

    /// Releases the file, runs the close hooks if still pending and writes the access log line;
    /// call once, done or not. A response cut short is logged with the body bytes that went
    /// out (as nginx's `$body_bytes_sent`), not its full size.
    mutating func finish() {
        if file >= 0 && openFile == nil { Glibc.close(file) }
        file = -1
        openFile = nil
        closeBody()
        if var entry = logEntry {
            // The head goes first (a small body joined to it last), so what is unsent is body
            // unless it is more than the body.
            let unsent = (head.count - headSent) + (bytes.count - bytesSent) + fileRemaining
            entry.bytes = max(0, entry.bytes - unsent)
            entry.durationNanos = Sys.now() &- requestStarted
            AccessLog.write(entry)
            logEntry = nil
        }
    }
}
