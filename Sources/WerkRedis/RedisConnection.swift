/// One connection to a Redis server, authenticated and on its database: sends a command,
/// reads its reply. Owned by one thread at a time (the pool hands it out).
struct RedisConnection: Sendable {
    private let socket: RedisSocket
    private var decoder: RESPDecoder
    private var readBuffer: [UInt8]
    private let configuration: RedisConfiguration
    /// False once a command failed on this connection: it must be closed, not reused.
    private(set) var isUsable = true

    /// Connects, then sends `AUTH` and `SELECT` when the configuration asks for them.
    init(_ configuration: RedisConfiguration) throws(RedisError) {
        self.configuration = configuration
        socket = try RedisSocket.connect(to: configuration.endpoint, timeout: configuration.connectTimeout)
        decoder = RESPDecoder(limits: configuration.limits)
        readBuffer = [UInt8](repeating: 0, count: 16 * 1024)
        do {
            if let password = configuration.password {
                let command = configuration.username.map { ["AUTH", $0, password] } ?? ["AUTH", password]
                try expectOK(try send(command.map { Array($0.utf8) }), doing: "AUTH")
            }
            if configuration.database != 0 {
                try expectOK(try send([Array("SELECT".utf8), Array(String(configuration.database).utf8)]), doing: "SELECT")
            }
        } catch {
            socket.close()
            // A refused password is the server's answer, not an outage: keep its words.
            throw error.kind == .server ? error : RedisError(.unavailable, error.message)
        }
    }

    /// Sends one command and returns its reply. A `-ERR` reply is returned as `.error`,
    /// not thrown: the connection stays usable. Connection and protocol failures throw and
    /// leave the connection unusable.
    mutating func send(_ command: [[UInt8]]) throws(RedisError) -> RESPValue {
        guard isUsable else { throw RedisError(.connection, "the Redis connection is closed") }
        let deadline = monotonicSeconds() + configuration.commandTimeout
        do throws(RedisError) {
            try socket.write(RESPEncoder.command(command), until: deadline)
            while true {
                do throws(RESPProtocolError) {
                    if let value = try decoder.next() { return value }
                } catch {
                    throw RedisError(.protocolViolation, "Redis at \(configuration.endpoint): \(error.message)")
                }
                let n = try socket.read(into: &readBuffer, until: deadline)
                decoder.feed(readBuffer[0..<n])
            }
        } catch {
            isUsable = false
            throw error
        }
    }

    /// True when an idle connection can still be used (the server has not closed it).
    var isAlive: Bool { isUsable && decoder.bufferedCount == 0 && !socket.isStale }

    /// Closes the socket.
    func close() { socket.close() }

    /// Throws the server's words unless `reply` is `+OK`.
    private func expectOK(_ reply: RESPValue, doing what: String) throws(RedisError) {
        switch reply {
        case .simpleString("OK"): return
        case .error(let message): throw RedisError(.server, "Redis at \(configuration.endpoint) refused \(what): \(message)")
        default: throw RedisError(.protocolViolation, "Redis at \(configuration.endpoint) answered \(what) with \(reply)")
        }
    }
}
