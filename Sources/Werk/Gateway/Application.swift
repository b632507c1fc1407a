/// Anything a server can call: Werk's counterpart of a WSGI application (PEP 3333).
///
/// An application reads the request from `environ`, calls `startResponse` once with the
/// status and headers, and returns the body. It is shared by every thread of the server,
/// so it is `Sendable`; each call owns its own environ.
///
///     struct Hello: Application {
///         func callAsFunction(_ environ: inout Environ, _ startResponse: StartResponse) throws -> Body {
///             try startResponse(.ok, ["Content-Type": "text/plain"])
///             return Body("Hello")
///         }
///     }
public protocol Application: Sendable {
    /// Serves one request.
    func callAsFunction(_ environ: inout Environ, _ startResponse: StartResponse) throws -> Body
}

/// An application made from a closure (Go's `HandlerFunc`).
///
///     let app = AppFunction { environ, startResponse in
///         try startResponse(.ok, ["Content-Type": "text/plain"])
///         return Body("Hello")
///     }
public struct AppFunction: Application {
    /// The closure that serves each request.
    public let function: @Sendable (inout Environ, StartResponse) throws -> Body

    /// An application that calls `function`.
    public init(_ function: @escaping @Sendable (inout Environ, StartResponse) throws -> Body) {
        self.function = function
    }

    /// Calls the closure.
    public func callAsFunction(_ environ: inout Environ, _ startResponse: StartResponse) throws -> Body {
        try function(&environ, startResponse)
    }
}
