import Werk

/// How the loop reads request bodies before the app is called: small ones into the
/// connection's buffer, and large ones into a file (`BodySpool`) once `maxStreamedBodies`
/// stream to the application.
extension EventLoop {
    /// True when the loop reads this request's body before the app is called: a body up to
    /// `maxBufferedBodySize` whose client does not wait for a 100 (RFC 9110 s10.1.1).
    func readsBodyFirst(_ head: RequestHead) -> Bool {
        guard !head.expectContinue else { return false }
        switch head.framing {
        case .none: return false
        case .length(let n):
            if let limit = context.options.maxContentLength, n > limit { return false }  // 413 from the head
            return n <= context.options.maxBufferedBodySize
        case .chunked: return true
        }
    }

    /// Room to reserve for the rest of a body the loop reads.
    func bodyRoom(_ head: RequestHead) -> Int {
        if case .length(let n) = head.framing { return n + 1024 }
        return 4096
    }

    /// Where a body the loop reads first stands: all there, more to come, too large to buffer
    /// (it streams, or is spooled), or broken.
    enum BodyState { case complete, incomplete, streams, malformed(RequestError) }

    /// Whether the body at the front of `buffer` is all there. A chunked body is checked as it
    /// arrives; past `maxBufferedBodySize` it streams to the app (or is spooled).
    func bodyState(_ connection: Connection, _ head: RequestHead, _ buffer: ReadBuffer) -> BodyState {
        switch head.framing {
        case .none: return .complete
        case .length(let n): return buffer.count >= n ? .complete : .incomplete
        case .chunked:
            let done: Bool
            do { done = try checkChunks(connection, buffer) } catch { return .malformed(error) }
            if done { return .complete }
            if buffer.count > context.options.maxBufferedBodySize { return .streams }
            return .incomplete
        }
    }

    /// Checks the chunked framing of the bytes in `buffer` past those checked already (the
    /// decoder and mark in `connection.bodyCheck`), and moves the mark; true when the body ended.
    private func checkChunks(_ connection: Connection, _ buffer: ReadBuffer) throws(RequestError) -> Bool {
        var check = connection.bodyCheck ?? (ChunkedDecoder(), 0)
        let step = try check.decoder.decode(UnsafeRawBufferPointer(rebasing: buffer.readable[check.checked...]), into: nil)
        check.checked += step.consumed
        connection.bodyCheck = check
        return check.decoder.isDone
    }

    // MARK: Spooling

    /// What became of a body the loop spools, after the bytes at hand.
    enum SpoolStep { case complete, incomplete, refused }

    /// True when the body of `head` must be spooled rather than streamed: `maxStreamedBodies`
    /// bodies stream already, and it is not answered from its head alone (413) nor all
    /// buffered. A body larger than the whole spool budget still streams.
    func spoolsBody(_ head: RequestHead, _ buffer: ReadBuffer) -> Bool {
        guard !context.mayStreamBody else { return false }
        switch head.framing {
        case .none:
            return false
        case .length(let n):
            if let limit = context.options.maxContentLength, n > limit { return false }
            return n > buffer.count && n <= context.spoolBudget.limit
        case .chunked:
            return true
        }
    }

    /// Reads the body of `head` from `buffer` into the connection's spool, starting one when
    /// there is none (and sending the `100 Continue` the client waits for, RFC 9110 s10.1.1).
    /// `.complete` leaves the spool on the connection, rewound for the request's input, and the
    /// bytes after the body in `buffer`; `.refused` answered (400, 413, 503) and closed.
    func spoolBody(_ connection: Connection, _ head: RequestHead, _ buffer: ReadBuffer, _ worker: Worker) -> SpoolStep {
        let spool: BodySpool
        if let current = connection.spool {
            spool = current
        } else {
            guard let started = startSpool(connection, head, worker) else { return .refused }
            spool = started
        }
        do {
            switch head.framing {
            case .none:
                break
            case .length(let n):
                let take = min(n - spool.written, buffer.count)
                try spool.append(UnsafeRawBufferPointer(rebasing: buffer.readable[..<take]))
                buffer.consume(take)
                if spool.written < n { return .incomplete }
            case .chunked:
                // The data is spooled, not the framing: chunk lines cost the client bandwidth but
                // no disk or budget (one-byte chunks are six bytes each on the wire).
                var decoder = connection.bodyCheck?.decoder ?? ChunkedDecoder()
                let limit = context.options.maxContentLength
                let consumed = try withUnsafeTemporaryAllocation(byteCount: 16 * 1024, alignment: 1) { scratch in
                    var consumed = 0
                    while consumed < buffer.count && !decoder.isDone {
                        let step = try decoder.decode(UnsafeRawBufferPointer(rebasing: buffer.readable[consumed...]), into: scratch)
                        consumed += step.consumed
                        if let limit, spool.written + step.produced > limit {
                            throw RequestError(.contentTooLarge, "The request body is larger than the server's limit of \(limit) bytes.")
                        }
                        try spool.append(UnsafeRawBufferPointer(rebasing: scratch[..<step.produced]))
                    }
                    return consumed
                }
                buffer.consume(consumed)
                connection.bodyCheck = (decoder, 0)
                if !decoder.isDone { return .incomplete }
            }
        } catch let error as RequestError {
            refuseAndClose(connection, Refusal.httpError(error), method: head.method, worker)
            return .refused
        } catch {
            refuseSpool(connection, error as? SpoolError, head, worker)
            return .refused
        }
        connection.bodyCheck = nil
        if connection.continueOwed > 0 {
            // The whole body came without the 100 (RFC 9110 s10.1.1 lets the server omit it
            // then), but a 100 cut in two would garble the response: such a connection closes.
            let partial = connection.continueOwed < Connection.interimContinue.utf8CodeUnitCount
            connection.continueOwed = 0
            if partial {
                close(connection)
                return .refused
            }
        }
        return .complete
    }

    /// Makes the spool for `head` and puts the connection in the body-reading phase; nil when
    /// refused (and closed).
    private func startSpool(_ connection: Connection, _ head: RequestHead, _ worker: Worker) -> BodySpool? {
        // A declared length that does not fit what is free now is refused before the client
        // sends it (and before a 100 asks it to).
        if case .length(let n) = head.framing, n > context.spoolBudget.limit - context.spoolBudget.inUse {
            refuseSpool(connection, .budgetExhausted, head, worker)
            return nil
        }
        if head.expectContinue {
            connection.continueOwed = Connection.interimContinue.utf8CodeUnitCount
            guard connection.sendOwedContinue() else {
                close(connection)
                return nil
            }
        }
        let spool = BodySpool(directory: FormLimits.defaultTemporaryDirectory, budget: context.spoolBudget)
        connection.spool = spool
        // A chunked body checked so far (with its data skipped) is decoded again from its first
        // byte, which the buffer still holds: the spool takes its data.
        connection.bodyCheck = nil
        if connection.phase != .readingBody {
            connection.pendingHead = head
            connection.phase = .readingBody
            connection.rate = context.bodyRate
        }
        return spool
    }

    /// Answers 503 (with `Retry-After`) for a body that could not be spooled; a failed system
    /// call is logged.
    private func refuseSpool(_ connection: Connection, _ error: SpoolError?, _ head: RequestHead, _ worker: Worker) {
        if case .system(let call, let code) = error { group.logSpoolFailure(call, errno: code) }
        connection.spool = nil
        refuseAndClose(connection, Refusal.saturated(retryAfter: context.options.retryAfterSeconds), method: head.method, worker)
    }
}
