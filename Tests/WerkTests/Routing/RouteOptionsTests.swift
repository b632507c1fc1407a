import Testing
@testable import Werk
import WerkTesting

/// `RouteOptions`, the one value for a route's name, slash rule, defaults, host and subdomain,
/// and the two handler shapes every route-adding method takes (values by name, or typed by position).
@Suite("Routing: route options and handler shapes")
struct RouteOptionsTests {
    @Test func nameAndDefaults() throws {
        var router = Router()
        router.get("/users/<int:id>", .name("user")) { (_: Request, id: Int) in Response("user \(id)") }
        router.get("/blog/", RouteOptions(name: "blog", defaults: ["page": 1])) { _, values in Response("page \(values.int("page")!)") }
        router.get("/blog/<int:page>", .name("blog")) { (_: Request, page: Int) in Response("page \(page)") }
        #expect(try router.urlFor("user", ["id": 4]) == "/users/4")
        #expect(try router.urlFor("blog") == "/blog/")
        #expect(try router.urlFor("blog", ["page": 3]) == "/blog/3")
        let client = Client(router)
        #expect(try client.get("/blog/").text == "page 1")
        #expect(try client.get("/blog/3").text == "page 3")
        // A URL spelling out the defaults of a route of the same name redirects to that route.
        let spelled = try client.get("/blog/1?q=x")
        #expect(spelled.status == .permanentRedirect)
        #expect(spelled.headers["Location"] == "/blog/?q=x")
    }

    @Test func strictSlashesPerRoute() throws {
        var router = Router()
        router.get("/strict/") { _ in Response("strict") }
        router.get("/loose/", .strictSlashes(false)) { _ in Response("loose") }
        let client = Client(router)
        #expect(try client.get("/strict").status == .permanentRedirect)
        #expect(try client.get("/loose").status != .permanentRedirect)
        #expect(try client.get("/loose/").text == "loose")
    }

    @Test func hostAndSubdomain() throws {
        var byHost = Router(hostMatching: true)
        byHost.get("/", .host("<user>.example.com")) { _, values in Response("host \(values.string("user")!)") }
        #expect(try Client(byHost).get("/", headers: ["Host": "ann.example.com"]).text == "host ann")

        var bySubdomain = Router(serverName: "example.com")
        bySubdomain.get("/", .subdomain("api")) { _ in Response("api") }
        bySubdomain.get("/", .subdomain("www")) { _ in Response("www") }
        let client = Client(bySubdomain)
        #expect(try client.get("/", headers: ["Host": "api.example.com"]).text == "api")
        #expect(try client.get("/", headers: ["Host": "www.example.com"]).text == "www")
    }

    /// Typed handlers take any number of values now, read by position.
    @Test func manyTypedValues() throws {
        var router = Router()
        router.get("/<a>/<int:b>/<float:c>/<d>/<int:e>") { (_: Request, a: String, b: Int, c: Double, d: String, e: Int) in
            Response("\(a) \(b) \(c) \(d) \(e)")
        }
        #expect(try Client(router).get("/x/2/3.5/y/5").text == "x 2 3.5 y 5")
    }

    @Test func typedHandlerReadingMoreValuesThanTheRuleHasIsRefused() {
        var router = Router()
        router.get("/<a>/<b>/<c>") { (_: Request, a: String, b: String, c: String, d: String) in Response(a + b + c + d) }
        #expect(throws: RoutingError.self) { try router.map() }
    }

    @Test func aValueOfTheWrongTypeIsAServerError() throws {
        var router = Router()
        router.get("/<word>") { (_: Request, number: Int) in Response("\(number)") }
        #expect(try Client(router).get("/seven").status == .internalServerError)
        #expect(try Client(router).get("/7").text == "7")
    }

    /// Every method in both shapes, synchronous and async, answers only its own method.
    @Test(arguments: ["GET", "POST", "PUT", "PATCH", "DELETE"])
    func everyMethodInEveryShape(method: String) async throws {
        let router = Self.router(for: method)
        // Async handlers need a thread outside Swift's pool, as a server's worker is.
        let answers = try await onWorkerThread {
            let client = Client(router)
            let other = method == "PUT" ? "PATCH" : "PUT"
            return try ["/sync", "/async", "/any"].map { prefix in
                [try client.open(EnvironBuilder(method: method, path: prefix + "/v/4")).text,
                 try client.open(EnvironBuilder(method: method, path: prefix + "/t/5")).text,
                 String(try client.open(EnvironBuilder(method: other, path: prefix + "/t/5")).status.code)]
            }
        }
        #expect(answers == Array(repeating: ["v4", "t5", "405"], count: 3))
    }

    /// A router with `method` routes for /sync, /async and /any, values by name (`/v/`) and typed (`/t/`).
    static func router(for method: String) -> Router {
        var router = Router()
        func add(_ path: String, _ values: @escaping @Sendable (Request, RouteValues) throws -> Response,
                 _ typed: @escaping @Sendable (Request, Int) throws -> Response) {
            switch method {
            case "GET": router.get(path + "/v/<int:n>", use: values); router.get(path + "/t/<int:n>", use: typed)
            case "POST": router.post(path + "/v/<int:n>", use: values); router.post(path + "/t/<int:n>", use: typed)
            case "PUT": router.put(path + "/v/<int:n>", use: values); router.put(path + "/t/<int:n>", use: typed)
            case "PATCH": router.patch(path + "/v/<int:n>", use: values); router.patch(path + "/t/<int:n>", use: typed)
            default: router.delete(path + "/v/<int:n>", use: values); router.delete(path + "/t/<int:n>", use: typed)
            }
        }
        add("/sync", { _, values in Response("v\(values.int("n")!)") }, { _, n in Response("t\(n)") })
        switch method {
        case "GET":
            router.get("/async/v/<int:n>") { _, values async throws in await Task.yield(); return Response("v\(values.int("n")!)") }
            router.get("/async/t/<int:n>") { (_: Request, n: Int) async throws in await Task.yield(); return Response("t\(n)") }
        case "POST":
            router.post("/async/v/<int:n>") { _, values async throws in await Task.yield(); return Response("v\(values.int("n")!)") }
            router.post("/async/t/<int:n>") { (_: Request, n: Int) async throws in await Task.yield(); return Response("t\(n)") }
        case "PUT":
            router.put("/async/v/<int:n>") { _, values async throws in await Task.yield(); return Response("v\(values.int("n")!)") }
            router.put("/async/t/<int:n>") { (_: Request, n: Int) async throws in await Task.yield(); return Response("t\(n)") }
        case "PATCH":
            router.patch("/async/v/<int:n>") { _, values async throws in await Task.yield(); return Response("v\(values.int("n")!)") }
            router.patch("/async/t/<int:n>") { (_: Request, n: Int) async throws in await Task.yield(); return Response("t\(n)") }
        default:
            router.delete("/async/v/<int:n>") { _, values async throws in await Task.yield(); return Response("v\(values.int("n")!)") }
            router.delete("/async/t/<int:n>") { (_: Request, n: Int) async throws in await Task.yield(); return Response("t\(n)") }
        }
        router.route("/any/t/<int:n>", methods: [method]) { (_: Request, n: Int) in Response("t\(n)") }
        router.route("/any/v/<int:n>", methods: [method]) { _, values async throws in Response("v\(values.int("n")!)") }
        return router
    }
}
