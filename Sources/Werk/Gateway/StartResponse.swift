/// The function an application calls to begin its response (WSGI's `start_response`).
///
/// Call it once with the status and headers before the body is produced; a second call is
/// allowed only with `error:` and only while nothing has been sent (PEP 3333). Middleware
/// that wants to see or change the status and headers passes the app its own `StartResponse`
/// that forwards to the one it received:
///
///     let inner = StartResponse { status, headers, error in
///         var headers = headers
///         headers.add("X-Request-Id", id)
///         try startResponse(status, headers, error: error)
///     }
public struct StartResponse {
    /// What the call does: a server or middleware provides it.
    public let handler: (Status, Headers, (any Error)?) throws -> Void

    /// A start-response function that runs `handler`.
    public init(_ handler: @escaping (Status, Headers, (any Error)?) throws -> Void) {
        self.handler = handler
    }

    /// Starts the response with `status` and `headers`; `error` marks a restart after an error.
    public func callAsFunction(_ status: Status, _ headers: Headers, error: (any Error)? = nil) throws {
        try handler(status, headers, error)
    }
}
