import Testing
import Werk
import WerkTesting
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

@Suite("ProxyFix: Forwarded, plain commas, addresses only")
struct ProxyFixForwardedTests {
    static func get(_ middleware: @escaping Middleware, _ headers: Headers) throws -> String {
        try Client(stack(middleware, app: ProxyFixTests.echo)).get("/page", headers: headers).text
    }

    /// A quote the client opened must not swallow what the trusted proxy appended after it.
    @Test(arguments: [
        ("9.9.9.9, \"x, 203.0.113.9", "203.0.113.9"),
        ("\"9.9.9.9, 10.0.0.1\", 203.0.113.9", "203.0.113.9"),
        ("1.1.1.1,203.0.113.9", "203.0.113.9"),
        ("2001:db8::7", "2001:db8::7"),
        ("[2001:db8::7]", "2001:db8::7"),
    ])
    func xForwardedForSplitsOnEveryComma(_ header: String, _ expected: String) throws {
        #expect(try Self.get(proxyFix(), ["X-Forwarded-For": header]).hasPrefix(expected + " "))
    }

    @Test(arguments: ["unknown", "evil.example", "1.2.3.4:80", "1.2.3", "\"1.2.3.4\"", "::1::2", "<script>", ""])
    func entriesThatAreNotAddressesAreIgnored(_ entry: String) throws {
        #expect(try Self.get(proxyFix(), ["X-Forwarded-For": "8.8.8.8, \(entry)"]).hasPrefix("127.0.0.1 "))
    }

    @Test func everyFieldCountsInOrder() throws {
        let headers: Headers = [("X-Forwarded-For", "6.6.6.6"), ("X-Forwarded-For", "10.1.1.1, 10.2.2.2")]
        #expect(try Self.get(proxyFix(xFor: 2), headers).hasPrefix("10.1.1.1 "))
        #expect(try Self.get(proxyFix(xFor: 3), headers).hasPrefix("6.6.6.6 "))
    }

    @Test func forwardedHeaderOfRFC7239() throws {
        let middleware = proxyFix(xFor: 0, xProto: 0, forwarded: 1)
        let text = try Self.get(middleware, ["Forwarded": "for=6.6.6.6;proto=http, for=203.0.113.60;proto=https;host=example.com;by=10.0.0.1"])
        #expect(text == "203.0.113.60 https example.com  https://example.com/page was=127.0.0.1")
        // IPv6 in quotes and brackets with a port; case-insensitive names.
        #expect(try Self.get(middleware, ["Forwarded": "For=\"[2001:db8:cafe::17]:4711\""]).hasPrefix("2001:db8:cafe::17 "))
        #expect(try Self.get(middleware, ["Forwarded": "for=192.0.2.43:47011"]).hasPrefix("192.0.2.43 "))
        // Two proxies of ours: the second from the end.
        let two = try Self.get(proxyFix(xFor: 0, forwarded: 2), ["Forwarded": "for=7.7.7.7, for=198.51.100.1, for=10.0.0.2"])
        #expect(two.hasPrefix("198.51.100.1 "))
        // Split across fields.
        #expect(try Self.get(proxyFix(xFor: 0, forwarded: 2), [("Forwarded", "for=198.51.100.1"), ("Forwarded", "for=10.0.0.2")])
                .hasPrefix("198.51.100.1 "))
    }

    @Test(arguments: [
        "for=unknown", "for=_hidden", "for=\"_gazonk\"", "for=evil.example", "for=\"[::1\"", "for=1.2.3.4:99999",
        "for=1.1.1.1;for=2.2.2.2", "proto=https", "for=\"1.2.3.4", "for=1.2.3.4\"",
    ])
    func forwardedValuesThatAreNotAddressesAreIgnored(_ header: String) throws {
        let text = try Self.get(proxyFix(xFor: 0, xProto: 0, forwarded: 1), ["Forwarded": "for=9.9.9.9, " + header])
        #expect(text.hasPrefix("127.0.0.1 "), "\(header): \(text)")
    }

    @Test func forwardedUnbalancedQuoteCannotHideTheProxysElement() throws {
        // The client sent `for="x, for=6.6.6.6`; our proxy appended its element after it.
        let text = try Self.get(proxyFix(xFor: 0, forwarded: 1), ["Forwarded": "for=\"x, for=6.6.6.6, for=203.0.113.5"])
        #expect(text.hasPrefix("203.0.113.5 "))
    }

    @Test func forwardedWinsOverXForwarded() throws {
        let headers: Headers = ["X-Forwarded-For": "198.51.100.9", "X-Forwarded-Proto": "http", "Forwarded": "for=203.0.113.1;proto=https"]
        #expect(try Self.get(proxyFix(forwarded: 1), headers).hasPrefix("203.0.113.1 https "))
        #expect(try Self.get(proxyFix(forwarded: 0), headers).hasPrefix("198.51.100.9 http "))
    }

    @Test func parseForwardedTable() {
        #expect(parseForwarded("for=192.0.2.60;proto=http;by=203.0.113.43") ==
                [ForwardedElement(for: "192.0.2.60", by: "203.0.113.43", proto: "http")])
        #expect(parseForwarded("for=a, for=b").map(\.for) == ["a", "b"])
        #expect(parseForwarded("host=\"example.com:8080\"")[0].host == "example.com:8080")
        #expect(parseForwarded("for=\"x, for=y").count == 2)
        #expect(parseForwarded("for=\"x, for=y")[0] == ForwardedElement())
        #expect(ForwardedElement(for: "[2001:db8::1]").forAddress == "2001:db8::1")
        #expect(ForwardedElement(for: "[2001:db8::1]:_port").forAddress == "2001:db8::1")
        #expect(ForwardedElement(for: "2001:db8::1").forAddress == nil)  // RFC 7239 s6: IPv6 must be bracketed
        #expect(ForwardedElement(for: "10.0.0.1:abc").forAddress == nil)
    }

    @Test func ipAddressTable() {
        for good in ["127.0.0.1", "0.0.0.0", "255.255.255.255", "::1", "2001:db8::1", "::ffff:192.0.2.1", "fe80::1"] {
            #expect(isIPAddress(good), "\(good)")
        }
        for bad in ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4x", "[::1]", "::1%eth0", "localhost", "1.2.3.4 "] {
            #expect(!isIPAddress(bad), "\(bad)")
        }
    }
}

@Suite("ProxyFix: prefix and host checks")
struct ProxyFixPrefixAndHostTests {
    static func get(_ middleware: @escaping Middleware, _ headers: [(String, String)]) throws -> String {
        try ProxyFixTests.get(middleware, headers)
    }
    static let echo = ProxyFixTests.echo

    /// A trusted prefix is the script root (Werkzeug replaces SCRIPT_NAME), with one leading
    /// slash: `//evil.example` must not turn the app's redirects into links to another site.
    @Test func aPrefixStartsWithOneSlashAndReplacesTheScriptRoot() throws {
        #expect(try Self.get(proxyFix(xPrefix: 1), [("X-Forwarded-Prefix", "//evil.example")])
                == "127.0.0.1 http localhost /evil.example http://localhost/evil.example/page was=127.0.0.1")
        #expect(try Self.get(proxyFix(xPrefix: 1), [("X-Forwarded-Prefix", "evil.example")]).contains(" localhost  "))
        var router = Router()
        router.get("/docs/") { _ in Response("docs") }
        let app = stack(proxyFix(xPrefix: 1), app: router)
        let redirect = try Client(app).get("/docs", headers: try Headers([("X-Forwarded-Prefix", "//evil.example")]))
        #expect(redirect.status == .permanentRedirect)
        #expect(redirect.location == "/evil.example/docs/")
        var mounted = EnvironBuilder(method: "GET", path: "/page", headers: try Headers([("X-Forwarded-Prefix", "/app")]))
        mounted.scriptRoot = "/mounted"
        #expect(try Client(stack(proxyFix(xPrefix: 1), app: Self.echo)).run(mounted).text.contains(" /app http://localhost/app/page "))
    }

    /// A forwarded host must be a host: `[::1]evil.example` and `good.example:evil` are not.
    @Test(arguments: ["[::1]evil.example", "good.example:evil", "a b", "[a/b]", "[zz]", "[evil.example]", "[]", "x:123456", "x:99999", "x:0", "[::1", ":80", "x:", "evil.example/x", "a@evil.example", "a%zz", "%"])
    func aForwardedHostThatIsNoHostIsIgnored(_ value: String) throws {
        #expect(try Self.get(proxyFix(xHost: 1), [("X-Forwarded-Host", value)]).contains(" localhost "), "\(value)")
    }

    @Test(arguments: ["example.com", "example.com:8443", "[::1]:8080", "[2001:db8::1]", "my_host.local", "x:65535", "[v1.fe80::a+en1]"])
    func aForwardedHostIsTaken(_ value: String) throws {
        #expect(try Self.get(proxyFix(xHost: 1), [("X-Forwarded-Host", value)]).contains(" \(value) "), "\(value)")
    }
}
