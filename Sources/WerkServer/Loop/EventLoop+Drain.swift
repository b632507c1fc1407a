extension EventLoop {
    // MARK: Draining

    /// The keep-alive drain period where other processes share the listening socket and
    /// `keepAliveDrainPeriod` is zero (ns).
    static let sharedSocketKeepAliveDrain: UInt64 = 1_000_000_000

    /// One step of draining, run by the loop's thread on each wake-up once the server stops.
    /// True when the loop is done (every connection closed, or the deadlines passed).
    ///
    /// Draining never resets a connection it accepted: a request whose bytes arrived is
    /// served (with `Connection: close`, as every response from now on, so requests pipelined
    /// behind it are not: RFC 9112 s9.6 has the client send them again), requests in flight
    /// finish within `shutdownGracePeriod`, and only idle keep-alive connections are closed,
    /// each with a lingering close (FIN, then what the client still sends is read and
    /// discarded until it closes or `lingerTimeout` passes), so no reset destroys an answer.
    func drainStep(_ now: UInt64, _ worker: Worker) -> Bool {
        if stopDeadline == 0 { beginDrain(now) }
        let pastGrace = now >= stopDeadline
        for connection in table.elements where !connection.busy && table[connection.token] === connection {
            switch connection.phase {
            case .idle:
                closeIfIdle(connection, now: now, pastGrace: pastGrace, worker)
                if worker.lostLoop { return false }
            case .readingHead, .readingBody, .writing, .draining:
                // Requests in flight: they finish, or the grace period ends them.
                if pastGrace { close(connection) }
            case .lingering:
                // The sweep closes it at its linger deadline, or it ends when the client closes.
                break
            }
        }
        if table.count == 0 && closeIncomingIfEmpty() { return true }
        // Past the grace period only lingering closes are waited for (up to `lingerTimeout`),
        // not handlers that outlive it: their connections close when they end.
        let lingering = table.elements.contains { !$0.busy && $0.phase == .lingering }
        guard now >= stopDeadline &+ context.lingerNanos || (pastGrace && !lingering) else { return false }
        // What waits in `ready` is the loop's own (a refused queued request stays busy until
        // taken up there): nothing takes it up now, so it closes with the rest.
        for connection in ready where table[connection.token] === connection { connection.busy = false }
        ready.removeAll()
        for connection in table.elements where !connection.busy { close(connection) }
        // Sockets handed in since the last look are closed too: nothing serves them now.
        for socket in closeIncoming() {
            Sys.close(socket.fd)
            group.closeConnection()
        }
        return true
    }

    /// Marks the loop closed to hand-ins when none is waiting (one step under the lock, so a
    /// socket is either seen here or kept by the loop that accepted it); true when it did.
    private func closeIncomingIfEmpty() -> Bool {
        incoming.withLock { waiting in
            guard waiting.sockets.isEmpty else { return false }
            waiting.closed = true
            return true
        }
    }

    /// Marks the loop closed to hand-ins and returns the sockets still waiting.
    private func closeIncoming() -> [AcceptedSocket] {
        incoming.withLock { waiting in
            waiting.closed = true
            defer { waiting.sockets.removeAll() }
            return waiting.sockets
        }
    }

    /// The first drain step: stop accepting, take what is already queued for this loop, and
    /// set the deadlines.
    private func beginDrain(_ now: UInt64) {
        let options = context.options
        stopDeadline = now &+ options.shutdownGracePeriod.nanoseconds
        // Where other processes share the listening socket (prefork workers), idle connections
        // get a second by default: a client that sends a request as the connection closes loses
        // it (RFC 9112 s9.3.1 lets it retry only idempotent ones), and the other processes
        // take the clients up once they are told `Connection: close`.
        let idlePeriod = options.keepAliveDrainPeriod == .zero && context.isMultiprocess
            ? EventLoop.sharedSocketKeepAliveDrain : options.keepAliveDrainPeriod.nanoseconds
        idleCloseAt = min(stopDeadline, now &+ idlePeriod)
        // A connection that has not sent its first request was made by a client about to send
        // one: it gets a second (or the keep-alive drain period, when longer).
        newCloseAt = min(stopDeadline, now &+ max(options.keepAliveDrainPeriod.nanoseconds, 1_000_000_000))
        let wasListening = listening
        stopListening()
        if wasListening {
            // A connection the kernel woke this loop for (exclusive wake-ups) may still wait in
            // the backlog, and no other process or loop was told of it: accept and serve it.
            for index in group.listeners.indices { accept(listener: index, batch: 256) }
        }
        for socket in takeIncoming() { adopt(socket) }
        group.loopBeganDraining(unlinkingPaths: !context.isMultiprocess)
    }

    /// Serves what arrived on an idle connection, or closes it (lingering) once its drain
    /// deadline passed.
    private func closeIfIdle(_ connection: Connection, now: UInt64, pastGrace: Bool, _ worker: Worker) {
        switch Sys.peek(connection.fd) {
        case .bytes:
            // A request arrived that this loop has not read yet: serve it (Connection: close).
            if !pastGrace { readRequests(connection, worker) } else { closeGracefully(connection, worker) }
        case .eof:
            close(connection)
        case .wouldBlock:
            let closeAt = connection.requests == 0 ? newCloseAt : idleCloseAt
            if now >= closeAt { closeGracefully(connection, worker) }
        }
    }
}
