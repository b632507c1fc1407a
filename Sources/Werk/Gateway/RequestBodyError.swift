/// Why a server could not deliver a request body to the application: what its `wsgi.input`
/// throws. Each kind has the status the client gets, so an app that lets it propagate (or a
/// `Request.application` handler) answers with it instead of a 500.
///
///     catch let error as RequestBodyError where error.kind == .timedOut { ... }   // 408
public struct RequestBodyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The ways a body can fail.
    public enum Kind: Sendable, Equatable {
        /// The client stopped sending, or sent slower than the server's minimum rate (408).
        case timedOut
        /// The chunked framing is broken (400); the text says where.
        case malformed(String)
        /// The body passed the server's limit of this many bytes (413).
        case tooLarge(limit: Int)
        /// The client closed or reset the connection before the body ended.
        case disconnected
    }

    /// What went wrong.
    public let kind: Kind

    /// An error of `kind`.
    public init(_ kind: Kind) { self.kind = kind }

    /// The status a response to this failure carries: 408, 400, 413, or 400 for a vanished client.
    public var status: Status {
        switch kind {
        case .timedOut: return .requestTimeout
        case .malformed, .disconnected: return .badRequest
        case .tooLarge: return .contentTooLarge
        }
    }

    /// A sentence for the client's error page.
    public var description: String {
        switch kind {
        case .timedOut: return "The request body did not arrive in time."
        case .malformed(let reason): return "The request body is malformed: \(reason)."
        case .tooLarge(let limit): return "The request body is larger than the server's limit of \(limit) bytes."
        case .disconnected: return "The client closed the connection before the request body ended."
        }
    }
}
