// The async route-adding overloads of Router, one per method and handler shape like the
// synchronous ones: the worker thread serving the request runs the handler as a task and waits
// for its response (AsyncBridge: the waiting thread is never one of Swift's cooperative pool).
// A closure marked `async`, or one that awaits, picks these; a synchronous one the others.
// Handlers should read the request body before their first `await` (see AsyncAppFunction).

extension Router {
    /// Adds a rule whose async handler runs as a task the worker thread waits for.
    mutating func addAsync(_ pattern: String, methods: [String]?, name: String?, strictSlashes: Bool?,
                           defaults: RouteValues, host: String?, subdomain: String?, arity: Int,
                           _ handler: @escaping @Sendable (Request, RouteValues) async throws -> Response) {
        add(pattern, methods: methods, name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: arity,
            { request, values in try AsyncBridge.wait { try await handler(request, values) } })
    }

    /// Adds a route for `methods` (nil: every method) whose async handler gets every value by name.
    ///
    ///     router.route("/path", methods: ["GET", "POST"]) { request, values async throws in ... }
    public mutating func route(_ pattern: String, methods: [String]?,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, RouteValues) async throws -> Response) {
        addAsync(pattern, methods: methods, name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 0) { request, values in try await handler(request, values) }
    }

    /// Adds a GET (and HEAD) route whose async handler gets every value by name.
    ///
    ///     router.get("/path") { request, values async throws in ... }
    public mutating func get(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, RouteValues) async throws -> Response) {
        addAsync(pattern, methods: ["GET"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 0) { request, values in try await handler(request, values) }
    }

    /// Adds a POST route whose async handler gets every value by name.
    ///
    ///     router.post("/path") { request, values async throws in ... }
    public mutating func post(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, RouteValues) async throws -> Response) {
        addAsync(pattern, methods: ["POST"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 0) { request, values in try await handler(request, values) }
    }

    /// Adds a PUT route whose async handler gets every value by name.
    ///
    ///     router.put("/path") { request, values async throws in ... }
    public mutating func put(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, RouteValues) async throws -> Response) {
        addAsync(pattern, methods: ["PUT"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 0) { request, values in try await handler(request, values) }
    }

    /// Adds a PATCH route whose async handler gets every value by name.
    ///
    ///     router.patch("/path") { request, values async throws in ... }
    public mutating func patch(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, RouteValues) async throws -> Response) {
        addAsync(pattern, methods: ["PATCH"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 0) { request, values in try await handler(request, values) }
    }

    /// Adds a DELETE route whose async handler gets every value by name.
    ///
    ///     router.delete("/path") { request, values async throws in ... }
    public mutating func delete(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, RouteValues) async throws -> Response) {
        addAsync(pattern, methods: ["DELETE"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 0) { request, values in try await handler(request, values) }
    }

    /// Adds a route for `methods` (nil: every method) whose async handler gets the request only.
    ///
    ///     router.route("/path", methods: ["GET", "POST"]) { request async throws in ... }
    public mutating func route(_ pattern: String, methods: [String]?,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request) async throws -> Response) {
        addAsync(pattern, methods: methods, name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 0) { request, _ in try await handler(request) }
    }

    /// Adds a GET (and HEAD) route whose async handler gets the request only.
    ///
    ///     router.get("/path") { request async throws in ... }
    public mutating func get(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request) async throws -> Response) {
        addAsync(pattern, methods: ["GET"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 0) { request, _ in try await handler(request) }
    }

    /// Adds a POST route whose async handler gets the request only.
    ///
    ///     router.post("/path") { request async throws in ... }
    public mutating func post(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request) async throws -> Response) {
        addAsync(pattern, methods: ["POST"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 0) { request, _ in try await handler(request) }
    }

    /// Adds a PUT route whose async handler gets the request only.
    ///
    ///     router.put("/path") { request async throws in ... }
    public mutating func put(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request) async throws -> Response) {
        addAsync(pattern, methods: ["PUT"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 0) { request, _ in try await handler(request) }
    }

    /// Adds a PATCH route whose async handler gets the request only.
    ///
    ///     router.patch("/path") { request async throws in ... }
    public mutating func patch(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request) async throws -> Response) {
        addAsync(pattern, methods: ["PATCH"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 0) { request, _ in try await handler(request) }
    }

    /// Adds a DELETE route whose async handler gets the request only.
    ///
    ///     router.delete("/path") { request async throws in ... }
    public mutating func delete(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request) async throws -> Response) {
        addAsync(pattern, methods: ["DELETE"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 0) { request, _ in try await handler(request) }
    }

    /// Adds a route for `methods` (nil: every method) whose async handler gets the first placeholder's value, typed.
    ///
    ///     router.route("/path", methods: ["GET", "POST"]) { (request: Request, id: Int) async throws in ... }
    public mutating func route<A: RouteParameter>(_ pattern: String, methods: [String]?,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A) async throws -> Response) {
        addAsync(pattern, methods: methods, name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 1) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self)) }
    }

    /// Adds a GET (and HEAD) route whose async handler gets the first placeholder's value, typed.
    ///
    ///     router.get("/path") { (request: Request, id: Int) async throws in ... }
    public mutating func get<A: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A) async throws -> Response) {
        addAsync(pattern, methods: ["GET"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 1) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self)) }
    }

    /// Adds a POST route whose async handler gets the first placeholder's value, typed.
    ///
    ///     router.post("/path") { (request: Request, id: Int) async throws in ... }
    public mutating func post<A: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A) async throws -> Response) {
        addAsync(pattern, methods: ["POST"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 1) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self)) }
    }

    /// Adds a PUT route whose async handler gets the first placeholder's value, typed.
    ///
    ///     router.put("/path") { (request: Request, id: Int) async throws in ... }
    public mutating func put<A: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A) async throws -> Response) {
        addAsync(pattern, methods: ["PUT"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 1) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self)) }
    }

    /// Adds a PATCH route whose async handler gets the first placeholder's value, typed.
    ///
    ///     router.patch("/path") { (request: Request, id: Int) async throws in ... }
    public mutating func patch<A: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A) async throws -> Response) {
        addAsync(pattern, methods: ["PATCH"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 1) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self)) }
    }

    /// Adds a DELETE route whose async handler gets the first placeholder's value, typed.
    ///
    ///     router.delete("/path") { (request: Request, id: Int) async throws in ... }
    public mutating func delete<A: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A) async throws -> Response) {
        addAsync(pattern, methods: ["DELETE"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 1) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self)) }
    }

    /// Adds a route for `methods` (nil: every method) whose async handler gets the first two placeholders' values, typed.
    ///
    ///     router.route("/path", methods: ["GET", "POST"]) { (request: Request, user: String, id: Int) async throws in ... }
    public mutating func route<A: RouteParameter, B: RouteParameter>(_ pattern: String, methods: [String]?,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B) async throws -> Response) {
        addAsync(pattern, methods: methods, name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 2) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self)) }
    }

    /// Adds a GET (and HEAD) route whose async handler gets the first two placeholders' values, typed.
    ///
    ///     router.get("/path") { (request: Request, user: String, id: Int) async throws in ... }
    public mutating func get<A: RouteParameter, B: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B) async throws -> Response) {
        addAsync(pattern, methods: ["GET"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 2) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self)) }
    }

    /// Adds a POST route whose async handler gets the first two placeholders' values, typed.
    ///
    ///     router.post("/path") { (request: Request, user: String, id: Int) async throws in ... }
    public mutating func post<A: RouteParameter, B: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B) async throws -> Response) {
        addAsync(pattern, methods: ["POST"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 2) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self)) }
    }

    /// Adds a PUT route whose async handler gets the first two placeholders' values, typed.
    ///
    ///     router.put("/path") { (request: Request, user: String, id: Int) async throws in ... }
    public mutating func put<A: RouteParameter, B: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B) async throws -> Response) {
        addAsync(pattern, methods: ["PUT"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 2) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self)) }
    }

    /// Adds a PATCH route whose async handler gets the first two placeholders' values, typed.
    ///
    ///     router.patch("/path") { (request: Request, user: String, id: Int) async throws in ... }
    public mutating func patch<A: RouteParameter, B: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B) async throws -> Response) {
        addAsync(pattern, methods: ["PATCH"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 2) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self)) }
    }

    /// Adds a DELETE route whose async handler gets the first two placeholders' values, typed.
    ///
    ///     router.delete("/path") { (request: Request, user: String, id: Int) async throws in ... }
    public mutating func delete<A: RouteParameter, B: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B) async throws -> Response) {
        addAsync(pattern, methods: ["DELETE"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 2) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self)) }
    }

    /// Adds a route for `methods` (nil: every method) whose async handler gets the first three placeholders' values, typed.
    ///
    ///     router.route("/path", methods: ["GET", "POST"]) { (request: Request, y: Int, m: Int, d: Int) async throws in ... }
    public mutating func route<A: RouteParameter, B: RouteParameter, C: RouteParameter>(_ pattern: String, methods: [String]?,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B, C) async throws -> Response) {
        addAsync(pattern, methods: methods, name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 3) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self), try Router.parameter(values, 2, as: C.self)) }
    }

    /// Adds a GET (and HEAD) route whose async handler gets the first three placeholders' values, typed.
    ///
    ///     router.get("/path") { (request: Request, y: Int, m: Int, d: Int) async throws in ... }
    public mutating func get<A: RouteParameter, B: RouteParameter, C: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B, C) async throws -> Response) {
        addAsync(pattern, methods: ["GET"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 3) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self), try Router.parameter(values, 2, as: C.self)) }
    }

    /// Adds a POST route whose async handler gets the first three placeholders' values, typed.
    ///
    ///     router.post("/path") { (request: Request, y: Int, m: Int, d: Int) async throws in ... }
    public mutating func post<A: RouteParameter, B: RouteParameter, C: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B, C) async throws -> Response) {
        addAsync(pattern, methods: ["POST"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 3) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self), try Router.parameter(values, 2, as: C.self)) }
    }

    /// Adds a PUT route whose async handler gets the first three placeholders' values, typed.
    ///
    ///     router.put("/path") { (request: Request, y: Int, m: Int, d: Int) async throws in ... }
    public mutating func put<A: RouteParameter, B: RouteParameter, C: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B, C) async throws -> Response) {
        addAsync(pattern, methods: ["PUT"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 3) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self), try Router.parameter(values, 2, as: C.self)) }
    }

    /// Adds a PATCH route whose async handler gets the first three placeholders' values, typed.
    ///
    ///     router.patch("/path") { (request: Request, y: Int, m: Int, d: Int) async throws in ... }
    public mutating func patch<A: RouteParameter, B: RouteParameter, C: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B, C) async throws -> Response) {
        addAsync(pattern, methods: ["PATCH"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 3) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self), try Router.parameter(values, 2, as: C.self)) }
    }

    /// Adds a DELETE route whose async handler gets the first three placeholders' values, typed.
    ///
    ///     router.delete("/path") { (request: Request, y: Int, m: Int, d: Int) async throws in ... }
    public mutating func delete<A: RouteParameter, B: RouteParameter, C: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:], host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B, C) async throws -> Response) {
        addAsync(pattern, methods: ["DELETE"], name: name, strictSlashes: strictSlashes, defaults: defaults,
                 host: host, subdomain: subdomain, arity: 3) { request, values in try await handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self), try Router.parameter(values, 2, as: C.self)) }
    }
}
