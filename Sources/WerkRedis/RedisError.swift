/// A Redis command failed: the server could not be reached, the connection broke or timed
/// out, the reply was not RESP, or the server answered with an error.
public struct RedisError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: Sendable, Equatable {
        /// No connection could be made (refused, unreachable, timed out, or within the retry
        /// interval after such a failure).
        case unavailable
        /// The connection broke or timed out during a command.
        case connection
        /// The bytes from the server were not valid RESP.
        case protocolViolation
        /// The server answered `-ERR ...` (a wrong password, a wrong type, ...).
        case server
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// What happened, in a sentence naming the server.
    public let message: String

    /// An error of `kind` with `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
