import Werk
#if canImport(Glibc)
import Glibc
#endif

extension RequestHandler {
    /// Sends the app's response in the framing `ResponseFraming` decides (RFC 9112 s6).
    func respond(_ status: Status, _ headers: Headers, _ body: Body, _ head: RequestHead, _ exchange: Exchange) -> ServeOutcome {
        let framing: ResponseFraming
        let bodyLength = body.knownLength
        if let known = responseMemo.framing(status, headers, method: head.method, bodyLength: bodyLength, minorVersion: head.minorVersion) {
            framing = known
        } else {
            do {
                framing = try ResponseFraming(method: head.method, status: status, headers: headers, bodyLength: bodyLength,
                                              minorVersion: head.minorVersion)
            } catch {
                body.close()
                logAppError(error, head)
                return refuse(Refusal.internalError, head, exchange, then: afterResponse(head, exchange, keepAlive: wantsKeepAlive(head, exchange)))
            }
            responseMemo.remember(framing, status, headers, method: head.method, bodyLength: bodyLength, minorVersion: head.minorVersion)
        }
        // A streamed body (no known length) runs the app's code, which may read the request
        // body yet: decide for the head without using it up; the stream decides once it ended.
        let then = afterResponse(head, exchange, keepAlive: wantsKeepAlive(head, exchange) && !framing.closesConnection,
                                 final: bodyLength != nil || !framing.sendsBody)
        out.reset()
        // The same head as the last response's (but for its Date) is written as it was encoded.
        if !responseMemo.write(closes: then == .close, encoder: &encoder, to: out) {
            appendHead(status, headers, framing, keepAlive: then != .close, minorVersion: head.minorVersion)
        }

        switch body.content {
        case .bytes(let bytes) where framing.sendsBody:
            exchange.gate?.responseStarted()
            return deliver(body, bytes: bytes, then: then, log: logEntry(head, exchange, status: status.code, bytes: bytes.count), exchange)
        case .file(let region) where framing.sendsBody:
            exchange.gate?.responseStarted()
            // The application's open file when the region has one (kept open until sent),
            // else one the server opens by path (and closes).
            let file = region.file?.descriptor ?? open(region.path, O_RDONLY | O_CLOEXEC)
            guard file >= 0 else {
                body.close()
                logAppError(FileError(path: region.path, message: String(cString: strerror(errno))), head)
                return refuse(Refusal.internalError, head, exchange, then: then)
            }
            return deliver(body, file: file, openFile: region.file, offset: region.offset, length: region.length, then: then,
                           log: logEntry(head, exchange, status: status.code, bytes: region.length), exchange)
        case .chunks where framing.sendsBody, .stream where framing.sendsBody:
            return stream(body, status, framing.delimiter, then, head, exchange)
        default:
            // No body on the wire (HEAD, 204, 304): the head alone.
            exchange.gate?.responseStarted()
            return deliver(body, then: then, log: logEntry(head, exchange, status: status.code, bytes: 0), exchange)
        }
    }

    /// Produces a chunk or stream body on this thread, writing as it goes.
    private func stream(_ body: Body, _ status: Status, _ delimiter: ResponseFraming.Delimiter, _ then: AfterResponse,
                        _ head: RequestHead, _ exchange: Exchange) -> ServeOutcome {
        defer { body.close() }
        let sender = ResponseSender(io: BlockingIO(fd: exchange.connection.fd, lender: context.pool), head: out,
                                    delimiter: delimiter, gate: exchange.gate, rate: context.responseRate)
        do {
            switch body.content {
            case .chunks(let chunks):
                let next = chunks.makeNext()
                while let chunk = try next() { try sender.write(chunk[...]) }
            case .stream(let produce):
                try produce(sender)
            default:
                break
            }
            try sender.finish()
        } catch {
            if let socketError = error as? SocketError, socketError.isPeerGone || socketError.isTimeout {
                if let entry = logEntry(head, exchange, status: status.code, bytes: sender.bodyBytes) { AccessLog.write(entry) }
                return .abort
            }
            logAppError(error, head)
            // Nothing went out yet: the failure can still become a clean 500.
            if !sender.headSent { return refuse(Refusal.internalError, head, exchange, then: .close) }
            // A body that fails midway: close without the last chunk and with a reset, so it
            // never looks complete (an HTTP/1.0 client's close-delimited body would, after a FIN).
            if let entry = logEntry(head, exchange, status: status.code, bytes: sender.bodyBytes) { AccessLog.write(entry) }
            Sys.resetOnClose(exchange.connection.fd)
            return .abort
        }
        if let entry = logEntry(head, exchange, status: status.code, bytes: sender.bodyBytes) { AccessLog.write(entry) }
        // The app may have read the body while it streamed.
        return .finished(then == .close ? .close : afterResponse(head, exchange, keepAlive: true))
    }

    /// The head: status line, the app's fields, then the server's (RFC 9110 s6.6.1 Date,
    /// s10.2.4 Server; RFC 9112 s9.3, s9.6 Connection).
    private func appendHead(_ status: Status, _ headers: Headers, _ framing: ResponseFraming, keepAlive: Bool, minorVersion: Int) {
        ResponseEncoder.appendStatusLine(status, to: out)
        var hasDate = false, hasServer = false
        for field in headers {
            switch field.name.utf8.count {
            case 4 where Headers.namesEqual(field.name, "Date"): hasDate = true
            case 6 where Headers.namesEqual(field.name, "Server"): hasServer = true
            // RFC 9110 s8.6: no Content-Length in 1xx or 204 responses.
            case 14 where framing.dropsContentLength && Headers.namesEqual(field.name, "Content-Length"): continue
            default: break
            }
            ResponseEncoder.appendField(field.name, field.value, to: out)
        }
        let dateStart = out.count
        if !hasDate { encoder.appendDate(to: out) }
        let dateEnd = out.count
        if !hasServer, let serverLine = context.serverLine { serverLine.withUnsafeBytes { out.append($0) } }
        if let length = framing.addsContentLength { ResponseEncoder.appendField("Content-Length", length, to: out) }
        if framing.addsChunked { out.append("Transfer-Encoding: chunked\r\n" as StaticString) }
        if !keepAlive {
            out.append("Connection: close\r\n" as StaticString)
        } else if minorVersion == 0 {
            out.append("Connection: keep-alive\r\n" as StaticString)
        }
        out.appendCRLF()
        responseMemo.keep(out, dateStart: dateStart, dateEnd: dateEnd, closes: !keepAlive)
    }
}
