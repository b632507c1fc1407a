// The async route-adding methods of Router, in the same shapes as the synchronous ones: the
// worker thread serving the request runs the handler as a task and waits for its response
// (AsyncBridge: the waiting thread is never one of Swift's cooperative pool). A closure marked
// `async`, or one that awaits, picks these; a synchronous one the others. Handlers should read
// the request body before their first `await` (see AsyncAppFunction).

extension Router.Handler {
    /// An async handler that gets the request and every value by name.
    static func values(_ handler: @escaping @Sendable (Request, RouteValues) async throws -> Response) -> Self {
        Self(handle: { request, values in try AsyncBridge.wait { try await handler(request, values) } }, arity: 0)
    }

    /// An async handler that gets the first placeholder values by position, typed.
    static func typed<each A: RouteParameter>(_ handler: @escaping @Sendable (Request, repeat each A) async throws -> Response) -> Self {
        var arity = 0
        for _ in repeat (each A).self { arity += 1 }
        return Self(handle: { request, values in
            try AsyncBridge.wait {
                var position = 0
                func next<T: RouteParameter>(_ type: T.Type) throws -> T {
                    defer { position += 1 }
                    return try Router.parameter(values, position, as: T.self)
                }
                return try await handler(request, repeat try next((each A).self))
            }
        }, arity: arity)
    }
}

extension Router {
    /// Adds a route for `methods` (nil: every method) whose async handler gets every value by name.
    ///
    ///     router.route("/path", methods: ["GET", "POST"]) { request, values async throws in ... }
    public mutating func route(_ pattern: String, methods: [String]?, _ options: RouteOptions = RouteOptions(),
                               use handler: @escaping @Sendable (Request, RouteValues) async throws -> Response) {
        add(pattern, methods: methods, options, .values(handler))
    }

    /// Adds a route for `methods` (nil: every method) whose async handler gets the first
    /// placeholder values typed, or only the request.
    ///
    ///     router.route("/items/<int:id>", methods: ["GET", "PUT"]) { (request: Request, id: Int) async throws in ... }
    public mutating func route<each A: RouteParameter>(_ pattern: String, methods: [String]?, _ options: RouteOptions = RouteOptions(),
                                                      use handler: @escaping @Sendable (Request, repeat each A) async throws -> Response) {
        add(pattern, methods: methods, options, .typed(handler))
    }

    /// Adds a GET (and HEAD) route whose async handler gets every value by name.
    ///
    ///     router.get("/path/<name>") { request, values async throws in ... }
    public mutating func get(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                             use handler: @escaping @Sendable (Request, RouteValues) async throws -> Response) {
        add(pattern, methods: ["GET"], options, .values(handler))
    }

    /// Adds a GET (and HEAD) route whose async handler gets the first placeholder values typed, or only the request.
    ///
    ///     router.get("/items/<int:id>") { (request: Request, id: Int) async throws in ... }
    public mutating func get<each A: RouteParameter>(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                                                    use handler: @escaping @Sendable (Request, repeat each A) async throws -> Response) {
        add(pattern, methods: ["GET"], options, .typed(handler))
    }

    /// Adds a POST route whose async handler gets every value by name.
    ///
    ///     router.post("/path/<name>") { request, values async throws in ... }
    public mutating func post(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                              use handler: @escaping @Sendable (Request, RouteValues) async throws -> Response) {
        add(pattern, methods: ["POST"], options, .values(handler))
    }

    /// Adds a POST route whose async handler gets the first placeholder values typed, or only the request.
    ///
    ///     router.post("/items/<int:id>") { (request: Request, id: Int) async throws in ... }
    public mutating func post<each A: RouteParameter>(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                                                     use handler: @escaping @Sendable (Request, repeat each A) async throws -> Response) {
        add(pattern, methods: ["POST"], options, .typed(handler))
    }

    /// Adds a PUT route whose async handler gets every value by name.
    ///
    ///     router.put("/path/<name>") { request, values async throws in ... }
    public mutating func put(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                             use handler: @escaping @Sendable (Request, RouteValues) async throws -> Response) {
        add(pattern, methods: ["PUT"], options, .values(handler))
    }

    /// Adds a PUT route whose async handler gets the first placeholder values typed, or only the request.
    ///
    ///     router.put("/items/<int:id>") { (request: Request, id: Int) async throws in ... }
    public mutating func put<each A: RouteParameter>(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                                                    use handler: @escaping @Sendable (Request, repeat each A) async throws -> Response) {
        add(pattern, methods: ["PUT"], options, .typed(handler))
    }

    /// Adds a PATCH route whose async handler gets every value by name.
    ///
    ///     router.patch("/path/<name>") { request, values async throws in ... }
    public mutating func patch(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                               use handler: @escaping @Sendable (Request, RouteValues) async throws -> Response) {
        add(pattern, methods: ["PATCH"], options, .values(handler))
    }

    /// Adds a PATCH route whose async handler gets the first placeholder values typed, or only the request.
    ///
    ///     router.patch("/items/<int:id>") { (request: Request, id: Int) async throws in ... }
    public mutating func patch<each A: RouteParameter>(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                                                      use handler: @escaping @Sendable (Request, repeat each A) async throws -> Response) {
        add(pattern, methods: ["PATCH"], options, .typed(handler))
    }

    /// Adds a DELETE route whose async handler gets every value by name.
    ///
    ///     router.delete("/path/<name>") { request, values async throws in ... }
    public mutating func delete(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                                use handler: @escaping @Sendable (Request, RouteValues) async throws -> Response) {
        add(pattern, methods: ["DELETE"], options, .values(handler))
    }

    /// Adds a DELETE route whose async handler gets the first placeholder values typed, or only the request.
    ///
    ///     router.delete("/items/<int:id>") { (request: Request, id: Int) async throws in ... }
    public mutating func delete<each A: RouteParameter>(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                                                       use handler: @escaping @Sendable (Request, repeat each A) async throws -> Response) {
        add(pattern, methods: ["DELETE"], options, .typed(handler))
    }
}
