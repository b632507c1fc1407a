import Werk

/// Sends a streamed response body in its framing (RFC 9112 s6, s7.1) as the application
/// produces it: the `BodyWriter` of stream and chunk bodies. The head waits and goes out with
/// the first body bytes, so a body that fails before its first byte can still become a 500.
/// Every wait for the client is bounded by the minimum data rate.
final class ResponseSender: BodyWriter {
    private let io: BlockingIO
    private let delimiter: ResponseFraming.Delimiter
    private let gate: ContinueGate?
    private var rate: RateDeadline
    /// What the client takes from the socket's queue while the sender waits for room.
    private var sendQueue = SendQueueWatch()
    /// The head, sent with the first body bytes.
    private let head: ByteWriter
    /// Bytes still allowed by a declared Content-Length.
    private var remaining: Int
    /// Scratch for a chunk-size line.
    private let frame = ByteWriter(capacity: 64)
    /// True once any byte of the response went out.
    private(set) var headSent = false
    /// Body bytes sent (content only, no chunk framing).
    private(set) var bodyBytes = 0
    /// The first failure. Every later write, flush or finish throws it again: a producer that
    /// ignores an error (`try? writer.write(...)`) must not go on writing after a chunk or a
    /// Content-Length body that broke off midway, nor end it as if it were whole.
    private var failure: (any Error)?

    /// A sender of a response with `head` (already encoded) delimited by `delimiter`.
    init(io: BlockingIO, head: ByteWriter, delimiter: ResponseFraming.Delimiter, gate: ContinueGate?, rate: RateDeadline) {
        self.io = io
        self.head = head
        self.delimiter = delimiter
        self.gate = gate
        self.rate = rate
        if case .length(let n) = delimiter { remaining = n } else { remaining = 0 }
    }

    /// Writes `bytes` as body content (one chunk when chunked).
    func write(_ bytes: ArraySlice<UInt8>) throws {
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Writes raw body content.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        try latching { try writeContent(bytes) }
    }

    private func writeContent(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        switch delimiter {
        case .none:
            return
        case .length(let declared):
            // PEP 3333 / RFC 9110 s8.6: never send more than the declared length.
            let allowed = min(bytes.count, remaining)
            try send(UnsafeRawBufferPointer(rebasing: bytes[0..<allowed]))
            remaining -= allowed
            if allowed < bytes.count {
                throw GatewayError(.contentLengthMismatch(declared: declared, actual: declared + bytes.count - allowed))
            }
        case .chunked:
            // chunk = chunk-size CRLF chunk-data CRLF (RFC 9112 s7.1).
            frame.reset()
            if !headSent { frame.append(head.bytes) }
            frame.appendHex(bytes.count)
            frame.appendCRLF()
            markStarted()
            let suffix: StaticString = "\r\n"
            try transmit(frame.bytes, content: bytes, UnsafeRawBufferPointer(start: suffix.utf8Start, count: 2))
        case .close:
            try send(bytes)
        }
    }

    /// Sends the head if it has not gone out yet.
    func flush() throws {
        try latching {
            guard !headSent else { return }
            markStarted()
            try transmit(head.bytes)
        }
    }

    /// Ends the body: the last chunk for chunked (s7.1), a length check for Content-Length.
    func finish() throws {
        try latching { try finishBody() }
    }

    private func finishBody() throws {
        switch delimiter {
        case .chunked:
            // last-chunk CRLF with an empty trailer section.
            frame.reset()
            if !headSent { frame.append(head.bytes) }
            frame.append("0\r\n\r\n" as StaticString)
            markStarted()
            try transmit(frame.bytes)
        case .length(let declared):
            try flush()
            if remaining > 0 {
                // A short body must not look complete: the connection is closed (RFC 9112 s6.3 rule 6).
                throw GatewayError(.contentLengthMismatch(declared: declared, actual: declared - remaining))
            }
        case .none, .close:
            try flush()
        }
    }

    /// Runs `body` unless an earlier step failed; keeps its failure for every later step.
    private func latching(_ body: () throws -> Void) throws {
        if let failure { throw failure }
        do { try body() } catch {
            failure = error
            throw error
        }
    }

    private func send(_ bytes: UnsafeRawBufferPointer) throws {
        if headSent {
            try transmit(UnsafeRawBufferPointer(start: nil, count: 0), content: bytes)
        } else {
            markStarted()
            try transmit(head.bytes, content: bytes)
        }
    }

    /// Writes `before`, then `content` (counted in `bodyBytes` as far as it went out, also when
    /// the write fails partway: the access log then says what the client got), then `after`.
    private func transmit(_ before: UnsafeRawBufferPointer, content: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0),
                          _ after: UnsafeRawBufferPointer = UnsafeRawBufferPointer(start: nil, count: 0)) throws(SocketError) {
        var written = 0
        defer { bodyBytes += min(max(0, written - before.count), content.count) }
        try io.writeAll(before, content, after, rate: &rate, sendQueue: &sendQueue, written: &written)
    }

    private func markStarted() {
        if !headSent {
            headSent = true
            gate?.responseStarted()
        }
    }
}
