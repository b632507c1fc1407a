/// An application made from an async closure: the server's worker thread starts it as a task
/// and waits for its body (see `AsyncBridge` for why that cannot deadlock). The closure may
/// await anything (database and HTTP clients, actors, `Task.sleep`); the body it returns is
/// sent by the worker as usual. Call it from a server worker or `onWorkerThread`, never from
/// inside a task (that is refused with `AsyncHandlerError`).
///
/// Read the request body (`form`, `data`, `json`) before the first `await`: it comes from the
/// socket with blocking reads, and until the first suspension the closure runs on the worker
/// thread; after one it runs on the cooperative pool, where a slow client would hold a pool
/// thread for as long as its upload takes.
///
///     let app = AsyncAppFunction { environ, startResponse in
///         let greeting = try await greetings.next()
///         try startResponse(.ok, ["Content-Type": "text/plain"])
///         return Body(greeting)
///     }
public struct AsyncAppFunction: Application {
    /// The closure that serves each request.
    public let function: @Sendable (inout Environ, StartResponse) async throws -> Body

    /// An application that runs `function` for each request.
    public init(_ function: @escaping @Sendable (inout Environ, StartResponse) async throws -> Body) {
        self.function = function
    }

    /// Runs the closure as a task and waits for it; changes it makes to the environ are kept.
    public func callAsFunction(_ environ: inout Environ, _ startResponse: StartResponse) throws -> Body {
        let function = self.function
        let given = environ
        let (body, changed) = try AsyncBridge.wait {
            var environ = given
            let body = try await function(&environ, startResponse)
            return (body, environ)
        }
        environ = changed
        return body
    }
}
