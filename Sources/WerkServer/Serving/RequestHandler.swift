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
    let context: ServingContext
    /// The response head being built (reused).
    var out: [UInt8] = []
    /// Formats the `Date` field once a second.
    var encoder = ResponseEncoder()

    /// A handler for the server behind `context`.
    init(context: ServingContext) {
        self.context = context
        out.reserveCapacity(1024)
    }

    /// Serves `head` on `connection`; the body, or its start, is at the front of `buffer`,
    /// and bytes after the body (pipelined requests) stay there.
    func serve(_ head: RequestHead, on connection: Connection, buffer: ReadBuffer) -> ServeOutcome {
        let started = Sys.now()
        let options = context.options
        var exchange = Exchange(head: head, connection: connection, started: started)
        if head.form == .authority {
            return refuse(Refusal.httpError(RequestError(.notImplemented, "CONNECT is not supported")), exchange, then: .close)
        }
        // RFC 9110 s15.5.14: a declared length over the server's limit gets 413 from the head alone.
        if let limit = options.maxContentLength, case .length(let n) = head.framing, n > limit {
            return refuse(.requestEntityTooLarge("The request body (\(n) bytes) is larger than the server's limit of \(limit) bytes."),
                          exchange, then: .close)
        }
        let io = BlockingIO(fd: connection.fd, lender: context.pool)
        let gate = ContinueGate(expected: head.expectContinue && head.framing != .none)
        let input = SocketInput(framing: head.framing, buffer: buffer, io: io, limit: options.maxContentLength, gate: gate,
                                rate: RateDeadline(options, forResponse: false))
        exchange.input = input
        exchange.gate = gate
        let address = context.addresses[connection.listenerIndex]
        var environ = Environ(
            method: head.method, pathInfo: head.path, queryString: head.query,
            serverName: address.family == .unix ? "localhost" : address.host,
            serverPort: address.port, serverProtocol: head.protocolName,
            remoteAddr: connection.remoteHost, remotePort: connection.remotePort, urlScheme: "http",
            requestURI: head.target, headers: head.headers, input: input, errors: StandardError.shared,
            multithread: true, multiprocess: context.isMultiprocess, runOnce: false)
        // RFC 9112 s3.2.2: with an absolute-form target the server uses its authority, not Host.
        if let host = head.targetHost { environ.headers.setUnchecked("Host", host) }

        let responseHead = ResponseHead()
        let body: Body
        if head.form == .asterisk {
            // RFC 9110 s9.3.7: OPTIONS * asks about the server itself; answered here.
            var allow = Headers()
            allow.addUnchecked("Allow", "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS")
            try? responseHead.start(.ok, allow)
            body = .empty
        } else {
            do {
                body = try context.app(&environ, responseHead.startResponse)
                try responseHead.beginBody()
            } catch let error as RequestBodyError {
                // The body failed under the app: answered with its status, then closed (framing is lost).
                if error.kind == .disconnected { return .abort }
                return refuse(HTTPError(error.status, detail: error.description), exchange, then: .close)
            } catch {
                logAppError(error, head)
                return refuse(Refusal.internalError, exchange, then: afterResponse(exchange, keepAlive: wantsKeepAlive(exchange)))
            }
        }
        guard let status = responseHead.status else {
            body.close()
            return refuse(Refusal.internalError, exchange, then: .close)
        }
        return respond(status, responseHead.headers, body, exchange)
    }

    // MARK: Keeping the connection

    /// Whether the client and the server's state allow another request on this connection.
    func wantsKeepAlive(_ exchange: Exchange) -> Bool {
        if !exchange.head.wantsKeepAlive || context.isStopping { return false }
        if let most = context.options.maxRequestsPerConnection, exchange.connection.requests >= most { return false }
        return true
    }

    /// What follows the response, given the body the app left unread (RFC 9110 s10.1.1, RFC 9112 s9.3).
    func afterResponse(_ exchange: Exchange, keepAlive: Bool) -> AfterResponse {
        guard keepAlive, let input = exchange.input, let gate = exchange.gate else { return .close }
        if input.isComplete || input.skipBuffered() { return .keepAlive }
        // The client may or may not send a body it was never asked for; a failed body lost its framing.
        if gate.bodyWasNeverAsked || input.failure != nil { return .close }
        guard let rest = input.remainder else { return .keepAlive }
        if case .length(let n) = rest, n > context.options.maxDrainSize { return .close }
        return .drain(rest)
    }

    // MARK: Refusals

    /// Answers with the server's own page for `error`, then `then`.
    func refuse(_ error: HTTPError, _ exchange: Exchange, then: AfterResponse) -> ServeOutcome {
        out.removeAll(keepingCapacity: true)
        Refusal.encode(error, method: exchange.head.method, keepAlive: then != .close, serverHeader: context.options.serverHeader,
                       encoder: &encoder, into: &out)
        exchange.gate?.responseStarted()
        var pending = PendingOutput(head: out, then: then, rate: RateDeadline(context.options, forResponse: true))
        pending.logEntry = logEntry(exchange, status: error.status.code, bytes: 0)
        return deliver(&pending, exchange)
    }

    /// Writes `pending` as far as the socket takes it now.
    func deliver(_ pending: inout PendingOutput, _ exchange: Exchange) -> ServeOutcome {
        switch pending.write(to: exchange.connection.fd) {
        case .done:
            pending.finish()
            if let entry = pending.logEntry { AccessLog.write(entry) }
            return .finished(pending.then)
        case .blocked:
            return .pending(pending)
        case .failed:
            pending.finish()
            if let entry = pending.logEntry { AccessLog.write(entry) }
            return .abort
        }
    }

    // MARK: Logs

    /// The access log entry of `exchange`, when the access log is on.
    func logEntry(_ exchange: Exchange, status: Int, bytes: Int) -> AccessLogEntry? {
        guard context.options.accessLog else { return nil }
        let head = exchange.head
        return AccessLogEntry(remoteHost: exchange.connection.remoteHost, time: time(nil),
                              requestLine: "\(head.method) \(head.target) \(head.protocolName)",
                              status: status, bytes: bytes, durationNanos: Sys.now() &- exchange.started)
    }

    func logAppError(_ error: any Error, _ head: RequestHead) {
        StandardError.shared.write("werk: error on \(AccessLogEntry.escaped(head.method)) \(AccessLogEntry.escaped(head.target)): \(error)\n")
    }
}

/// One request while it is served: its head, connection, body input and continue gate.
struct Exchange {
    let head: RequestHead
    let connection: Connection
    /// When serving began (monotonic ns).
    let started: UInt64
    var input: SocketInput?
    var gate: ContinueGate?
}
