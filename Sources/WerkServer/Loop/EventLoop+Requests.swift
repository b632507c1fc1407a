import Werk

extension EventLoop {
    /// Whether the loop goes on with a connection after a step.
    enum Step { case next, stop }

    /// Reacts to epoll `events` for `connection`, by what it waits for.
    func drive(_ connection: Connection, _ events: UInt32, _ worker: Worker) {
        switch connection.phase {
        case .writing:
            // Bytes it sends meanwhile wait: it must take its response first.
            if events & EventPoll.writable != 0 { continueWriting(connection, worker) }
        case .draining:
            continueDraining(connection, worker)
        case .lingering:
            discardLingering(connection, worker)
        case .readingBody:
            // A 100 owed for a spooled body goes out as soon as the socket takes it.
            if connection.continueOwed > 0 && events & EventPoll.writable != 0 && !connection.sendOwedContinue() { return close(connection) }
            if events & EventPoll.readable != 0 { readRequests(connection, worker) }
        case .idle, .readingHead:
            if events & EventPoll.readable != 0 { readRequests(connection, worker) }
        }
    }

    /// Continues a connection handed back by another thread (or whose output finished).
    func resume(_ connection: Connection, _ worker: Worker) {
        if let refusal = connection.refusal {
            connection.refusal = nil
            refuseAndClose(connection, refusal, method: connection.pendingHead?.method, worker)
            return
        }
        drive(connection, EventPoll.assumedReady, worker)
    }

    /// Serves the complete requests buffered for `connection`, reading until the socket is
    /// drained; then parks it with its leftover bytes and the deadline of what it waits for.
    /// Once an event said the peer closed (`Connection.peerClosed`), it reads on until it sees
    /// the end and closes: a client that sends part of a request and hangs up frees its
    /// connection at once, not at the header or body timeout.
    ///
    /// One connection gets a share of each wake-up (`requestShare` requests, `readShare`
    /// bytes); past it, the rest waits for the loop's next turn. A client that pipelines as
    /// fast as it reads its responses kept the loop to itself: the other connections of that
    /// loop waited seconds.
    func readRequests(_ connection: Connection, _ worker: Worker) {
        if connection.inbound == nil {
            worker.buffer.reset()
            worker.buffer.shrink(to: Worker.bufferSize)
        }
        var mayHaveMore = true
        var taken = 0
        var share = EventLoop.requestShare
        while true {
            let buffer = connection.inbound ?? worker.buffer
            if !buffer.isEmpty, serveBuffered(connection, buffer, worker, share: &share) == .stop { return }
            if share == 0 || (mayHaveMore && taken >= EventLoop.readShare) {
                // Its share of this wake-up: the rest after the loop's next wait (once in the
                // list, however many events come for it meanwhile).
                park(connection, worker)
                if !connection.awaitingTurn {
                    connection.awaitingTurn = true
                    // Checked in debug builds (the tests' Showcase): each copy took a share.
                    assert(!deferred.contains { $0 === connection }, "a connection deferred twice")
                    deferred.append(connection)
                }
                return
            }
            guard mayHaveMore else { break }
            let target = connection.inbound ?? worker.buffer
            let (result, offered) = target.fill(from: connection.fd, minimum: target === worker.buffer ? 16 * 1024 : 4096)
            switch result {
            case .bytes(let n):
                // A read that did not fill the space drained the socket: the next edge says when
                // more came (none comes after the peer closed: read on to its end).
                mayHaveMore = n >= offered || connection.peerClosed
                taken += n
                if connection.phase == .readingBody { connection.rate?.stopWaiting(at: clock, moved: n) }
            case .wouldBlock:
                mayHaveMore = false
            case .eof:
                close(connection)
                return
            }
        }
        park(connection, worker)
    }

    /// The most bytes one connection's reads take in one wake-up (a body the loop reads, or
    /// pipelined requests).
    static let readShare = 256 * 1024
    /// The most requests of one connection served in one wake-up.
    static let requestShare = 16

    /// Parks `connection` until its next event, keeping unused bytes in its own buffer.
    private func park(_ connection: Connection, _ worker: Worker) {
        let now = clock
        // The thread's buffer held this connection's bytes only if it has none of its own.
        if connection.inbound == nil { connection.keepInput(from: worker.buffer) }
        connection.releaseEmptyInput()
        switch connection.phase {
        case .readingBody:
            // The time now, not the wake-up's: reading a large body can take a while, and a
            // wait that looked older than it is would end early (408 to a client that never paused).
            connection.rate?.startWaiting(at: Sys.now())
            connection.deadline = connection.rate?.deadline ?? now
        case .readingHead:
            // The header timeout runs from the first wake-up that found part of this head.
            if connection.headStartedAt == 0 { connection.headStartedAt = now }
            connection.deadline = connection.headStartedAt &+ context.headerTimeoutNanos
        default:
            connection.phase = .idle
            connection.headStartedAt = 0
            connection.deadline = now &+ context.keepAliveNanos
        }
    }

    /// Serves what `buffer` holds: complete requests, one after the other. `.stop` when the
    /// connection left this loop's hands (closed, busy, writing, handed on).
    /// At most `share` requests are served; each one served is taken off it.
    private func serveBuffered(_ connection: Connection, _ buffer: ReadBuffer, _ worker: Worker, share: inout Int) -> Step {
        while !buffer.isEmpty && share > 0 {
            let head: RequestHead
            if connection.phase == .readingBody, let pending = connection.pendingHead {
                head = pending
            } else {
                switch nextHead(connection, buffer, worker) {
                case .head(let next): head = next
                case .incomplete: return .next
                case .refused: return .stop
                }
            }
            var spools = connection.spool != nil
            if !spools && readsBodyFirst(head) {
                switch bodyState(connection, head, buffer) {
                case .malformed(let error):
                    refuseAndClose(connection, Refusal.httpError(error), method: head.method, worker)
                    return .stop
                case .incomplete:
                    // The loop reads the body before a thread is involved.
                    if connection.phase != .readingBody {
                        connection.pendingHead = head
                        connection.phase = .readingBody
                        connection.rate = context.bodyRate
                        if buffer === worker.buffer { connection.keepInput(from: buffer, spare: bodyRoom(head)) }
                    }
                    return .next
                case .complete:
                    break
                case .streams:
                    spools = spoolsBody(head, buffer)
                }
            } else if !spools && head.framing != .none {
                spools = spoolsBody(head, buffer)
            }
            if spools {
                switch spoolBody(connection, head, buffer, worker) {
                case .incomplete: return .next
                case .refused: return .stop
                case .complete: break
                }
            }
            connection.pendingHead = nil
            connection.bodyCheck = nil
            connection.rate = nil
            connection.phase = .idle
            share -= 1
            if dispatch(head, connection, buffer, worker) == .stop { return .stop }
        }
        return .next
    }

    /// Serves one parsed request on this thread, or on a pool thread while the loop hands its
    /// requests off (`handOffUntil`), or queues it when the app is saturated.
    /// Always inlined (one caller): left to the optimizer, it and `serveInline` were outlined
    /// after an unrelated change, at about 240 instructions more per request.
    @inline(__always)
    private func dispatch(_ head: RequestHead, _ connection: Connection, _ buffer: ReadBuffer, _ worker: Worker) -> Step {
        guard context.pool.tryAcquireSlot() else { return enqueue(head, connection, buffer, worker) }
        if clock < handOffUntil.load(ordering: .relaxed) && !context.isStopping {
            return handOff(head, connection, buffer)
        }
        let outcome = serveInline(head, connection, buffer, worker)
        return settle(connection, outcome, buffer, worker, runsLoop: !worker.lostLoop)
    }

    /// Gives a request, with the slot it took, to a pool thread (`serveQueued`), which hands the
    /// connection back when it is done; the loop's thread goes on with its other connections.
    @inline(never)
    private func handOff(_ head: RequestHead, _ connection: Connection, _ buffer: ReadBuffer) -> Step {
        connection.keepInput(from: buffer)
        connection.pendingHead = head
        connection.busy = true
        context.pool.start(.serve(QueuedRequest(loop: self, connection: connection, since: clock)))
        return .stop
    }

    /// Queues a request for the next free slot, or answers 503 when the queue is full.
    private func enqueue(_ head: RequestHead, _ connection: Connection, _ buffer: ReadBuffer, _ worker: Worker) -> Step {
        connection.keepInput(from: buffer)
        connection.pendingHead = head
        connection.busy = true
        let request = QueuedRequest(loop: self, connection: connection, since: Sys.now())
        if context.pool.enqueue(request) { return .stop }
        connection.busy = false
        refuseAndClose(connection, Refusal.saturated(retryAfter: context.options.retryAfterSeconds), method: head.method, worker)
        return .stop
    }

    /// Takes up `connection` after one of its requests was served, under the lock: by this
    /// loop's thread (`runsLoop`), or by a thread that served it from the queue or lost the loop
    /// meanwhile, which leaves the rest to the loop's thread.
    func settle(_ connection: Connection, _ outcome: ServeOutcome, _ buffer: ReadBuffer, _ worker: Worker, runsLoop: Bool) -> Step {
        if finished { return closeOnFinishedLoop(connection, outcome) }
        let lost = !runsLoop
        switch outcome {
        case .abort:
            close(connection)
            return .stop
        case .finished(.close):
            closeGracefully(connection, worker)
            return .stop
        case .finished(.keepAlive):
            connection.phase = .idle
            if !lost { return .next }
            connection.keepInput(from: buffer)
        case .finished(.drain(let rest)):
            connection.remainder = rest
            connection.drained = 0
            connection.rate = context.bodyRate
            connection.phase = .draining
            connection.keepInput(from: buffer)
            if !lost { continueDraining(connection, worker); return .stop }
        case .pending(var output):
            connection.deadline = output.startWaiting(connection.fd, at: Sys.now())
            connection.output = output
            connection.phase = .writing
            connection.keepInput(from: buffer)
            if !lost { return .stop }
        }
        // Served by a thread that does not run this loop (any more): the loop takes it up. Its
        // events wait for that turn: driven by one before it, it could be handed off and come
        // back again, twice in the list (and deferred twice from there).
        connection.awaitingTurn = true
        ready.append(connection)
        wake()
        return .stop
    }
}

extension EventLoop {
    /// A connection served past the drain's deadline: no thread runs this loop to take it up,
    /// so it closes; what the client did not take of the response is given up (its file closed,
    /// logged). Kept out of `settle`, which is on every request's path.
    @inline(never)
    func closeOnFinishedLoop(_ connection: Connection, _ outcome: ServeOutcome) -> Step {
        if case .pending(let output) = outcome { connection.output = output }
        close(connection)
        return .stop
    }

    /// Serves a request that waited in the queue or was handed off, on a pool thread that does
    /// not run this loop; then hands the connection back to the loop. A request that took
    /// longer than the stall threshold keeps the loop handing its requests off. The slot goes
    /// back with `releaseSlotAsTaskEnds`: the thread's task ends here.
    func serveQueued(_ request: QueuedRequest, _ worker: Worker) {
        let connection = request.connection
        let buffer: ReadBuffer
        if let own = connection.inbound {
            buffer = own
        } else {
            buffer = worker.buffer
            buffer.reset()
        }
        var outcome = ServeOutcome.abort
        if let head = connection.pendingHead {
            connection.pendingHead = nil
            let started = Sys.now()
            outcome = worker.handler.serve(head, on: connection, buffer: buffer, started: started)
            let ended = Sys.now()
            if ended &- started > context.stallNanos { noteSlowRequest(at: ended, window: EventLoop.handOffWindow) }
        }
        context.pool.releaseSlotAsTaskEnds()
        lock()
        connection.busy = false
        _ = settle(connection, outcome, buffer, worker, runsLoop: false)
        unlock()
    }

    /// Answers a queued request that waited too long with `error` (a 503), from the loop. The
    /// connection stays busy until the loop takes it from `ready` and writes the refusal: a
    /// readable event before that would otherwise read what follows the refused request (its
    /// unread body, a pipelined request) and answer it first.
    func refuseQueued(_ connection: Connection, _ error: HTTPError) {
        lock()
        if finished {
            close(connection)
            unlock()
            return
        }
        connection.refusal = error
        ready.append(connection)
        unlock()
        wake()
    }
}
