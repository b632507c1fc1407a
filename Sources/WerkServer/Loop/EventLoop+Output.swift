import Werk
#if canImport(Glibc)
import Glibc
#endif

extension EventLoop {
    // MARK: Responses the client has not taken yet

    /// Writes more of a pending response; once done, goes on as the response said.
    func continueWriting(_ connection: Connection, _ worker: Worker) {
        guard var output = connection.output else { return }
        output.rate.stopWaiting(at: Sys.now(), moved: 0)
        switch output.write(to: connection.fd) {
        case .blocked:
            connection.deadline = output.startWaiting(connection.fd, at: Sys.now())
            connection.output = output
        case .failed:
            connection.output = nil
            output.finish()
            close(connection)
        case .done:
            connection.output = nil
            output.finish()
            if connection.inbound == nil { worker.buffer.reset() }
            // Only a kept-alive connection goes on here (`.next`). After a drain, `settle` has
            // already read and served what followed, and the connection may now be queued for
            // another thread or this thread may have lost the loop: reading it again here served
            // its next request twice over, or ran the loop from a thread that no longer owned it.
            if settle(connection, .finished(output.then), connection.inbound ?? worker.buffer, worker, runsLoop: true) == .next {
                readRequests(connection, worker)
            }
        }
    }

    // MARK: Bodies nobody reads

    /// Reads and discards the rest of a body the app left unread (at most `maxDrainSize`
    /// bytes, every byte counted, at the minimum data rate), then serves what follows it. Past
    /// the limit, or at broken chunked framing, the connection closes gracefully: the response
    /// went out, and a reset would destroy it while the client's bytes wait unread.
    func continueDraining(_ connection: Connection, _ worker: Worker) {
        guard var rest = connection.remainder else { return }
        let buffer = connection.inbound ?? worker.buffer
        if connection.inbound == nil { buffer.reset() }
        connection.rate?.stopWaiting(at: Sys.now(), moved: 0)
        while true {
            if !buffer.isEmpty {
                guard let step = try? rest.discard(buffer.readable) else { return closeGracefully(connection, worker) }
                buffer.consume(step.used)
                connection.drained += step.used
                connection.rate?.record(step.used)
                if step.done {
                    connection.remainder = nil
                    connection.rate = nil
                    connection.phase = .idle
                    if buffer === worker.buffer { connection.keepInput(from: buffer) }
                    return readRequests(connection, worker)
                }
            }
            if connection.drained > context.options.maxDrainSize { return closeGracefully(connection, worker) }
            switch buffer.fill(from: connection.fd, minimum: 16 * 1024).result {
            case .bytes: continue
            case .eof: return close(connection)
            case .wouldBlock:
                connection.remainder = rest
                if buffer === worker.buffer { connection.keepInput(from: buffer) }
                connection.releaseEmptyInput()
                connection.rate?.startWaiting(at: Sys.now())
                connection.deadline = connection.rate?.deadline ?? Sys.now()
                return
            }
        }
    }

    // MARK: Refusing and closing

    /// Answers `error` (the server's own page, `Connection: close`), then closes gracefully.
    func refuseAndClose(_ connection: Connection, _ error: HTTPError, method: String?, _ worker: Worker) {
        let handler = worker.handler
        handler.out.reset()
        Refusal.encode(error, method: method, keepAlive: false, serverHeader: context.options.serverHeader,
                       encoder: &handler.encoder, into: handler.out)
        // Best effort and without waiting: a refusal is small, and the connection closes after it.
        _ = try? Sys.send(connection.fd, handler.out.bytes)
        if context.options.accessLog {
            AccessLog.write(AccessLogEntry(remoteHost: connection.remoteHost, time: time(nil), requestLine: "-",
                                           status: error.status.code, bytes: 0, durationNanos: 0))
        }
        closeGracefully(connection, worker)
    }

    /// Closes the server's side (FIN after the response) and lingers, reading what the client
    /// still sends, so the response is not destroyed by a reset (RFC 9112 s9.6).
    func closeGracefully(_ connection: Connection, _ worker: Worker) {
        Sys.shutdownWrite(connection.fd)
        connection.phase = .lingering
        connection.inbound = nil
        connection.pendingHead = nil
        connection.spool = nil
        connection.continueOwed = 0
        connection.deadline = Sys.now() &+ context.lingerNanos
        discardLingering(connection, worker)
    }

    /// Reads and discards until EAGAIN (wait for more) or EOF (close); bounded per wake-up.
    func discardLingering(_ connection: Connection, _ worker: Worker) {
        worker.buffer.reset()
        for _ in 0..<64 {
            switch Sys.read(connection.fd, worker.buffer.storage, worker.buffer.capacity) {
            case .bytes: continue
            case .wouldBlock: return
            case .eof: return close(connection)
            }
        }
        close(connection)
    }

    /// Closes `connection` now and forgets it.
    func close(_ connection: Connection) {
        guard table.remove(connection.token) != nil else { return }
        connection.spool = nil
        if var output = connection.output {
            // A response cut off (its client too slow, or the drain's deadline) is still logged.
            output.finish()
            connection.output = nil
        }
        Sys.close(connection.fd)
        group.closeConnection()
    }

    // MARK: Timeouts

    /// How long an idle keep-alive connection keeps its last head for the next one to reuse.
    static let lastHeadIdleNanos: UInt64 = 1_000_000_000

    /// Acts on every connection whose deadline passed (four times a second): a partial head or
    /// body gets 408 (RFC 9110 s15.5.9), a stalled response or drain is dropped, an idle or
    /// lingering connection is closed.
    func sweep(_ now: UInt64, _ worker: Worker) {
        nextSweep = now &+ 250_000_000
        var expired: [Connection] = []
        table.forEach { connection in
            if !connection.busy && connection.deadline <= now { expired.append(connection) }
            // A connection idle for a second lets its last head go: only a client that keeps
            // sending gains from it, and an idle one holds no more than its socket.
            if !connection.headMemo.isEmpty && !connection.busy && connection.phase == .idle
                && now &+ context.keepAliveNanos > connection.deadline &+ EventLoop.lastHeadIdleNanos {
                connection.headMemo.forget()
            }
        }
        for connection in expired {
            switch connection.phase {
            case .readingHead, .readingBody:
                refuseAndClose(connection, .requestTimeout("The request did not arrive in time."), method: connection.pendingHead?.method, worker)
            case .writing where keepsTaking(connection, now):
                continue
            case .idle, .writing, .draining, .lingering:
                close(connection)
            }
        }
    }

    /// Whether a response whose wait for room reached its deadline was taken meanwhile at the
    /// minimum rate after all (`SendQueueWatch`); then it waits on with a new deadline.
    private func keepsTaking(_ connection: Connection, _ now: UInt64) -> Bool {
        guard var output = connection.output,
              let deadline = output.sendQueue.extendedDeadline(connection.fd, &output.rate, at: now) else { return false }
        connection.deadline = deadline
        connection.output = output
        return true
    }
}
