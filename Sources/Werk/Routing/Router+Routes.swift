// The synchronous route-adding methods of Router: `route` for any methods and one per common
// method, each in two handler shapes: every value by name (`{ request, values in }`), or the
// first placeholder values typed by position (`{ request in }`, `{ (request: Request, id: Int) in }`,
// any number of them). Name, defaults, host and the rest come in one `RouteOptions` value.

extension Router.Handler {
    /// A handler that gets the request and every value by name.
    static func values(_ handler: @escaping @Sendable (Request, RouteValues) throws -> Response) -> Self {
        Self(handle: handler, arity: 0)
    }

    /// A handler that gets the first placeholder values by position, each as its parameter type
    /// (a mismatch is a 500 naming the value); `arity` is how many it reads.
    static func typed<each A: RouteParameter>(_ handler: @escaping @Sendable (Request, repeat each A) throws -> Response) -> Self {
        var arity = 0
        for _ in repeat (each A).self { arity += 1 }
        return Self(handle: { request, values in
            var position = 0
            func next<T: RouteParameter>(_ type: T.Type) throws -> T {
                defer { position += 1 }
                return try Router.parameter(values, position, as: T.self)
            }
            return try handler(request, repeat try next((each A).self))
        }, arity: arity)
    }
}

extension Router {
    /// Adds a route for `methods` (nil: every method) whose handler gets every value by name.
    ///
    ///     router.route("/items/<int:id>", methods: ["GET", "POST"]) { request, values in ... }
    public mutating func route(_ pattern: String, methods: [String]?, _ options: RouteOptions = RouteOptions(),
                               use handler: @escaping @Sendable (Request, RouteValues) throws -> Response) {
        add(pattern, methods: methods, options, .values(handler))
    }

    /// Adds a route for `methods` (nil: every method) whose handler gets the first placeholder
    /// values typed, or only the request.
    ///
    ///     router.route("/items/<int:id>", methods: ["GET", "POST"]) { (request: Request, id: Int) in ... }
    public mutating func route<each A: RouteParameter>(_ pattern: String, methods: [String]?, _ options: RouteOptions = RouteOptions(),
                                                      use handler: @escaping @Sendable (Request, repeat each A) throws -> Response) {
        add(pattern, methods: methods, options, .typed(handler))
    }

    /// Adds a GET (and HEAD) route whose handler gets every value by name.
    ///
    ///     router.get("/files/<path:rest>") { request, values in ... }
    public mutating func get(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                             use handler: @escaping @Sendable (Request, RouteValues) throws -> Response) {
        add(pattern, methods: ["GET"], options, .values(handler))
    }

    /// Adds a GET (and HEAD) route whose handler gets the first placeholder values typed, or only the request.
    ///
    ///     router.get("/") { request in ... }
    ///     router.get("/users/<int:id>", .name("user")) { (request: Request, id: Int) in ... }
    public mutating func get<each A: RouteParameter>(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                                                    use handler: @escaping @Sendable (Request, repeat each A) throws -> Response) {
        add(pattern, methods: ["GET"], options, .typed(handler))
    }

    /// Adds a POST route whose handler gets every value by name.
    ///
    ///     router.post("/items/<int:id>") { request, values in ... }
    public mutating func post(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                              use handler: @escaping @Sendable (Request, RouteValues) throws -> Response) {
        add(pattern, methods: ["POST"], options, .values(handler))
    }

    /// Adds a POST route whose handler gets the first placeholder values typed, or only the request.
    ///
    ///     router.post("/signin") { request in ... }
    public mutating func post<each A: RouteParameter>(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                                                     use handler: @escaping @Sendable (Request, repeat each A) throws -> Response) {
        add(pattern, methods: ["POST"], options, .typed(handler))
    }

    /// Adds a PUT route whose handler gets every value by name.
    ///
    ///     router.put("/items/<int:id>") { request, values in ... }
    public mutating func put(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                             use handler: @escaping @Sendable (Request, RouteValues) throws -> Response) {
        add(pattern, methods: ["PUT"], options, .values(handler))
    }

    /// Adds a PUT route whose handler gets the first placeholder values typed, or only the request.
    ///
    ///     router.put("/items/<int:id>") { (request: Request, id: Int) in ... }
    public mutating func put<each A: RouteParameter>(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                                                    use handler: @escaping @Sendable (Request, repeat each A) throws -> Response) {
        add(pattern, methods: ["PUT"], options, .typed(handler))
    }

    /// Adds a PATCH route whose handler gets every value by name.
    ///
    ///     router.patch("/items/<int:id>") { request, values in ... }
    public mutating func patch(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                               use handler: @escaping @Sendable (Request, RouteValues) throws -> Response) {
        add(pattern, methods: ["PATCH"], options, .values(handler))
    }

    /// Adds a PATCH route whose handler gets the first placeholder values typed, or only the request.
    ///
    ///     router.patch("/items/<int:id>") { (request: Request, id: Int) in ... }
    public mutating func patch<each A: RouteParameter>(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                                                      use handler: @escaping @Sendable (Request, repeat each A) throws -> Response) {
        add(pattern, methods: ["PATCH"], options, .typed(handler))
    }

    /// Adds a DELETE route whose handler gets every value by name.
    ///
    ///     router.delete("/items/<int:id>") { request, values in ... }
    public mutating func delete(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                                use handler: @escaping @Sendable (Request, RouteValues) throws -> Response) {
        add(pattern, methods: ["DELETE"], options, .values(handler))
    }

    /// Adds a DELETE route whose handler gets the first placeholder values typed, or only the request.
    ///
    ///     router.delete("/items/<int:id>") { (request: Request, id: Int) in ... }
    public mutating func delete<each A: RouteParameter>(_ pattern: String, _ options: RouteOptions = RouteOptions(),
                                                       use handler: @escaping @Sendable (Request, repeat each A) throws -> Response) {
        add(pattern, methods: ["DELETE"], options, .typed(handler))
    }
}
