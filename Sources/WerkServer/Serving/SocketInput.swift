import Werk

/// The request body read straight from the connection (the server's `wsgi.input`): bounded
/// by Content-Length or de-chunked (RFC 9112 s6.3, s7.1) before the app sees it, read in
/// pieces so a large body is never held whole. Bytes the event loop already received are used
/// first; the socket is read only for a body larger than `maxBufferedBodySize`, each wait
/// bounded by the minimum data rate. A body the loop spooled (`BodySpool`) is read from its
/// file instead.
///
/// A failed read throws a `RequestBodyError` (408, 400, 413 or a vanished client), and every
/// later read throws the same one. Belongs to the thread serving the request.
final class SocketInput: RequestInput {
    // Stored properties skip the runtime exclusivity checks (`@exclusivity(unchecked)`): one
    // thread at a time uses an instance and no access overlaps another; on this path the checks
    // cost more than the work.
    private enum Mode {
        case length(Int)
        case chunked(ChunkedDecoder)
        case done
    }

    @exclusivity(unchecked) private var mode: Mode
    private let buffer: ReadBuffer
    /// The file the event loop read the body into, read instead of the socket; nil when the
    /// body comes from the socket.
    private let spool: BodySpool?
    private let io: BlockingIO
    private let limit: Int?
    private let gate: ContinueGate?
    @exclusivity(unchecked) private var rate: RateDeadline
    @exclusivity(unchecked) private var total = 0
    /// The first failure; every later read throws it again.
    @exclusivity(unchecked) private(set) var failure: RequestBodyError?

    /// A body framed by `framing`, read from `buffer` first, then from the socket.
    init(framing: BodyFraming, buffer: ReadBuffer, io: BlockingIO, limit: Int?, gate: ContinueGate?, rate: RateDeadline,
         spool: BodySpool? = nil) {
        switch framing {
        case .none: mode = .done
        case .length(let n): mode = .length(n)
        case .chunked: mode = .chunked(ChunkedDecoder())
        }
        self.buffer = buffer
        self.io = io
        self.limit = limit
        self.gate = gate
        self.rate = rate
        self.spool = spool
        spool?.rewind()
    }

    /// True once the whole body was read.
    var isComplete: Bool {
        if case .done = mode { return true }
        return false
    }

    /// What is left of the body for the event loop to discard, nil when nothing is (a spooled
    /// body left nothing on the connection).
    var remainder: BodyRemainder? {
        if spool != nil { return nil }
        switch mode {
        case .length(let n): return .length(n)
        case .chunked(let decoder): return .chunked(decoder)
        case .done: return nil
        }
    }

    /// The rest of the body: one copy when the event loop has buffered all of it (the usual
    /// small body), else piece by piece.
    func readAll(limit: Int?) throws -> [UInt8] {
        guard failure == nil, case .length(let remaining) = mode, buffer.count >= remaining else {
            return try readAllInPieces(limit: limit)
        }
        // As a first read would: the 100 (if one is owed) before anything else, then the limit.
        try sendContinueIfOwed()
        if let limit, remaining > limit { throw BodyTooLarge(limit: limit) }
        let bytes = Array(UnsafeRawBufferPointer(rebasing: buffer.readable[..<remaining]))
        buffer.consume(remaining)
        mode = .done
        total += remaining
        return bytes
    }

    /// Reads the next piece of the body into `destination`; 0 at the end.
    func read(into destination: UnsafeMutableRawBufferPointer) throws(RequestBodyError) -> Int {
        if let failure { throw failure }
        guard destination.count > 0 else { return 0 }
        switch mode {
        case .done:
            return 0
        case .length(let remaining):
            try sendContinueIfOwed()
            var n: Int
            if !buffer.isEmpty {
                n = min(remaining, buffer.count, destination.count)
                destination.baseAddress!.copyMemory(from: buffer.readable.baseAddress!, byteCount: n)
                buffer.consume(n)
            } else {
                // Large bodies go straight from the socket into the app's buffer.
                n = try receive(into: destination.baseAddress!, count: min(remaining, destination.count))
            }
            mode = remaining == n ? .done : .length(remaining - n)
            total += n
            return n
        case .chunked(var decoder):
            try sendContinueIfOwed()
            while true {
                if buffer.isEmpty {
                    buffer.reserve(16 * 1024)
                    buffer.didWrite(try receive(into: buffer.freeSpace, count: buffer.spare))
                }
                let result: (consumed: Int, produced: Int)
                do { result = try decoder.decode(buffer.readable, into: destination) } catch {
                    throw fail(.malformed(error.reason))
                }
                buffer.consume(result.consumed)
                total += result.produced
                if let limit, total > limit { throw fail(.tooLarge(limit: limit)) }
                if decoder.isDone {
                    mode = .done
                    return result.produced
                }
                mode = .chunked(decoder)
                if result.produced > 0 { return result.produced }
            }
        }
    }

    /// Uses up the rest of the body from what is already buffered, without the socket; true
    /// when the body ended there (the connection can go on to the next request).
    func skipBuffered() -> Bool {
        guard failure == nil, var rest = remainder else { return failure == nil }
        let step: (used: Int, done: Bool)
        do { step = try rest.discard(buffer.readable) } catch {
            // Broken framing: the response must say close, since nothing after it can be read.
            _ = fail(.malformed(error.reason))
            return false
        }
        buffer.consume(step.used)
        // What was skipped is no longer owed: the loop drains only what is left. (Keeping the
        // old remainder made the drain swallow as many bytes of the next request.)
        switch rest {
        case _ where step.done: mode = .done
        case .length(let n): mode = .length(n)
        case .chunked(let decoder): mode = .chunked(decoder)
        }
        return step.done
    }

    /// One read from the socket, waiting as the minimum data rate allows; never 0.
    private func receive(into pointer: UnsafeMutableRawPointer, count: Int) throws(RequestBodyError) -> Int {
        if let spool {
            // The loop checked the framing as it spooled and kept the data: the file is the body.
            let n: Int
            do { n = try spool.read(into: pointer, count: count) } catch { throw fail(.disconnected) }
            if n == 0 { throw fail(.disconnected) }
            return n
        }
        while true {
            switch Sys.read(io.fd, pointer, count) {
            case .bytes(let n):
                rate.record(n)
                return n
            case .eof:
                throw fail(.disconnected)
            case .wouldBlock:
                guard io.waitReadable(&rate) else { throw fail(.timedOut) }
            }
        }
    }

    private func sendContinueIfOwed() throws(RequestBodyError) {
        // RFC 9110 s10.1.1: the 100 goes out when the app first reads, never after a final response.
        guard gate?.openForReading() == true else { return }
        var writeRate = rate
        let interim = Connection.interimContinue
        do {
            try io.writeAll(UnsafeRawBufferPointer(start: interim.utf8Start, count: interim.utf8CodeUnitCount), rate: &writeRate)
        } catch {
            throw fail(.disconnected)
        }
    }

    private func fail(_ error: RequestBodyError.Kind) -> RequestBodyError {
        let error = RequestBodyError(error)
        failure = error
        return error
    }
}
