import Testing
import Werk
import WerkTesting
import WerkMiddleware

@Suite("Dispatcher middleware")
struct DispatcherTests {
    static func named(_ name: String) -> AppFunction {
        Request.application { request in Response("\(name) root=\(request.scriptRoot) path=\(request.path)") }
    }

    static var client: Client { Client(stack(dispatcher(["/api": named("api"), "/api/v2/": named("v2"), "admin": named("admin")]),
                                     app: named("site"))) }

    @Test(arguments: [
        ("/", "site root= path=/"), ("/api", "api root=/api path=/"), ("/api/users/7", "api root=/api path=/users/7"),
        ("/apis", "site root= path=/apis"), ("/api/v2/x", "v2 root=/api/v2 path=/x"), ("/api/v2", "v2 root=/api/v2 path=/"),
        ("/admin/", "admin root=/admin path=/"),
    ])
    func routesByLongestWholeSegmentPrefix(_ path: String, _ expected: String) throws {
        #expect(try Self.client.get(path).text == expected)
    }

    @Test func mountedRouterBuildsURLsUnderItsPrefix() throws {
        var api = Router()
        api.get("/users/<int:id>", .name("user")) { (request: Request, id: Int) in
            Response(try request.urlFor("user", ["id": id + 1]))
        }
        let client = Client(stack(dispatcher(["/api": api]), app: Self.named("site")))
        #expect(try client.get("/api/users/1").text == "/api/users/2")
        #expect(try client.get("/api/nope").status == .notFound)
    }

    /// `Router.mount` and `dispatcher` share their mount code: the same mounts give the same
    /// SCRIPT_NAME and PATH_INFO for every path.
    @Test(arguments: ["/", "/api", "/api/", "/api/users/7", "/apis", "/api/v2/x", "/api/v2", "/admin/", "/api/\u{301}x", "/x/api"])
    func routerMountAndDispatcherAgree(_ path: String) throws {
        var router = Router()
        router.mount("/api", Self.named("api"))
        router.mount("/api/v2/", Self.named("v2"))
        router.mount("admin", Self.named("admin"))
        router.route("/<path:rest>", methods: nil) { _ in Response("router's own") }
        router.route("/", methods: nil) { _ in Response("router's own") }
        let viaRouter = try Client(router).get(path)
        let viaDispatcher = try Client(stack(dispatcher(["/api": Self.named("api"), "/api/v2/": Self.named("v2"),
                                                         "admin": Self.named("admin")]),
                                             app: Request.application { _ in Response("router's own") })).get(path)
        #expect(try viaRouter.text == viaDispatcher.text)
    }
}
