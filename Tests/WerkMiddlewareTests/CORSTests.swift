import Testing
import Werk
import WerkTesting
@testable import WerkMiddleware

@Suite("cors middleware")
struct CORSTests {
    static let app = Request.application { request in
        if request.method == "OPTIONS" { return Response("the app's own OPTIONS") }
        return Response("data", headers: ["Vary": "Accept"])
    }

    static func client(_ middleware: @escaping Middleware) -> Client { Client(stack(middleware, app: app)) }

    static func preflight(_ client: Client, origin: String, method: String = "PUT", headers: String? = nil) throws -> Response {
        var fields: Headers = ["Origin": origin, "Access-Control-Request-Method": method]
        if let headers { fields["Access-Control-Request-Headers"] = headers }
        return try client.options("/items", headers: fields)
    }

    @Test func listedOriginGetsTheHeadersOnActualRequests() throws {
        let client = Self.client(try cors(origins: ["https://app.example.com"], exposedHeaders: ["X-Total", "ETag"]))
        let allowed = try client.get("/", headers: ["Origin": "https://app.example.com"])
        #expect(try allowed.text == "data")
        #expect(allowed.headers["Access-Control-Allow-Origin"] == "https://app.example.com")
        #expect(allowed.headers["Access-Control-Expose-Headers"] == "X-Total, ETag")
        #expect(!allowed.headers.contains("Access-Control-Allow-Credentials"))
        #expect(allowed.vary == ["Accept", "Origin"])
        let other = try client.get("/", headers: ["Origin": "https://evil.example"])
        #expect(try other.text == "data")
        #expect(!other.headers.contains("Access-Control-Allow-Origin") && other.vary == ["Accept", "Origin"])
        // Same-origin and non-browser requests: no Origin, no CORS fields, still Vary.
        let plain = try client.get("/")
        #expect(!plain.headers.contains("Access-Control-Allow-Origin") && plain.vary.contains("Origin"))
    }

    @Test func preflightIsAnsweredWithoutTheApp() throws {
        let client = Self.client(try cors(origins: ["https://app.example.com"], methods: ["GET", "PUT"], headers: ["Content-Type", "X-Token"],
                                          allowCredentials: true, maxAge: 120))
        let response = try Self.preflight(client, origin: "https://app.example.com", headers: "content-type, x-token")
        #expect(response.status == .noContent)
        #expect(try response.text.isEmpty)
        #expect(response.headers["Access-Control-Allow-Origin"] == "https://app.example.com")
        #expect(response.headers["Access-Control-Allow-Credentials"] == "true")
        #expect(response.headers["Access-Control-Allow-Methods"] == "GET, PUT")
        #expect(response.headers["Access-Control-Allow-Headers"] == "Content-Type, X-Token")
        #expect(response.headers["Access-Control-Max-Age"] == "120")
        #expect(response.vary == ["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"])
        // An OPTIONS that is not a preflight still reaches the app.
        #expect(try client.options("/items", headers: ["Origin": "https://app.example.com"]).text == "the app's own OPTIONS")
        #expect(try client.options("/items").text == "the app's own OPTIONS")
    }

    @Test(arguments: [
        ("https://evil.example", "PUT", nil, "the origin https://evil.example is not allowed"),
        ("https://app.example.com", "DELETE", nil, "the method DELETE is not allowed"),
        ("https://app.example.com", "PUT", "X-Token, X-Other", "the request header X-Other is not allowed"),
    ] as [(String, String, String?, String)])
    func refusedPreflightSaysWhy(_ origin: String, _ method: String, _ headers: String?, _ reason: String) throws {
        let client = Self.client(try cors(origins: ["https://app.example.com"], methods: ["GET", "PUT"], headers: ["X-Token"]))
        let response = try Self.preflight(client, origin: origin, method: method, headers: headers)
        #expect(response.status == .forbidden)
        #expect(try response.text.contains(reason))
        #expect(!response.headers.contains("Access-Control-Allow-Origin"))
    }

    @Test func anyHeaderIsEchoedWhenHeadersAreNotListedAndSafelistedMethodsPass() throws {
        let client = Self.client(try cors(origins: .any, methods: ["PUT"], maxAge: nil))
        let response = try Self.preflight(client, origin: "https://whoever.example", method: "POST", headers: "X-Anything, Content-Type")
        #expect(response.status == .noContent)
        #expect(response.headers["Access-Control-Allow-Origin"] == "*")
        #expect(response.headers["Access-Control-Allow-Headers"] == "X-Anything, Content-Type")
        #expect(!response.headers.contains("Access-Control-Max-Age"))
        #expect(!response.vary.contains("Origin"))
        let actual = try client.get("/", headers: ["Origin": "https://whoever.example"])
        #expect(actual.headers["Access-Control-Allow-Origin"] == "*" && actual.vary == ["Accept"])
    }

    @Test(arguments: [
        ("https://a.example.com", true), ("https://a.b.example.com", true), ("https://A.Example.com", true),
        ("https://example.com", false), ("http://a.example.com", false), ("https://a.example.com.evil.net", false),
        ("https://evil.net/.example.com", false), ("https://a.example.com:8443", false), ("null", false),
    ])
    func patternOrigins(_ origin: String, _ allowed: Bool) throws {
        let client = Self.client(try cors(origins: .pattern("https://*.example.com")))
        let response = try client.get("/", headers: ["Origin": origin])
        #expect((response.headers["Access-Control-Allow-Origin"] == origin) == allowed, "\(origin)")
        let ports = Self.client(try cors(origins: .pattern("http://localhost:*")))
        #expect(try ports.get("/", headers: ["Origin": "http://localhost:5173"]).headers["Access-Control-Allow-Origin"] == "http://localhost:5173")
        #expect(try !ports.get("/", headers: ["Origin": "http://localhost:51/x"]).headers.contains("Access-Control-Allow-Origin"))
    }

    @Test func functionOrigins() throws {
        let client = Self.client(try cors(origins: .matching { $0.hasSuffix(".internal") }, allowCredentials: true))
        let response = try client.get("/", headers: ["Origin": "http://tools.internal"])
        #expect(response.headers["Access-Control-Allow-Origin"] == "http://tools.internal")
        #expect(response.headers["Access-Control-Allow-Credentials"] == "true")
        #expect(try !client.get("/", headers: ["Origin": "http://tools.external"]).headers.contains("Access-Control-Allow-Origin"))
    }

    @Test func credentialsNeverGoWithAStar() throws {
        let error = try #require(throws: CORSError.self) { try cors(origins: .any, allowCredentials: true) }
        #expect(error.description.contains("list the origins"))
        // With a list and credentials, the answer names the origin, never `*`.
        let client = Self.client(try cors(origins: ["https://a.example"], allowCredentials: true))
        let preflight = try Self.preflight(client, origin: "https://a.example")
        #expect(preflight.headers["Access-Control-Allow-Origin"] == "https://a.example")
    }

    @Test(arguments: ["https://app.example.com/", "app.example.com", "https://app.example.com/path", "://x", "https://"])
    func originsThatAreNotOriginsAreRefused(_ origin: String) {
        #expect(throws: CORSError.self) { try cors(origins: [origin]) }
    }

    /// Several stars cost one pass over the origin, not a backtracking search (a 1 KiB origin
    /// against `https://*.*.*.example.com` took over a minute of CPU). The cases check the
    /// matches; the size is what a slow matcher would not finish.
    @Test func patternsWithManyStarsMatchInOnePass() throws {
        let pattern = CORSOrigins.pattern("https://*.*.*.example.com")
        #expect(pattern.allows("https://a.b.c.example.com"))
        #expect(pattern.allows("https://a.b.c.d.example.com"))
        #expect(!pattern.allows("https://a.b.example.com"))
        let hostile = "https://" + String(repeating: "a.", count: 500) + "x"
        let started = ContinuousClock.now
        for _ in 0..<20 { #expect(!pattern.allows(hostile)) }
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(CORSOrigins.pattern("*-*").allows("a-b") && !CORSOrigins.pattern("*-*").allows("ab"))
    }

    /// With credentials, a pattern may stand for subdomains of one site only.
    @Test(arguments: ["https://*", "http*://*", "https://*.com", "https://a*", "https://*.:8080", "https://*.example."])
    func credentialsRefuseAPatternForEverySite(_ pattern: String) {
        #expect(throws: CORSError.self, "\(pattern)") { try cors(origins: .pattern(pattern), allowCredentials: true) }
        #expect(throws: Never.self, "\(pattern)") { try cors(origins: .pattern(pattern)) }
    }

    @Test(arguments: ["https://*.example.com", "https://app-*.example.com", "http://localhost:*", "https://*.example.co.uk:*"])
    func credentialsTakeAPatternForOneSite(_ pattern: String) {
        #expect(throws: Never.self, "\(pattern)") { try cors(origins: .pattern(pattern), allowCredentials: true) }
    }

    /// With `*`, every response carries it, Origin or not: one answer for all, so a cache
    /// keeping the one without it cannot break another origin's reads.
    @Test func aStarGoesOnEveryResponse() throws {
        let client = Self.client(try cors(origins: .any, exposedHeaders: ["X-Total"]))
        for headers in [Headers(), try Headers([("Origin", "https://a.example")])] {
            let response = try client.get("/", headers: headers)
            #expect(response.headers["Access-Control-Allow-Origin"] == "*")
            #expect(response.headers["Access-Control-Expose-Headers"] == "X-Total")
            #expect(!response.vary.contains("Origin"))
        }
    }
}
