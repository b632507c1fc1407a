import Synchronization
import Testing
import Werk
import WerkTesting
import WerkMiddleware

@Suite("trustedHosts middleware and hostIsTrusted")
struct TrustedHostsTests {
    static let app = Request.application { request in Response("reached \(request.host)") }
    static var client: Client { Client(stack(trustedHosts(["example.com", ".example.org", "localhost", "[::1]"]), app: app)) }

    @Test(arguments: ["example.com", "EXAMPLE.com:8080", "example.com.", "example.org", "api.example.org",
                      "a.b.example.org:443", "localhost:5000", "[::1]:8000"])
    func trustedHostsReachTheApp(_ host: String) throws {
        let response = try Self.client.get("/", headers: ["Host": host])
        #expect(response.status == .ok)
        #expect(try response.text == "reached \(host)")
    }

    @Test(arguments: ["evil.com", "api.example.com", "example.com.evil.net", "notexample.org", "example.org.evil",
                      "exampleXcom", "127.0.0.1", "[::2]", "example.com@evil.com", "ex ample.com", ""])
    func untrustedHostsAre400BeforeTheAppRuns(_ host: String) throws {
        let reached = Flag()
        let app = Request.application { _ in reached.set(); return Response("no") }
        let client = Client(stack(trustedHosts(["example.com", ".example.org"]), app: app))
        let response = try client.get("/", headers: ["Host": host])
        #expect(response.status == .badRequest)
        #expect(try response.text.contains("is not trusted"))
        #expect(!reached.isSet)
    }

    @Test func internationalNamesCompareInTheirASCIIForm() {
        #expect(hostIsTrusted("xn--bcher-kva.example", trustedList: ["bücher.example"]))
        #expect(hostIsTrusted("shop.bücher.example", trustedList: [".xn--bcher-kva.example"]))
        #expect(!hostIsTrusted("bucher.example", trustedList: ["bücher.example"]))
    }

    @Test func withoutHostTheServerNameIsChecked() throws {
        var builder = EnvironBuilder(method: "GET", path: "/")
        builder.host = "localhost"
        var environ = try builder.makeEnviron()
        environ.headers.remove("Host")
        environ.serverName = "internal.example.org"
        environ.serverPort = 80
        let head = ResponseHead()
        let app = stack(trustedHosts([".example.org"]), app: Self.app)
        let body = try app(&environ, head.startResponse)
        #expect(head.status == .ok)
        #expect(String(decoding: try body.collect(), as: UTF8.self) == "reached internal.example.org")
    }
}

/// A flag set from any thread (the lock guards it).
final class Flag: Sendable {
    private let value = Locked(false)
    func set() { value.withLock { $0 = true } }
    var isSet: Bool { value.withLock { $0 } }
}
