/// A function that wraps an application in another (WSGI middleware, Go's `func(Handler) Handler`).
///
/// A pass-through middleware that adds a header, and one that short-circuits:
///
///     let poweredBy: Middleware = { app in
///         AppFunction { environ, startResponse in
///             try app(&environ, StartResponse { status, headers, error in
///                 var headers = headers
///                 headers.add("X-Powered-By", "Werk")
///                 try startResponse(status, headers, error: error)
///             })
///         }
///     }
///     let maintenance: Middleware = { _ in Response("Back soon", status: .serviceUnavailable) }
public typealias Middleware = @Sendable (any Application) -> any Application

/// Wraps `app` in `middleware`, the first listed outermost, so a stack reads top-down:
///
///     let app = stack(logging, sessions, formParsing, app: router)
public func stack(_ middleware: Middleware..., app: any Application) -> any Application {
    stack(middleware, app: app)
}

/// Wraps `app` in `middleware`, the first in the array outermost.
public func stack(_ middleware: [Middleware], app: any Application) -> any Application {
    middleware.reversed().reduce(app) { inner, wrap in wrap(inner) }
}
