import Werk

extension EventLoop {
    /// What `nextHead` found at the front of a connection's bytes.
    enum NextHead { case head(RequestHead), incomplete, refused }

    /// The head at the front of `buffer`, taken off it; `.incomplete` (the connection waits for
    /// more bytes) or `.refused` (answered and closed) otherwise. The bytes of this connection's
    /// last head again are that head, with no scan and no parse; that is tried once per head,
    /// when its first bytes are read, so a head trickled in pieces never costs a comparison per
    /// read.
    func nextHead(_ connection: Connection, _ buffer: ReadBuffer, _ worker: Worker) -> NextHead {
        let head: RequestHead
        if connection.phase != .readingHead, let same = connection.headMemo.match(buffer.readable) {
            head = same.head
            buffer.consume(same.count)
        } else {
            switch connection.scanner.scan(buffer.readable, limits: context.limits) {
            case .incomplete:
                connection.phase = connection.scanner.hasStarted(bufferedCount: buffer.count) ? .readingHead : .idle
                return .incomplete
            case .failed(let error):
                refuseAndClose(connection, Refusal.httpError(error), method: nil, worker)
                return .refused
            case .complete(let start, let end):
                do {
                    // Kept from a connection's second request on (one that came back is likely
                    // to come back again; a one-request connection holds no head while idle).
                    head = try connection.headMemo.head(for: UnsafeRawBufferPointer(rebasing: buffer.readable[start..<end]),
                                                        limits: context.limits, keep: connection.requests > 0)
                } catch {
                    refuseAndClose(connection, Refusal.httpError(error), method: nil, worker)
                    return .refused
                }
                buffer.consume(end)
            }
        }
        connection.scanner = HeadScanner()
        connection.headStartedAt = 0
        connection.requests += 1
        return .head(head)
    }
}
