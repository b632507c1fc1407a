extension Request {
    /// Turns an async `Request -> Response` function into an application: the server's worker
    /// thread runs the handler as a task and waits for its response (no deadlock: see
    /// `AsyncAppFunction`, which also says why the body is best read before the first `await`).
    /// Errors become responses as with the synchronous form.
    ///
    ///     let app = Request.application { request async throws in
    ///         let user = try await users.find(try request.args.require("id"))
    ///         return try .json(user)
    ///     }
    public static func application(
        debug: Bool = false, maxContentLength: Int? = nil,
        _ handler: @escaping @Sendable (Request) async throws -> Response
    ) -> AppFunction {
        application(debug: debug, maxContentLength: maxContentLength) { request in
            try AsyncBridge.wait { try await handler(request) }
        }
    }
}
