import Werk

/// The request body read straight from the connection (the server's `wsgi.input`): bounded
/// by Content-Length or de-chunked (RFC 9112 s6.3, s7.1) before the app sees it, read in
/// pieces so a large body is never held whole. Belongs to the worker serving the request.
final class SocketInput: RequestInput {
    /// Why the body could not be read; picks the server's answer when the app gives up.
    enum Failure: Equatable {
        /// The client stopped sending (408 if nothing was sent yet).
        case timeout
        /// Bad chunked framing (400).
        case malformed(RequestError)
        /// The body passed the server's `maxContentLength` (413).
        case tooLarge(Int)
        /// The client closed or reset the connection.
        case disconnected
    }

    /// Whether a `100 Continue` is owed (RFC 9110 s10.1.1).
    enum ContinueState: Equatable { case notExpected, owed, sent }

    private enum Mode {
        case length(Int)
        case chunked(ChunkedDecoder)
        case done
    }

    private var mode: Mode
    private let buffer: ReadBuffer
    private let io: ConnectionIO
    private let limit: Int?
    private var total = 0
    /// The first failure; every later read throws it again.
    private(set) var failure: Failure?
    /// Whether `100 Continue` is still owed.
    private(set) var continueState: ContinueState
    /// Set by the sender once the final response head went out: no 100 after that.
    var responseStarted = false

    /// A body framed by `framing`, read from `buffer` first, then from the socket.
    init(framing: BodyFraming, buffer: ReadBuffer, io: ConnectionIO, limit: Int?, expectContinue: Bool) {
        switch framing {
        case .none: mode = .done
        case .length(let n): mode = .length(n)
        case .chunked: mode = .chunked(ChunkedDecoder())
        }
        self.buffer = buffer
        self.io = io
        self.limit = limit
        let hasBody: Bool
        if case .done = mode { hasBody = false } else { hasBody = true }
        continueState = expectContinue && hasBody ? .owed : .notExpected
    }

    /// True once the whole body was read.
    var isComplete: Bool {
        if case .done = mode { return true }
        return false
    }

    /// Body bytes still unread when the length is known; nil for chunked.
    var remainingLength: Int? {
        switch mode {
        case .length(let n): return n
        case .chunked: return nil
        case .done: return 0
        }
    }

    /// Reads the next piece of the body into `destination`; 0 at the end.
    func read(into destination: UnsafeMutableRawBufferPointer) throws -> Int {
        if let failure { throw Self.error(for: failure, limit: limit) }
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
                do { n = try io.read(into: destination.baseAddress!, count: min(remaining, destination.count)) } catch {
                    throw fail(error.isTimeout ? .timeout : .disconnected)
                }
                if n == 0 { throw fail(.disconnected) }
            }
            mode = remaining == n ? .done : .length(remaining - n)
            total += n
            return n
        case .chunked(var decoder):
            try sendContinueIfOwed()
            while true {
                if buffer.isEmpty {
                    let more: Bool
                    do { more = try buffer.fill(from: io) } catch { throw fail(error.isTimeout ? .timeout : .disconnected) }
                    if !more { throw fail(.disconnected) }
                }
                let result: (consumed: Int, produced: Int)
                do { result = try decoder.decode(buffer.readable, into: destination) } catch { throw fail(.malformed(error)) }
                buffer.consume(result.consumed)
                total += result.produced
                if let limit, total > limit { throw fail(.tooLarge(limit)) }
                if decoder.isDone {
                    mode = .done
                    return result.produced
                }
                mode = .chunked(decoder)
                if result.produced > 0 { return result.produced }
            }
        }
    }

    /// Reads and discards the rest of the body if it is at most `maxBytes` long; true when
    /// the body was read to its end (the connection can then serve the next request).
    func discardRest(maxBytes: Int) -> Bool {
        if isComplete { return true }
        if failure != nil || continueState == .owed { return false }
        if let remaining = remainingLength, remaining > maxBytes { return false }
        var scratch = [UInt8](repeating: 0, count: 16 * 1024)
        var discarded = 0
        while !isComplete {
            guard let n = try? scratch.withUnsafeMutableBytes({ try read(into: $0) }), n > 0 else { return isComplete }
            discarded += n
            if discarded > maxBytes { return false }
        }
        return true
    }

    private func sendContinueIfOwed() throws {
        guard continueState == .owed else { return }
        continueState = .sent
        // RFC 9110 s10.1.1: the 100 goes out when the app first reads, never after a final response.
        guard !responseStarted else { return }
        let interim = "HTTP/1.1 100 Continue\r\n\r\n"
        do { try Array(interim.utf8).withUnsafeBytes { try io.write($0) } } catch { throw fail(.disconnected) }
    }

    private func fail(_ failure: Failure) -> any Error {
        self.failure = failure
        return Self.error(for: failure, limit: limit)
    }

    private static func error(for failure: Failure, limit: Int?) -> any Error {
        switch failure {
        // Client faults surface as Werk's HTTPError, so any app (and Request.application)
        // answers them with their status instead of a 500.
        case .timeout: return HTTPError.requestTimeout("The request body did not arrive in time.")
        case .malformed(let error):
            return HTTPError(.badRequest, detail: "The request body is malformed: \(error.reason).")
        case .tooLarge(let limit): return BodyTooLarge(limit: limit)
        case .disconnected: return SocketError.peerClosed
        }
    }
}
