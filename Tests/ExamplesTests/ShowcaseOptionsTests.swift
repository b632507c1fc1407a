import Testing
import Werk
import WerkTesting
import WerkMiddleware
import WerkServer
@testable import Showcase

/// The showcase's deployment options (Examples/Deploy): ProxyFix for N hops with `GET /client`,
/// Redis sessions, health checks.
@Suite("Examples/Showcase deployment options")
struct ShowcaseOptionsTests {
    @Test func ownOptionsAreTakenAndTheRestLeftForTheServer() throws {
        let options = try ShowcaseOptions.parse(["--unix-socket", "/run/a.sock", "--proxy-fix", "1", "--redis=unix:/run/redis.sock",
                                                 "--health", "--workers", "2"])
        #expect(options.proxyFix == 1 && options.health && options.redis == "unix:/run/redis.sock")
        #expect(options.rest == ["--unix-socket", "/run/a.sock", "--workers", "2"])
        let none = try ShowcaseOptions.parse(["--port", "8000"])
        #expect(none.proxyFix == 0 && !none.health && none.redis == nil)
        #expect(try none.sessionStore() == nil)
    }

    @Test(arguments: [["--proxy-fix", "0"], ["--proxy-fix", "11"], ["--proxy-fix", "one"], ["--proxy-fix"], ["--redis"]])
    func badValuesNameTheOption(arguments: [String]) {
        #expect(throws: ServerArgumentsError.self) { try ShowcaseOptions.parse(arguments) }
    }

    @Test func aBadRedisURLIsAnErrorAtStartup() throws {
        #expect(throws: (any Error).self) { try ShowcaseOptions.parse(["--redis", "http://example.com"]).sessionStore() }
    }

    @Test func clientPageShowsWhatProxyFixTrusts() throws {
        let readiness = Readiness()
        readiness.markReady()
        let app = try ShowcaseOptions.parse(["--proxy-fix", "1", "--health"]).wrap(try Showcase.makeApp(), readiness: readiness)
        let client = Client(app)
        // One trusted hop: the address the proxy appended, not what the client made up before it.
        let headers = try Headers([("X-Forwarded-For", "203.0.113.66, 198.51.100.7"), ("X-Forwarded-Proto", "https"),
                                   ("X-Forwarded-Host", "shop.example")])
        struct Seen: Decodable, Equatable { let remote_addr: String; let scheme: String; let host: String }
        #expect(try client.get("/client", headers: headers).json(Seen.self) == Seen(remote_addr: "198.51.100.7", scheme: "https", host: "shop.example"))
        #expect(try client.get("/readyz").status == .ok)
        readiness.markDraining()
        #expect(try client.get("/readyz").status == .serviceUnavailable)
        // The app's own routes are untouched.
        #expect(try client.get("/users/4").text == #"{"id":4}"#)
    }

    @Test func withoutOptionsTheAppIsUnchanged() throws {
        let client = Client(try ShowcaseOptions.parse([]).wrap(try Showcase.makeApp(), readiness: Readiness()))
        #expect(try client.get("/client").status == .notFound)
        #expect(try client.get("/readyz").status == .notFound)
    }
}
