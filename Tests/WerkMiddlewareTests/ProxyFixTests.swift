import Testing
import Werk
import WerkMiddleware

@Suite("ProxyFix middleware")
struct ProxyFixTests {
    static let echo = Request.application { request in
        let original = request.environ[ProxyOriginalKey.self]
        return Response("\(request.remoteAddr) \(request.scheme) \(request.host) \(request.scriptRoot) \(request.url) was=\(original?.remoteAddr ?? "-")")
    }

    static func get(_ middleware: @escaping Middleware, _ headers: [(String, String)]) throws -> String {
        try Client(stack(middleware, app: echo)).get("/page", headers: try Headers(headers)).text
    }

    @Test func trustsTheConfiguredNumberOfProxies() throws {
        let headers = [("X-Forwarded-For", "6.6.6.6, 203.0.113.9"), ("X-Forwarded-Proto", "https"),
                       ("X-Forwarded-Host", "example.com"), ("X-Forwarded-Prefix", "/app/")]
        #expect(try Self.get(proxyFix(), headers) == "203.0.113.9 https localhost  https://localhost/page was=127.0.0.1")
        #expect(try Self.get(proxyFix(xFor: 2, xProto: 1, xHost: 1, xPrefix: 1), headers)
                == "6.6.6.6 https example.com /app https://example.com/app/page was=127.0.0.1")
    }

    @Test func ignoresMissingShortOrInvalidHeaders() throws {
        #expect(try Self.get(proxyFix(), []) == "127.0.0.1 http localhost  http://localhost/page was=127.0.0.1")
        // Fewer values than trusted proxies: the header is ignored, not read from the client's end.
        #expect(try Self.get(proxyFix(xFor: 3), [("X-Forwarded-For", "1.1.1.1, 2.2.2.2")]).hasPrefix("127.0.0.1 "))
        #expect(try Self.get(proxyFix(xProto: 1), [("X-Forwarded-Proto", "gopher")]).contains(" http "))
        #expect(try Self.get(proxyFix(xHost: 1), [("X-Forwarded-Host", "evil.com/path")]).contains(" localhost "))
        // Counts of 0 (the default for host, port, prefix) ignore those headers.
        #expect(try Self.get(proxyFix(), [("X-Forwarded-Host", "other.example")]).contains(" localhost "))
    }

    @Test func forwardedPort() throws {
        let text = try Self.get(proxyFix(xProto: 1, xHost: 1, xPort: 1),
                                [("X-Forwarded-Proto", "https"), ("X-Forwarded-Host", "example.com"), ("X-Forwarded-Port", "8443")])
        #expect(text.contains("https://example.com:8443/page"))
    }
}
