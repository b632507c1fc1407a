extension Request {
    /// Turns a `Request -> Response` function into an application. A thrown `HTTPError`
    /// becomes its response; any other error becomes a 500 whose page shows the error's
    /// text only when `debug` is true (the error is also written to `environ.errors`), or is
    /// rethrown when a debugger asked for it (`PropagateErrorsKey`).
    ///
    ///     let app = Request.application { request in
    ///         Response("Hello, \(request.args["name"] ?? "web")!")
    ///     }
    public static func application(
        debug: Bool = false, maxContentLength: Int? = nil,
        _ handler: @escaping @Sendable (Request) throws -> Response
    ) -> AppFunction {
        AppFunction { environ, startResponse in
            let request = Request(environ, maxContentLength: maxContentLength)
            let response: Response
            do {
                response = try handler(request)
            } catch {
                response = try errorResponse(for: error, request: request, debug: debug)
            }
            return try response.start(startResponse)
        }
    }

    /// The response for an error a handler threw: the `HTTPError`'s own page, or a 500.
    /// Rethrows any other error when the environ asks for it (`PropagateErrorsKey`).
    static func errorResponse(for error: any Error, request: Request, debug: Bool) throws -> Response {
        if !(error is HTTPError) && request.environ[PropagateErrorsKey.self] == true { throw error }
        let httpError = HTTPError.from(error)
        if !(error is HTTPError) {
            request.environ.errors.write("error serving \(request.method) \(request.path): \(String(reflecting: error))\n")
        }
        return httpError.response(for: request, debug: debug)
    }
}
