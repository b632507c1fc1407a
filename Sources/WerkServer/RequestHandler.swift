import Werk
#if canImport(Glibc)
import Glibc
#endif

/// Serves the requests of one connection at a time: reads and parses each head, builds the
/// `Environ`, calls the application, and writes the status, headers and body; pipelined
/// requests already received are served in order before the connection is parked again.
///
/// Each worker thread owns one handler and its buffers; the handler is not shared between
/// threads. Werk's counterpart of Werkzeug's `WSGIRequestHandler`.
public final class RequestHandler {
    /// What happens to a connection after `serve`.
    enum Disposition: Equatable {
        /// Wait in epoll for more bytes (idle, or part of a head buffered).
        case park
        /// The server closed its side (FIN sent); discard what arrives until the client closes.
        case linger
        /// Close now.
        case close
    }

    /// What the handler decided after one request.
    private enum Outcome {
        case keepAlive, close, abort
    }

    private let server: HTTPServer
    private let options: ServerOptions
    private let limits: HeadLimits
    private let buffer: ReadBuffer
    private var out: [UInt8] = []
    private var encoder = ResponseEncoder()
    private static let bufferSize = 64 * 1024

    /// A handler for `server`'s connections.
    init(server: HTTPServer) {
        self.server = server
        self.options = server.options
        self.limits = server.options.headLimits
        self.buffer = ReadBuffer(capacity: RequestHandler.bufferSize)
        out.reserveCapacity(1024)
    }

    /// Serves `record` until it has no complete request left; says what to do with it next.
    func serve(_ record: inout ConnectionRecord) -> Disposition {
        buffer.reset()
        buffer.shrink(to: RequestHandler.bufferSize)
        if !record.pending.isEmpty {
            buffer.append(record.pending)
            record.pending = []
        }
        if record.phase == .lingering { return discardLingering(&record) }
        let io = ConnectionIO(fd: record.fd, writeTimeout: options.writeTimeout.nanoseconds, readTimeout: options.bodyTimeout.nanoseconds)
        while true {
            // 1. Until a complete head is buffered (RFC 9112 s2.1: request-line, fields, empty line).
            var headRange = 0..<0
            scanning: while true {
                switch record.scanner.scan(buffer.readable, limits: limits) {
                case .complete(let start, let end):
                    headRange = start..<end
                    break scanning
                case .failed(let error):
                    return refuse(error, &record, io)
                case .incomplete:
                    let wasEmpty = !record.scanner.hasStarted(bufferedCount: buffer.count)
                    switch buffer.fill(from: record.fd) {
                    case .bytes:
                        if wasEmpty && record.headStartedAt == 0 { record.headStartedAt = Sys.now() }
                    case .wouldBlock:
                        record.pending = buffer.isEmpty ? [] : buffer.copyOut()
                        record.phase = record.scanner.hasStarted(bufferedCount: buffer.count) ? .readingHead : .idle
                        if record.phase == .readingHead && record.headStartedAt == 0 { record.headStartedAt = Sys.now() }
                        return .park
                    case .eof:
                        return .close
                    }
                }
            }
            // 2. Parse it strictly.
            let started = Sys.now()
            let head: RequestHead
            do {
                head = try RequestHeadParser.parse(UnsafeRawBufferPointer(rebasing: buffer.readable[headRange]), limits: limits)
            } catch {
                return refuse(error, &record, io)
            }
            buffer.consume(headRange.upperBound)
            record.scanner = HeadScanner()
            record.headStartedAt = 0
            record.requests += 1
            // 3. Serve it.
            switch serveRequest(head, &record, io, started: started) {
            case .keepAlive:
                if buffer.isEmpty {
                    record.phase = .idle
                    return .park
                }
            case .close:
                return closeGracefully(&record)
            case .abort:
                return .close
            }
        }
    }

    // MARK: One request

    private func serveRequest(_ head: RequestHead, _ record: inout ConnectionRecord, _ io: ConnectionIO, started: UInt64) -> Outcome {
        let listener = server.listeners[record.listenerIndex]
        if head.form == .authority {
            return refuseRequest(RequestError(.notImplemented, "CONNECT is not supported"), head, record, io, started)
        }
        // RFC 9110 s15.5.14: a declared length over the server's limit gets 413 from the head alone.
        if let limit = options.maxContentLength, case .length(let n) = head.framing, n > limit {
            return refuseRequest(RequestError(.contentTooLarge, "Content-Length \(n) over the limit of \(limit)"), head, record, io, started)
        }
        let input = SocketInput(framing: head.framing, buffer: buffer, io: io, limit: options.maxContentLength,
                                expectContinue: head.expectContinue)
        var environ = Environ(
            method: head.method, pathInfo: head.path, queryString: head.query,
            serverName: listener.address.family == .unix ? "localhost" : listener.address.host,
            serverPort: listener.address.port, serverProtocol: head.protocolName,
            remoteAddr: record.remoteHost, remotePort: record.remotePort, urlScheme: "http",
            requestURI: head.target, headers: head.headers, input: input, errors: StandardError.shared,
            multithread: true, multiprocess: server.isMultiprocess, runOnce: false)
        // RFC 9112 s3.2.2: with an absolute-form target the server uses its authority, not Host.
        if let host = head.targetHost { environ.headers.setUnchecked("Host", host) }

        let responseHead = ResponseHead()
        var body: Body?
        var failure: (any Error)?
        if head.form == .asterisk {
            // RFC 9110 s9.3.7: OPTIONS * asks about the server itself; answered here.
            try? responseHead.start(.ok, (try? Headers([("Allow", "GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS")])) ?? Headers())
            body = Body.empty
        } else {
            do {
                body = try server.app(&environ, responseHead.startResponse)
                try responseHead.beginBody()
            } catch {
                failure = error
            }
        }
        // Close hooks run exactly once, whatever happens below (PEP 3333).
        defer { body?.close() }

        if let failure {
            if let inputFailure = input.failure {
                switch inputFailure {
                case .disconnected: return .abort
                case .timeout: return refuseRequest(RequestError(.requestTimeout, "the request body stalled"), head, record, io, started)
                case .malformed(let error): return refuseRequest(error, head, record, io, started)
                case .tooLarge(let limit):
                    return refuseRequest(RequestError(.contentTooLarge, "body over the limit of \(limit)"), head, record, io, started)
                }
            }
            logAppError(failure, head)
            return sendInternalError(head, record, io, input, started)
        }
        guard let status = responseHead.status, let body else {
            return sendInternalError(head, record, io, input, started)
        }
        return send(status, responseHead.headers, body, head, record, io, input, started)
    }

    /// Encodes the head, sends the body in the right framing, drains what the app left unread.
    private func send(_ status: Status, _ headers: Headers, _ body: Body, _ head: RequestHead, _ record: ConnectionRecord,
                      _ io: ConnectionIO, _ input: SocketInput, _ started: UInt64) -> Outcome {
        var keepAlive = head.wantsKeepAlive && !server.isStopping
        if let most = options.maxRequestsPerConnection, record.requests >= most { keepAlive = false }
        if !input.isComplete {
            // RFC 9110 s10.1.1: a client told nothing by 100 may or may not send the body; close.
            if input.continueState == .owed || input.failure != nil { keepAlive = false }
            if let remaining = input.remainingLength, remaining > options.maxDrainSize { keepAlive = false }
        }
        let isHead = head.method == "HEAD"
        let forbidsBody = status.forbidsBody
        // The app's Content-Length, Date and Server fields.
        var declared: Int?
        var hasDate = false, hasServer = false
        for field in headers {
            switch field.name.utf8.count {
            case 4 where Headers.namesEqual(field.name, "date"): hasDate = true
            case 6 where Headers.namesEqual(field.name, "server"): hasServer = true
            case 14 where Headers.namesEqual(field.name, "content-length"):
                guard case .value(let n) = RequestHeadParser.parseContentLength(field.value), declared == nil || declared == n else {
                    logAppError(GatewayError(.contentLengthMismatch(declared: -1, actual: body.knownLength ?? -1)), head)
                    return sendInternalError(head, record, io, input, started)
                }
                declared = n
            default: break
            }
        }
        // A HEAD response may declare the GET's length with no body at all (RFC 9110 s9.3.2).
        if let declared, let known = body.knownLength, declared != known, !forbidsBody, !(isHead && known == 0) {
            logAppError(GatewayError(.contentLengthMismatch(declared: declared, actual: known)), head)
            return sendInternalError(head, record, io, input, started)
        }
        // RFC 9112 s6.3: how the body is delimited.
        var framing: ResponseFraming
        var addLength: Int?
        var addChunked = false
        if forbidsBody {
            framing = .noBody
        } else if let declared {
            framing = .length(declared)
        } else if let known = body.knownLength {
            framing = .length(known)
            addLength = known
        } else if isHead {
            framing = .noBody
        } else if head.minorVersion >= 1 {
            framing = .chunked
            addChunked = true
        } else {
            // RFC 9112 s6.1: never chunked to HTTP/1.0; the close delimits the body (s6.3 rule 8).
            framing = .close
            keepAlive = false
        }
        if isHead { framing = .noBody }

        // The head: status line, the app's fields, then the server's.
        out.removeAll(keepingCapacity: true)
        ResponseEncoder.appendStatusLine(status, to: &out)
        for field in headers {
            // RFC 9110 s8.6: no Content-Length in 1xx or 204 responses.
            if (status.isInformational || status.code == 204) && Headers.namesEqual(field.name, "content-length") { continue }
            ResponseEncoder.appendField(field.name, field.value, to: &out)
        }
        if !hasDate { encoder.appendDate(to: &out) }
        if !hasServer, let server = options.serverHeader { ResponseEncoder.appendField("Server", server, to: &out) }
        if let addLength {
            out.append(contentsOf: "Content-Length: ".utf8)
            ResponseEncoder.appendDecimal(addLength, to: &out)
            out.append(contentsOf: crlf)
        }
        if addChunked { out.append(contentsOf: "Transfer-Encoding: chunked\r\n".utf8) }
        // RFC 9112 s9.6: a server that is closing says so; s9.3: HTTP/1.0 keep-alive is explicit.
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if head.minorVersion == 0 {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: crlf)

        let sender = ResponseSender(io: io, head: out, framing: framing, input: input)
        do {
            switch body.content {
            case .empty:
                try sender.finish()
            case .bytes(let bytes):
                try bytes.withUnsafeBytes { try sender.write($0) }
                try sender.finish()
            case .file(let region):
                if case .noBody = framing {
                    try sender.finish()
                } else {
                    let file = open(region.path, O_RDONLY | O_CLOEXEC)
                    guard file >= 0 else { throw FileError(path: region.path, message: String(cString: strerror(errno))) }
                    defer { Glibc.close(file) }
                    try sender.sendFile(file, offset: region.offset, length: region.length)
                    try sender.finish()
                }
            case .chunks(let chunks):
                if case .noBody = framing {
                    try sender.finish()
                } else {
                    let next = chunks.makeNext()
                    while let chunk = try next() { try chunk.withUnsafeBytes { try sender.write($0) } }
                    try sender.finish()
                }
            case .stream(let produce):
                if case .noBody = framing {
                    try sender.finish()
                } else {
                    try produce(sender)
                    try sender.finish()
                }
            }
        } catch {
            if let socketError = error as? SocketError, socketError.isPeerGone || socketError.isTimeout {
                logAccess(head, record, status.code, sender.bodyBytes, started)
                return .abort
            }
            logAppError(error, head)
            if !sender.headSent {
                // Nothing went out yet: the failure can still become a clean 500.
                return sendInternalError(head, record, io, input, started)
            }
            // A body that fails midway: close without the last chunk, so it never looks complete.
            logAccess(head, record, status.code, sender.bodyBytes, started)
            return .abort
        }
        logAccess(head, record, status.code, sender.bodyBytes, started)
        if keepAlive && !input.isComplete && !input.discardRest(maxBytes: options.maxDrainSize) { return .close }
        return keepAlive ? .keepAlive : .close
    }

    // MARK: Errors

    /// A 500 page that does not reveal the error (it goes to the error log instead).
    private func sendInternalError(_ head: RequestHead, _ record: ConnectionRecord, _ io: ConnectionIO, _ input: SocketInput,
                                   _ started: UInt64) -> Outcome {
        let page = Self.errorPage(.internalServerError,
                                  "The server encountered an internal error and was unable to complete your request.")
        let headers = (try? Headers([("Content-Type", "text/html; charset=utf-8")])) ?? Headers()
        return send(.internalServerError, headers, Body(page), head, record, io, input, started)
    }

    /// Answers a request the server refuses after parsing its head; the connection closes.
    private func refuseRequest(_ error: RequestError, _ head: RequestHead, _ record: ConnectionRecord, _ io: ConnectionIO,
                               _ started: UInt64) -> Outcome {
        writeErrorResponse(error, io)
        logAccess(head, record, error.status.code, 0, started)
        return .close
    }

    /// Answers a head that could not be parsed (400, 414, 431, 505, ...), then closes: the
    /// framing is lost, so nothing behind it is processed (RFC 9112 s2.2, s6.3).
    private func refuse(_ error: RequestError, _ record: inout ConnectionRecord, _ io: ConnectionIO) -> Disposition {
        writeErrorResponse(error, io)
        if options.accessLog {
            AccessLog.write(AccessLogEntry(remoteHost: record.remoteHost, time: time(nil), requestLine: "-",
                                           status: error.status.code, bytes: 0, durationNanos: 0))
        }
        return closeGracefully(&record)
    }

    private func writeErrorResponse(_ error: RequestError, _ io: ConnectionIO) {
        let page = Self.errorPage(error.status, error.reason)
        out.removeAll(keepingCapacity: true)
        ResponseEncoder.appendStatusLine(error.status, to: &out)
        encoder.appendDate(to: &out)
        if let server = options.serverHeader { ResponseEncoder.appendField("Server", server, to: &out) }
        out.append(contentsOf: "Content-Type: text/html; charset=utf-8\r\nContent-Length: ".utf8)
        ResponseEncoder.appendDecimal(page.utf8.count, to: &out)
        out.append(contentsOf: "\r\nConnection: close\r\n\r\n".utf8)
        out.append(contentsOf: page.utf8)
        _ = try? out.withUnsafeBytes { try io.write($0) }
    }

    /// Closes the server's side (FIN after the response) and lingers to read what the client
    /// still sends, so the response is not destroyed by a reset (RFC 9112 s9.6).
    private func closeGracefully(_ record: inout ConnectionRecord) -> Disposition {
        Sys.shutdownWrite(record.fd)
        record.phase = .lingering
        record.deadline = 0
        record.pending = []
        buffer.reset()
        return discardLingering(&record)
    }

    /// Reads and discards until EAGAIN (wait for more) or EOF (close); bounded per wake-up.
    private func discardLingering(_ record: inout ConnectionRecord) -> Disposition {
        buffer.reset()
        for _ in 0..<64 {
            switch buffer.fill(from: record.fd) {
            case .bytes: buffer.reset()
            case .wouldBlock: return .linger
            case .eof: return .close
            }
        }
        return .close
    }

    static func errorPage(_ status: Status, _ message: String) -> String {
        "<!doctype html>\n<html lang=en>\n<title>\(status.code) \(status.reason)</title>\n<h1>\(status.reason)</h1>\n<p>\(message)</p>\n"
    }

    private func logAppError(_ error: any Error, _ head: RequestHead) {
        StandardError.shared.write("werk: error on \(AccessLogEntry.escaped(head.method)) \(AccessLogEntry.escaped(head.target)): \(error)\n")
    }

    private func logAccess(_ head: RequestHead, _ record: ConnectionRecord, _ status: Int, _ bytes: Int, _ started: UInt64) {
        guard options.accessLog else { return }
        AccessLog.write(AccessLogEntry(remoteHost: record.remoteHost, time: time(nil),
                                       requestLine: "\(head.method) \(head.target) \(head.protocolName)",
                                       status: status, bytes: bytes, durationNanos: Sys.now() &- started))
    }
}
