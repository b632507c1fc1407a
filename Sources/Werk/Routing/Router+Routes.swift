// The route-adding overloads of Router: one per method and handler shape (values by name,
// none, or the first one to three placeholder values typed).

extension Router {
    /// Adds a route for `methods` (nil: every method) whose handler gets the request and every value by name.
    ///
    ///     router.route("/items/<int:id>", methods: ["GET", "POST"]) { request, values in ... }
    public mutating func route(_ pattern: String, methods: [String]?,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, RouteValues) throws -> Response) {
        add(pattern, methods: methods, name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 0,
            handler)
    }

    /// Adds a GET (and HEAD) route whose handler gets the request and every value by name.
    ///
    ///     router.get("/path/<int:id>") { request, values in ... }
    public mutating func get(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, RouteValues) throws -> Response) {
        add(pattern, methods: ["GET"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 0,
            handler)
    }

    /// Adds a POST route whose handler gets the request and every value by name.
    ///
    ///     router.post("/path/<int:id>") { request, values in ... }
    public mutating func post(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, RouteValues) throws -> Response) {
        add(pattern, methods: ["POST"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 0,
            handler)
    }

    /// Adds a PUT route whose handler gets the request and every value by name.
    ///
    ///     router.put("/path/<int:id>") { request, values in ... }
    public mutating func put(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, RouteValues) throws -> Response) {
        add(pattern, methods: ["PUT"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 0,
            handler)
    }

    /// Adds a PATCH route whose handler gets the request and every value by name.
    ///
    ///     router.patch("/path/<int:id>") { request, values in ... }
    public mutating func patch(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, RouteValues) throws -> Response) {
        add(pattern, methods: ["PATCH"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 0,
            handler)
    }

    /// Adds a DELETE route whose handler gets the request and every value by name.
    ///
    ///     router.delete("/path/<int:id>") { request, values in ... }
    public mutating func delete(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, RouteValues) throws -> Response) {
        add(pattern, methods: ["DELETE"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 0,
            handler)
    }

    /// Adds a route for `methods` (nil: every method) whose handler gets the request only.
    ///
    ///     router.route("/items/<int:id>", methods: ["GET", "POST"]) { request in ... }
    public mutating func route(_ pattern: String, methods: [String]?,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request) throws -> Response) {
        add(pattern, methods: methods, name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 0,
            { request, _ in try handler(request) })
    }

    /// Adds a GET (and HEAD) route whose handler gets the request only.
    ///
    ///     router.get("/path/<int:id>") { request in ... }
    public mutating func get(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request) throws -> Response) {
        add(pattern, methods: ["GET"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 0,
            { request, _ in try handler(request) })
    }

    /// Adds a POST route whose handler gets the request only.
    ///
    ///     router.post("/path/<int:id>") { request in ... }
    public mutating func post(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request) throws -> Response) {
        add(pattern, methods: ["POST"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 0,
            { request, _ in try handler(request) })
    }

    /// Adds a PUT route whose handler gets the request only.
    ///
    ///     router.put("/path/<int:id>") { request in ... }
    public mutating func put(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request) throws -> Response) {
        add(pattern, methods: ["PUT"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 0,
            { request, _ in try handler(request) })
    }

    /// Adds a PATCH route whose handler gets the request only.
    ///
    ///     router.patch("/path/<int:id>") { request in ... }
    public mutating func patch(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request) throws -> Response) {
        add(pattern, methods: ["PATCH"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 0,
            { request, _ in try handler(request) })
    }

    /// Adds a DELETE route whose handler gets the request only.
    ///
    ///     router.delete("/path/<int:id>") { request in ... }
    public mutating func delete(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request) throws -> Response) {
        add(pattern, methods: ["DELETE"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 0,
            { request, _ in try handler(request) })
    }

    /// Adds a route for `methods` (nil: every method) whose handler gets the first placeholder's value, typed.
    ///
    ///     router.route("/items/<int:id>", methods: ["GET", "POST"]) { (request: Request, id: Int) in ... }
    public mutating func route<A: RouteParameter>(_ pattern: String, methods: [String]?,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A) throws -> Response) {
        add(pattern, methods: methods, name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 1,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self)) })
    }

    /// Adds a GET (and HEAD) route whose handler gets the first placeholder's value, typed.
    ///
    ///     router.get("/path/<int:id>") { (request: Request, id: Int) in ... }
    public mutating func get<A: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A) throws -> Response) {
        add(pattern, methods: ["GET"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 1,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self)) })
    }

    /// Adds a POST route whose handler gets the first placeholder's value, typed.
    ///
    ///     router.post("/path/<int:id>") { (request: Request, id: Int) in ... }
    public mutating func post<A: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A) throws -> Response) {
        add(pattern, methods: ["POST"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 1,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self)) })
    }

    /// Adds a PUT route whose handler gets the first placeholder's value, typed.
    ///
    ///     router.put("/path/<int:id>") { (request: Request, id: Int) in ... }
    public mutating func put<A: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A) throws -> Response) {
        add(pattern, methods: ["PUT"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 1,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self)) })
    }

    /// Adds a PATCH route whose handler gets the first placeholder's value, typed.
    ///
    ///     router.patch("/path/<int:id>") { (request: Request, id: Int) in ... }
    public mutating func patch<A: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A) throws -> Response) {
        add(pattern, methods: ["PATCH"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 1,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self)) })
    }

    /// Adds a DELETE route whose handler gets the first placeholder's value, typed.
    ///
    ///     router.delete("/path/<int:id>") { (request: Request, id: Int) in ... }
    public mutating func delete<A: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A) throws -> Response) {
        add(pattern, methods: ["DELETE"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 1,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self)) })
    }

    /// Adds a route for `methods` (nil: every method) whose handler gets the first two placeholders' values, typed.
    ///
    ///     router.route("/items/<int:id>", methods: ["GET", "POST"]) { (request: Request, user: String, post: Int) in ... }
    public mutating func route<A: RouteParameter, B: RouteParameter>(_ pattern: String, methods: [String]?,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B) throws -> Response) {
        add(pattern, methods: methods, name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 2,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self)) })
    }

    /// Adds a GET (and HEAD) route whose handler gets the first two placeholders' values, typed.
    ///
    ///     router.get("/path/<int:id>") { (request: Request, user: String, post: Int) in ... }
    public mutating func get<A: RouteParameter, B: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B) throws -> Response) {
        add(pattern, methods: ["GET"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 2,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self)) })
    }

    /// Adds a POST route whose handler gets the first two placeholders' values, typed.
    ///
    ///     router.post("/path/<int:id>") { (request: Request, user: String, post: Int) in ... }
    public mutating func post<A: RouteParameter, B: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B) throws -> Response) {
        add(pattern, methods: ["POST"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 2,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self)) })
    }

    /// Adds a PUT route whose handler gets the first two placeholders' values, typed.
    ///
    ///     router.put("/path/<int:id>") { (request: Request, user: String, post: Int) in ... }
    public mutating func put<A: RouteParameter, B: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B) throws -> Response) {
        add(pattern, methods: ["PUT"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 2,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self)) })
    }

    /// Adds a PATCH route whose handler gets the first two placeholders' values, typed.
    ///
    ///     router.patch("/path/<int:id>") { (request: Request, user: String, post: Int) in ... }
    public mutating func patch<A: RouteParameter, B: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B) throws -> Response) {
        add(pattern, methods: ["PATCH"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 2,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self)) })
    }

    /// Adds a DELETE route whose handler gets the first two placeholders' values, typed.
    ///
    ///     router.delete("/path/<int:id>") { (request: Request, user: String, post: Int) in ... }
    public mutating func delete<A: RouteParameter, B: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B) throws -> Response) {
        add(pattern, methods: ["DELETE"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 2,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self)) })
    }

    /// Adds a route for `methods` (nil: every method) whose handler gets the first three placeholders' values, typed.
    ///
    ///     router.route("/items/<int:id>", methods: ["GET", "POST"]) { (request: Request, a: String, b: Int, c: Int) in ... }
    public mutating func route<A: RouteParameter, B: RouteParameter, C: RouteParameter>(_ pattern: String, methods: [String]?,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B, C) throws -> Response) {
        add(pattern, methods: methods, name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 3,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self), try Router.parameter(values, 2, as: C.self)) })
    }

    /// Adds a GET (and HEAD) route whose handler gets the first three placeholders' values, typed.
    ///
    ///     router.get("/path/<int:id>") { (request: Request, a: String, b: Int, c: Int) in ... }
    public mutating func get<A: RouteParameter, B: RouteParameter, C: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B, C) throws -> Response) {
        add(pattern, methods: ["GET"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 3,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self), try Router.parameter(values, 2, as: C.self)) })
    }

    /// Adds a POST route whose handler gets the first three placeholders' values, typed.
    ///
    ///     router.post("/path/<int:id>") { (request: Request, a: String, b: Int, c: Int) in ... }
    public mutating func post<A: RouteParameter, B: RouteParameter, C: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B, C) throws -> Response) {
        add(pattern, methods: ["POST"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 3,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self), try Router.parameter(values, 2, as: C.self)) })
    }

    /// Adds a PUT route whose handler gets the first three placeholders' values, typed.
    ///
    ///     router.put("/path/<int:id>") { (request: Request, a: String, b: Int, c: Int) in ... }
    public mutating func put<A: RouteParameter, B: RouteParameter, C: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B, C) throws -> Response) {
        add(pattern, methods: ["PUT"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 3,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self), try Router.parameter(values, 2, as: C.self)) })
    }

    /// Adds a PATCH route whose handler gets the first three placeholders' values, typed.
    ///
    ///     router.patch("/path/<int:id>") { (request: Request, a: String, b: Int, c: Int) in ... }
    public mutating func patch<A: RouteParameter, B: RouteParameter, C: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B, C) throws -> Response) {
        add(pattern, methods: ["PATCH"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 3,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self), try Router.parameter(values, 2, as: C.self)) })
    }

    /// Adds a DELETE route whose handler gets the first three placeholders' values, typed.
    ///
    ///     router.delete("/path/<int:id>") { (request: Request, a: String, b: Int, c: Int) in ... }
    public mutating func delete<A: RouteParameter, B: RouteParameter, C: RouteParameter>(_ pattern: String,
        name: String? = nil, strictSlashes: Bool? = nil, defaults: RouteValues = [:],
        host: String? = nil, subdomain: String? = nil,
        _ handler: @escaping @Sendable (Request, A, B, C) throws -> Response) {
        add(pattern, methods: ["DELETE"], name: name, strictSlashes: strictSlashes, defaults: defaults,
            host: host, subdomain: subdomain, arity: 3,
            { request, values in try handler(request, try Router.parameter(values, 0, as: A.self), try Router.parameter(values, 1, as: B.self), try Router.parameter(values, 2, as: C.self)) })
    }
}
