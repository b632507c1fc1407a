import Testing
@testable import Werk
import WerkTesting

@Suite("Routing: Router application")
struct RouterTests {
    static func makeRouter() -> Router {
        var router = Router()
        router.get("/") { _ in Response("<h1>Home</h1>", contentType: "text/html; charset=utf-8") }
        router.get("/users/<int:id>", .name("user")) { (_: Request, id: Int) in
            Response("{\"id\": \(id)}", contentType: "application/json")
        }
        router.get("/posts/<user>/<int:n>") { (_: Request, user: String, n: Int) in Response("\(user)#\(n)") }
        router.post("/accounts") { request in Response("created at \(try request.urlFor("user", ["id": 9]))", status: .created) }
        router.put("/items/<int:id>") { _, values in Response("put \(values.int("id")!)") }
        router.delete("/items/<int:id>") { (_: Request, id: Int) in Response("deleted \(id)") }
        router.route("/echo", methods: nil) { request in Response(request.method) }
        router.get("/docs/") { _ in Response("docs", contentType: "text/html; charset=utf-8") }
        router.get("/fail") { _ in throw HTTPError.forbidden() }
        router.get("/route-info/<slug>") { request, _ in
            Response("\(request.route?.pattern ?? "-") \(request.route?.values.string("slug") ?? "-")")
        }
        return router
    }

    @Test(arguments: [0, 1, 42, 123456789])
    func userInt(id: Int) throws {
        let response = try Client(Self.makeRouter()).get("/users/\(id)")
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == "application/json")
        #expect(try response.text == "{\"id\": \(id)}")
    }

    @Test(arguments: ["/users/abc", "/users/", "/users", "/users/1.5", "/users/1/extra", "/users/-1", "/users/ ", "/users/1a"])
    func userNotInt404(path: String) throws {
        #expect(try Client(Self.makeRouter()).get(path).status == .notFound)
    }

    @Test func wrongMethod405WithAllow() throws {
        let client = Client(Self.makeRouter())
        for method in ["POST", "PUT", "DELETE", "PATCH"] {
            let response = try client.open(EnvironBuilder(method: method, path: "/users/7"))
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS")
        }
    }

    @Test func headAndOptions() throws {
        let client = Client(Self.makeRouter())
        let head = try client.head("/users/7")
        let headBody = try head.data
        #expect(head.status == .ok && headBody.isEmpty)
        #expect(head.headers["Content-Length"] == "9")
        let options = try client.options("/items/3")
        #expect(options.status == .ok && options.headers["Allow"] == "PUT, DELETE, OPTIONS")
    }

    @Test func docsRedirectKeepsQuery() throws {
        let client = Client(Self.makeRouter())
        let response = try client.get("/docs?page=2")
        #expect(response.status == .permanentRedirect)
        #expect(response.headers["Location"] == "/docs/?page=2")
        #expect(try client.get("/docs", followRedirects: true).text == "docs")
    }

    @Test func handlersAndValues() throws {
        let client = Client(Self.makeRouter())
        #expect(try client.get("/posts/ann/3").text == "ann#3")
        #expect(try client.put("/items/5").text == "put 5")
        #expect(try client.delete("/items/5").text == "deleted 5")
        #expect(try client.open(EnvironBuilder(method: "PATCH", path: "/echo")).text == "PATCH")
        #expect(try client.post("/accounts").text == "created at /users/9")
        #expect(try client.get("/fail").status == .forbidden)
        #expect(try client.get("/route-info/x").text == "/route-info/<slug> x")
    }

    @Test func urlForAndMounting() throws {
        let inner = Self.makeRouter()
        #expect(try inner.urlFor("user", ["id": 3, "tab": "a"]) == "/users/3?tab=a")
        var outer = Router()
        outer.get("/") { _ in Response("outer") }
        outer.mount("/api", inner)
        let client = Client(outer)
        #expect(try client.get("/").text == "outer")
        #expect(try client.get("/api/users/4").text == "{\"id\": 4}")
        #expect(try client.post("/api/accounts").text == "created at /api/users/9")
        let redirect = try client.get("/api/docs")
        #expect(redirect.headers["Location"] == "/api/docs/")
    }

    @Test func buildErrorsSurfaceFromMap() {
        var router = Router()
        router.get("/a/<x>") { _ in Response("") }
        router.get("/a/<y>") { _ in Response("") }
        #expect(throws: RoutingError.self) { try router.map() }
        var arity = Router()
        arity.get("/b") { (_: Request, id: Int) in Response("\(id)") }
        #expect(throws: RoutingError.self) { try arity.map() }
    }
}

/// Methods are case-sensitive everywhere (RFC 9110 s9.1): `get` is another method, never GET.
struct MethodCaseTests {
    @Test(arguments: ["get", "Get", "gET"])
    func aLowercaseMethodIsNotGET(_ method: String) throws {
        // /users/7 exists for GET: 405 with Allow.
        let response = try Client(RouterTests.makeRouter()).open(EnvironBuilder(method: method, path: "/users/7"))
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD, OPTIONS")
    }

    @Test func headInLowercaseGetsABodylessAnswerNever() throws {
        // `head` is not HEAD: 405 (with its page), where HEAD would get the GET head.
        let response = try Client(RouterTests.makeRouter()).open(EnvironBuilder(method: "head", path: "/"))
        #expect(response.status == .methodNotAllowed)
        #expect(try !response.data.isEmpty)
    }

    @Test func aMethodNoRuleTakesIs501() throws {
        var router = Router()
        router.get("/a") { _ in Response("a") }
        router.post("/b") { _ in Response("b") }
        let client = Client(router)
        #expect(try client.open(EnvironBuilder(method: "get", path: "/nowhere")).status == .notImplemented)
        #expect(try client.open(EnvironBuilder(method: "BREW", path: "/nowhere")).status == .notImplemented)
        // A method some rule takes, on a path none matches: 404.
        #expect(try client.open(EnvironBuilder(method: "POST", path: "/nowhere")).status == .notFound)
        #expect(try client.open(EnvironBuilder(method: "HEAD", path: "/nowhere")).status == .notFound)
        // A router with a rule for every method knows every method.
        #expect(try Client(RouterTests.makeRouter()).open(EnvironBuilder(method: "get", path: "/nowhere")).status == .notFound)
    }

    @Test func matchingIsCaseSensitiveInTheMap() throws {
        let map = try Map([Rule("/x", endpoint: "x", methods: ["GET"])])
        #expect(throws: RoutingError.methodNotAllowed(allowed: ["GET", "HEAD", "OPTIONS"])) { try map.bind().match("/x", method: "get") }
        #expect(throws: RoutingError.methodNotImplemented("get")) { try map.bind().match("/y", method: "get") }
        #expect(RoutingError.methodNotImplemented("get").statusCode == 501)
    }
}
