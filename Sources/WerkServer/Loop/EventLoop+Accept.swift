import CWerkSockets
#if canImport(Glibc)
import Glibc
#endif

extension EventLoop {
    /// Puts the listeners into this loop's epoll set (exclusive wake-ups: one loop per new
    /// connection). Called by the running thread, under the lock.
    func startListening() {
        for (index, listener) in group.listeners.enumerated() {
            try? poll.add(listener.fd, events: EventPoll.listenerEvents, id: UInt64(index + 1))
        }
        listening = true
    }

    /// Takes the listeners out of this loop's epoll set (at the connection limit, or stopping).
    func stopListening() {
        guard listening else { return }
        for listener in group.listeners { poll.remove(listener.fd) }
        listening = false
    }

    /// Accepts what is pending on listener `index` (a bounded batch) and spreads the
    /// connections over the loops in turn. A draining server still accepts the connections
    /// its loops were woken for: with exclusive wake-ups no other process was told of them.
    func accept(listener index: Int, batch: Int = 64) {
        let listener = group.listeners[index]
        let isTCP = listener.address.family != .unix
        let loops = group.loops
        for _ in 0..<batch {
            guard group.openConnection() else {
                // At maxConnections: stop accepting (the backlog waits) until one closes.
                stopListening()
                return
            }
            var storage = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            let (fd, code) = withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { group.accept(listener.fd, $0, &length) }
            }
            if fd < 0 {
                group.closeConnection()
                if code == EINTR || code == ECONNABORTED { continue }
                if code == EMFILE || code == ENFILE, !group.shedConnections(listener.fd, errno: code) { stopListening() }
                return
            }
            if isTCP {
                _ = cwerk_set_nodelay(fd)
                if let lowWatermark = context.options.notSentLowWatermark, lowWatermark > 0 {
                    _ = cwerk_set_notsent_lowat(fd, Int32(clamping: lowWatermark))
                }
            }
            let (host, port) = isTCP ? Listener.format(&storage) : ("", 0)
            let socket = AcceptedSocket(fd: fd, listenerIndex: index, remoteHost: host, remotePort: port)
            // While draining, each loop keeps what it accepts: another may have finished already.
            let target = loops.count > 1 && !context.isStopping ? group.nextLoop(loops) : self
            if target === self || !target.handIn(socket) { adopt(socket) }
        }
    }

    /// Gives `socket` to this loop from another loop's thread and wakes it; false when this
    /// loop already finished draining (the caller keeps the socket).
    func handIn(_ socket: AcceptedSocket) -> Bool {
        let taken = incoming.withLock { waiting -> Bool in
            guard !waiting.closed else { return false }
            waiting.sockets.append(socket)
            return true
        }
        if taken { wake() }
        return taken
    }

    /// The sockets other loops handed to this one, taken.
    func takeIncoming() -> [AcceptedSocket] {
        incoming.withLock { waiting in
            defer { waiting.sockets.removeAll() }
            return waiting.sockets
        }
    }

    /// Registers an accepted socket in this loop, once for its whole life (also while draining:
    /// its client is about to send a request, which is served with `Connection: close`).
    func adopt(_ socket: AcceptedSocket) {
        let connection = Connection(fd: socket.fd, token: table.nextToken, listenerIndex: socket.listenerIndex,
                                    remoteHost: socket.remoteHost, remotePort: socket.remotePort)
        table.insert { _ in connection }
        connection.deadline = clock &+ context.keepAliveNanos
        // An edge-triggered registration reports data that arrived before it, so nothing is missed.
        do { try poll.add(socket.fd, events: EventPoll.connectionEvents, id: connection.token) } catch {
            close(connection)
        }
    }
}
