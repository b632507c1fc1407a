import CWerkSockets
import Werk
#if canImport(Glibc)
import Glibc
#endif

/// What became of a request after `RequestHandler.serve`.
enum ServeOutcome {
    /// The response is out; then what.
    case finished(AfterResponse)
    /// The client did not take the whole response yet: the event loop sends the rest.
    case pending(PendingOutput)
    /// The connection must close now (a vanished client, a body that failed midway).
    case abort
}

/// Serves one request: builds the `Environ`, calls the application, and writes the status,
/// headers and body in the framing `ResponseFraming` decides. Werk's counterpart of
/// Werkzeug's `WSGIRequestHandler`.
///
/// Each thread owns one handler and its buffers. It sees the server only through a
/// `ServingContext`. Responses held in memory or in a file are written without blocking (what
/// the client does not take at once goes back to the event loop); streamed bodies are written
/// by this thread, each wait bounded by the minimum data rate.
final class RequestHandler {
    // Stored properties skip the runtime exclusivity checks (`@exclusivity(unchecked)`): one
    // thread at a time uses an instance and no access overlaps another; on this path the checks
    // cost more than the work.
    let context: ServingContext
    /// The buffer response heads are built in (reused).
    let out = ByteWriter()
    /// Formats the `Date` field once a second.
    @exclusivity(unchecked) var encoder = ResponseEncoder()
    /// The head of the last response, reused for the next one when nothing else kept it (an
    /// app that held on to its start-response keeps that head; the next request gets a new one).
    @exclusivity(unchecked) var spareHead = ResponseHead()
    /// The last response head encoded, sent again for an equal response (`ResponseHeadMemo`).
    let responseMemo = ResponseHeadMemo()
    /// The connection of the request being served, for `clientHasHungUp`.
    @exclusivity(unchecked) var servingFD: Int32 = -1

    /// A handler for the server behind `context`.
    init(context: ServingContext) {
        self.context = context
    }

    /// Serves `head` on `connection`; the body, or its start, is at the front of `buffer`,
    /// and bytes after the body (pipelined requests) stay there. `started` is when serving began.
    func serve(_ head: RequestHead, on connection: Connection, buffer: ReadBuffer, started: UInt64) -> ServeOutcome {
        servingFD = connection.fd
        var exchange = Exchange(connection: connection, started: started, input: nil, gate: nil)
        if head.form == .authority {
            return refuse(Refusal.httpError(RequestError(.notImplemented, "CONNECT is not supported")), head, exchange, then: .close)
        }
        let maxContentLength = context.options.maxContentLength
        // RFC 9110 s15.5.14: a declared length over the server's limit gets 413 from the head alone.
        if let limit = maxContentLength, case .length(let n) = head.framing, n > limit {
            return refuse(.contentTooLarge("The request body (\(n) bytes) is larger than the server's limit of \(limit) bytes."),
                          head, exchange, then: .close)
        }
        let input: any RequestInput
        var streams = false
        if head.framing == .none {
            input = EmptyInput.shared
        } else if let spool = connection.spool {
            // Read to a file by the loop (the 100, if asked, was its to send); a chunked body's
            // data only, so the file is the whole body by its length.
            connection.spool = nil
            let framing: BodyFraming = spool.written == 0 ? .none : .length(spool.written)
            let spooled = SocketInput(framing: framing, buffer: ReadBuffer(capacity: 0), io: BlockingIO(fd: connection.fd, lender: nil),
                                      limit: maxContentLength, gate: nil, rate: context.bodyRate, spool: spool)
            exchange.input = spooled
            input = spooled
        } else {
            let gate = head.expectContinue ? ContinueGate(expected: true) : nil
            let socketInput = SocketInput(framing: head.framing, buffer: buffer, io: BlockingIO(fd: connection.fd, lender: context.pool),
                                          limit: maxContentLength, gate: gate, rate: context.bodyRate)
            exchange.input = socketInput
            exchange.gate = gate
            input = socketInput
            // A body not all buffered streams from the socket while the app runs: counted, so
            // the loops spool the next ones past `maxStreamedBodies`.
            if case .length(let n) = head.framing { streams = buffer.count < n } else { streams = true }
            if streams { context.streamedBodies.add(1, ordering: .relaxed) }
        }
        defer { if streams { context.streamedBodies.subtract(1, ordering: .relaxed) } }
        let address = context.addresses[connection.listenerIndex]
        var environ = Environ(
            method: head.method, pathInfo: head.path, queryString: head.query,
            serverName: address.family == .unix ? "localhost" : address.host,
            serverPort: address.port, serverProtocol: head.protocolName,
            remoteAddr: connection.remoteHost, remotePort: connection.remotePort, urlScheme: "http",
            requestURI: head.target, headers: head.headers, input: input, errors: StandardError.shared,
            multithread: true, multiprocess: context.isMultiprocess, runOnce: false)
        // RFC 9112 s3.2.2: with an absolute-form target the server uses its authority, not Host.
        if let host = head.targetHost { environ.headers.setTrusted("Host", host) }

        if isKnownUniquelyReferenced(&spareHead) { spareHead.reset() } else { spareHead = ResponseHead() }
        let responseHead = spareHead
        let body: Body
        if head.form == .asterisk {
            // RFC 9110 s9.3.7: OPTIONS * asks about the server itself; answered here.
            var allow = Headers()
            allow.addTrusted("Allow", "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS")
            try? responseHead.start(.ok, allow)
            body = .empty
        } else {
            do {
                body = try context.app(&environ, responseHead.startResponse)
                // A body returned without a start: its close hooks still run.
                do { try responseHead.beginBody() } catch {
                    body.close()
                    throw error
                }
            } catch let error as RequestBodyError {
                // The body failed under the app: answered with its status, then closed (framing is lost).
                if error.kind == .disconnected { return .abort }
                return refuse(HTTPError(error.status, detail: error.description), head, exchange, then: .close)
            } catch {
                logAppError(error, head)
                return refuse(Refusal.internalError, head, exchange, then: afterResponse(head, exchange, keepAlive: wantsKeepAlive(head, exchange)))
            }
        }
        guard let (status, headers) = responseHead.started else {
            body.close()
            return refuse(Refusal.internalError, head, exchange, then: .close)
        }
        return respond(status, headers, body, head, exchange)
    }

    // MARK: Keeping the connection

    /// Whether the client and the server's state allow another request on this connection.
    func wantsKeepAlive(_ head: RequestHead, _ exchange: Exchange) -> Bool {
        if !head.wantsKeepAlive || context.isStopping { return false }
        if let most = context.options.maxRequestsPerConnection, exchange.connection.requests >= most { return false }
        return true
    }

    /// What follows the response, given the body the app left unread (RFC 9110 s10.1.1, RFC 9112 s9.3).
    /// With `final` false it only predicts, using up nothing: for the head of a streamed
    /// response, whose producer is the app's code and may still read the request body.
    func afterResponse(_ head: RequestHead, _ exchange: Exchange, keepAlive: Bool, final: Bool = true) -> AfterResponse {
        guard keepAlive else { return .close }
        guard let input = exchange.input else { return .keepAlive }
        if input.isComplete || (final && input.skipBuffered()) { return .keepAlive }
        // The client may or may not send a body it was never asked for; a failed body lost its framing.
        if exchange.gate?.bodyWasNeverAsked == true || input.failure != nil { return .close }
        guard let rest = input.remainder else { return .keepAlive }
        if case .length(let n) = rest, n > context.options.maxDrainSize { return .close }
        return .drain(rest)
    }

    // MARK: Refusals

    /// Answers with the server's own page for `error`, then `then`.
    func refuse(_ error: HTTPError, _ head: RequestHead, _ exchange: Exchange, then: AfterResponse) -> ServeOutcome {
        out.reset()
        Refusal.encode(error, method: head.method, keepAlive: then != .close, serverHeader: context.options.serverHeader,
                       encoder: &encoder, into: out)
        exchange.gate?.responseStarted()
        return deliver(nil, then: then, log: logEntry(head, exchange, status: error.status.code, bytes: 0), exchange)
    }

    /// Sends the head in `out` and a body held in memory (`bytes`) or in `file` without
    /// waiting: usually one sendmsg. What the client does not take at once becomes a
    /// `PendingOutput` the event loop finishes. The body's close hooks run here either way, so
    /// no application code ever runs on an event loop's thread.
    func deliver(_ body: Body?, bytes: [UInt8] = [], file: Int32 = -1, openFile: OpenFile? = nil, offset: Int = 0, length: Int = 0,
                 then: AfterResponse, log: AccessLogEntry?, _ exchange: Exchange) -> ServeOutcome {
        let fd = exchange.connection.fd
        // A small body joins the head: one buffer, one send(2).
        let joined = file < 0 && !bytes.isEmpty && bytes.count <= 16 * 1024
        if joined { bytes.withUnsafeBytes { out.append($0) } }
        let headBytes = out.bytes
        let sent: Int
        do {
            sent = joined ? try Sys.send(fd, headBytes) : try bytes.withUnsafeBytes { try Sys.send(fd, headBytes, $0, more: file >= 0 && length > 0) }
        } catch {
            sent = -1
        }
        if sent == headBytes.count + (joined ? 0 : bytes.count) && file < 0 {
            body?.close()
            if let log { AccessLog.write(log) }
            return .finished(then)
        }
        let headSent = max(0, min(sent, headBytes.count))
        var pending = PendingOutput(head: out.copy(from: headSent), bytes: joined ? [] : bytes, bytesSent: max(0, sent - headSent),
                                    file: file, openFile: openFile, offset: offset, length: length, then: then,
                                    rate: context.responseRate)
        pending.body = body
        pending.logEntry = log
        pending.requestStarted = exchange.started
        let progress: PendingOutput.Progress = sent < 0 ? .failed : pending.write(to: fd)
        pending.closeBody()
        switch progress {
        case .done:
            pending.finish()
            return .finished(then)
        case .blocked:
            return .pending(pending)
        case .failed:
            pending.finish()
            return .abort
        }
    }

    // MARK: Logs

    /// The access log entry of a request, when the access log is on.
    func logEntry(_ head: RequestHead, _ exchange: Exchange, status: Int, bytes: Int) -> AccessLogEntry? {
        guard context.options.accessLog else { return nil }
        return AccessLogEntry(remoteHost: exchange.connection.remoteHost, time: time(nil),
                              requestLine: "\(head.method) \(head.target) \(head.protocolName)",
                              status: status, bytes: bytes, durationNanos: Sys.now() &- exchange.started)
    }

    func logAppError(_ error: any Error, _ head: RequestHead) {
        StandardError.shared.write("werk: error on \(AccessLogEntry.escaped(head.method)) \(AccessLogEntry.escaped(head.target)): \(error)\n")
    }
}

/// One request while it is served: its connection, body input and continue gate.
struct Exchange {
    let connection: Connection
    /// When serving began (monotonic ns).
    let started: UInt64
    var input: SocketInput?
    var gate: ContinueGate?
}

/// The input of every request without a body: it reads nothing, and has no state to share.
final class EmptyInput: RequestInput, Sendable {
    static let shared = EmptyInput()
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int { 0 }
}

/// An async handler's wait asks whether its client went away (`ClientHangUp`): closed or shut
/// down its side of the connection, which cancels the handler's task.
extension RequestHandler: ClientHangUpProbe {
    func clientHasHungUp() -> Bool {
        servingFD >= 0 && cwerk_peer_hung_up(servingFD) != 0
    }
}
