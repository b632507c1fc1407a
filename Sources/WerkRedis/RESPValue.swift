/// One value of the Redis serialization protocol, RESP2 (what a Redis server answers a
/// client that has not asked for RESP3): <https://redis.io/docs/latest/develop/reference/protocol-spec/>.
///
///     let reply = try client.command("GET", "session:abc")
///     if case .bulkString(let bytes) = reply { ... }
public enum RESPValue: Sendable, Equatable {
    /// `+OK\r\n`: a short status text.
    case simpleString(String)
    /// `-ERR message\r\n`: the server refused the command.
    case error(String)
    /// `:42\r\n`: a signed 64-bit integer.
    case integer(Int64)
    /// `$5\r\nhello\r\n`: binary-safe bytes.
    case bulkString([UInt8])
    /// `*2\r\n...`: a list of values.
    case array([RESPValue])
    /// `$-1\r\n` or `*-1\r\n`: no value (a missing key, say).
    case null

    /// The bytes of a bulk or simple string, nil for other values.
    public var bytes: [UInt8]? {
        switch self {
        case .bulkString(let bytes): return bytes
        case .simpleString(let text): return Array(text.utf8)
        default: return nil
        }
    }

    /// The value as UTF-8 text, for bulk and simple strings.
    public var string: String? { bytes.map { String(decoding: $0, as: UTF8.self) } }
}
