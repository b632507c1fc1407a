import Werk

/// An error of the sessions middleware: a setting refused when the middleware is built, or a
/// session that cannot be saved (the response is then a 500 and the reason goes to the
/// error stream). The message says what is wrong and how to fix it.
///
/// ```swift
/// do { _ = try sessions(secret: "short") }
/// catch let error as SessionError { print(error) }   // "the session secret is 5 bytes; ..."
/// ```
public struct SessionError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, in a sentence.
    public let message: String

    /// An error saying `message`.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }

    /// The shortest secret accepted, in bytes (UTF-8): 256 bits, the HMAC-SHA-256 key size.
    public static let minimumSecretLength = 32

    /// The largest cookie (name, `=`, value) browsers are required to keep (RFC 6265 s6.1).
    public static let maximumCookieSize = 4096

    static func secretTooShort(_ secret: String) -> SessionError {
        SessionError("the session secret is \(secret.utf8.count) bytes; it must be at least \(minimumSecretLength) bytes "
            + "of random data (for example 64 hex digits from `openssl rand -hex 32`)")
    }

    static func cookieTooLarge(name: String, size: Int) -> SessionError {
        SessionError("the session cookie '\(name)' would be \(size) bytes, over the \(maximumCookieSize)-byte limit "
            + "browsers keep; store less in the session or use a server-side store (sessions(secret:store:))")
    }
}

/// The session store failed (Redis or a shared folder unreachable, say): the request that
/// needed its session gets a 503 with `Retry-After`, and the reason goes to the error stream.
/// Requests that do not touch their session are served as usual.
public struct SessionStoreFailure: Error, CustomStringConvertible {
    /// The store's own error.
    public let underlying: any Error

    /// A failure caused by `underlying`.
    static func unavailable(_ underlying: any Error) -> SessionStoreFailure {
        if let failure = underlying as? SessionStoreFailure { return failure }
        return SessionStoreFailure(underlying: underlying)
    }

    /// `"the session store failed: ..."`.
    public var description: String { "the session store failed: \(underlying)" }

    /// The answer for the client: 503, try again in a second.
    var httpError: HTTPError {
        HTTPError.serviceUnavailable(retryAfter: 1, "The session store is not available right now. Please try again shortly.")
    }
}
