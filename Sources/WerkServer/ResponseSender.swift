import Werk

/// Sends one response's body in its framing (RFC 9112 s6, s7.1) and is the `BodyWriter`
/// of streaming bodies. The head waits in `head` and goes out with the first body bytes, so
/// a small response is one write, and a body that fails before its first byte can still be
/// replaced by a 500.
final class ResponseSender: BodyWriter {
    private let io: ConnectionIO
    private let framing: ResponseFraming
    private let input: SocketInput?
    /// The unsent head (empty once sent).
    private var head: [UInt8]
    /// Bytes still allowed by a declared Content-Length.
    private var remaining: Int
    /// Scratch for a chunk-size line.
    private var frame: [UInt8] = []
    /// True once any byte of the response went out.
    private(set) var headSent = false
    /// Body bytes sent (content only, no chunk framing).
    private(set) var bodyBytes = 0

    /// A sender of a response with `head` (already encoded) delimited by `framing`.
    init(io: ConnectionIO, head: [UInt8], framing: ResponseFraming, input: SocketInput?) {
        self.io = io
        self.head = head
        self.framing = framing
        self.input = input
        if case .length(let n) = framing { remaining = n } else { remaining = 0 }
    }

    /// Writes `bytes` as body content (one chunk when chunked).
    func write(_ bytes: ArraySlice<UInt8>) throws {
        guard !bytes.isEmpty else { return }
        try bytes.withUnsafeBytes { try write($0) }
    }

    /// Writes raw body content.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        switch framing {
        case .noBody:
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
            frame.removeAll(keepingCapacity: true)
            if !headSent { frame.append(contentsOf: head) }
            ResponseEncoder.appendHex(bytes.count, to: &frame)
            frame.append(contentsOf: crlf)
            try markStarted()
            try frame.withUnsafeBytes { prefix in
                try crlf.withUnsafeBytes { suffix in try io.write(prefix, bytes, suffix) }
            }
            bodyBytes += bytes.count
        case .close:
            try send(bytes)
        }
    }

    /// Sends the head if it has not gone out yet.
    func flush() throws {
        guard !headSent else { return }
        try markStarted()
        try head.withUnsafeBytes { try io.write($0) }
    }

    /// Sends `length` bytes of `file` from `offset` with sendfile(2), after the head.
    func sendFile(_ file: Int32, offset: Int, length: Int) throws {
        if case .noBody = framing { return try flush() }
        if !headSent {
            try markStarted()
            try head.withUnsafeBytes { try io.write($0, more: length > 0) }
        }
        try io.sendFile(file, offset: offset, length: length)
        bodyBytes += length
        remaining -= min(remaining, length)
    }

    /// Ends the body: the last chunk for chunked (s7.1), a length check for Content-Length.
    func finish() throws {
        switch framing {
        case .chunked:
            // last-chunk CRLF with an empty trailer section.
            frame.removeAll(keepingCapacity: true)
            if !headSent { frame.append(contentsOf: head) }
            frame.append(contentsOf: [0x30, 0x0D, 0x0A, 0x0D, 0x0A])
            try markStarted()
            try frame.withUnsafeBytes { try io.write($0) }
        case .length(let declared):
            try flush()
            if remaining > 0 {
                // A short body must not look complete: the connection is closed (RFC 9112 s6.3 rule 6).
                throw GatewayError(.contentLengthMismatch(declared: declared, actual: declared - remaining))
            }
        case .noBody, .close:
            try flush()
        }
    }

    private func send(_ bytes: UnsafeRawBufferPointer) throws {
        if headSent {
            try io.write(bytes)
        } else {
            try markStarted()
            try head.withUnsafeBytes { try io.write($0, bytes) }
        }
        bodyBytes += bytes.count
    }

    private func markStarted() throws {
        if !headSent {
            headSent = true
            input?.responseStarted = true
        }
    }
}
