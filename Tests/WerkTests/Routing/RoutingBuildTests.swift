import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Werk

/// A custom converter: hexadecimal integers.
private struct HexConverter: RouteConverter {
    func toValue(_ text: Substring) -> (any Sendable)? {
        text.allSatisfy(\.isHexDigit) ? Int(text, radix: 16) : nil
    }
    func toURL(_ value: any Sendable) throws -> String {
        guard let n = value as? Int, n >= 0 else { throw RouteConverterError("expected a non-negative Int") }
        return String(n, radix: 16)
    }
}

@Suite("Routing: converters, parser, conflicts, specificity, hosts, threads")
struct RoutingRulesTests {
    @Test(arguments: [
        ("<int(min=1, max=10):n>", "1", true), ("<int(min=1, max=10):n>", "10", true), ("<int(min=1, max=10):n>", "0", false),
        ("<int(min=1, max=10):n>", "11", false), ("<int(fixed_digits=4):n>", "0042", true), ("<int(fixed_digits=4):n>", "42", false),
        ("<int(signed=True):n>", "-5", true), ("<int:n>", "-5", false), ("<int:n>", "007", true),
        ("<float(max=1.5):x>", "1.5", true), ("<float(max=1.5):x>", "1.6", false), ("<float(signed=True):x>", "-0.5", true),
        ("<string(length=2):s>", "de", true), ("<string(length=2):s>", "deu", false),
        ("<string(minlength=2, maxlength=3):s>", "a", false), ("<string(minlength=2, maxlength=3):s>", "abc", true),
        ("<string(maxlength=2):s>", "éé", true), ("<any(a, 'b c', d):s>", "b c", true), ("<any(a, b):s>", "c", false),
        ("<uuid:u>", "123e4567-e89b-12d3-a456-42661417400g", false),
    ])
    func converterBounds(placeholder: String, text: String, matches: Bool) throws {
        let map = try Map([Rule("/x/" + placeholder, endpoint: "x")])
        let matched = (try? map.bind().match("/x/" + text)) != nil
        #expect(matched == matches, "\(placeholder) vs \(text)")
    }

    @Test func customConverter() throws {
        let map = try Map([Rule("/color/<hex:rgb>", endpoint: "color", name: "color")],
                          converters: ["hex": { args in try args.check(allowed: [], maxPositional: 0); return HexConverter() }])
        #expect(try map.bind().match("/color/ff").values.int("rgb") == 255)
        #expect(throws: RoutingError.notFound) { try map.bind().match("/color/zz") }
        #expect(try map.bind().build("color", ["rgb": 4095]) == "/color/fff")
        #expect(throws: RoutingError.self) { try map.bind().build("color", ["rgb": -1]) }
    }

    @Test(arguments: [
        "users/<id>", "/users/<id", "/users/id>", "/users/<>", "/users/<int:>", "/users/<:id>", "/users/<1x>",
        "/users/<int(min=1:id>", "/users/<a>/<a>", "/users/<a><b>", "/x/<int(min='1):n>", "/f/<path:p>.txt",
    ])
    func malformedPatternsAreReported(pattern: String) {
        #expect(throws: RoutingError.self) { try Map([Rule(pattern, endpoint: "x")]) }
    }

    @Test func converterErrorsAreClear() throws {
        #expect(throws: RoutingError.unknownConverter(name: "hex", pattern: "/c/<hex:x>")) {
            try Map([Rule("/c/<hex:x>", endpoint: "c")])
        }
        do {
            _ = try Map([Rule("/n/<int(min=5, max=1):n>", endpoint: "n")])
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("max 1 is below min 5"))
        }
        #expect(throws: RoutingError.self) { try Map([Rule("/n/<int(bogus=1):n>", endpoint: "n")]) }
        #expect(throws: RoutingError.self) { try Map([Rule("/n/<any:n>", endpoint: "n")]) }
    }

    @Test func conflictsAreReportedNamingBothRules() throws {
        do {
            _ = try Map([Rule("/a/<x>", endpoint: "one", methods: ["GET"]), Rule("/a/<y>", endpoint: "two", methods: ["GET", "POST"])])
            Issue.record("expected a conflict")
        } catch {
            guard case .conflict(let first, let second, let detail) = error else { Issue.record("\(error)"); return }
            #expect(first.contains("/a/<x>") && second.contains("/a/<y>") && detail.contains("GET"))
        }
        #expect(throws: RoutingError.self) { try Map([Rule("/a", endpoint: 1), Rule("/a", endpoint: 2)]) }
        #expect(throws: RoutingError.self) {
            try Map([Rule("/a/<any(x, y):v>", endpoint: 1), Rule("/a/<any(y, x):w>", endpoint: 2)])
        }
        // Not conflicts: other methods, other converters, other hosts.
        _ = try Map([Rule("/a/<x>", endpoint: 1, methods: ["GET"]), Rule("/a/<y>", endpoint: 2, methods: ["POST"]),
                     Rule("/a/<int:z>", endpoint: 3, methods: ["GET"])])
        _ = try Map([Rule("/", endpoint: 1, host: "a.test"), Rule("/", endpoint: 2, host: "b.test")], hostMatching: true)
    }

    @Test func specificityDoesNotDependOnInsertionOrder() throws {
        let rules = [
            Rule("/a/b/c", endpoint: "static"), Rule("/a/<int:n>/c", endpoint: "int"), Rule("/a/<s>/c", endpoint: "string"),
            Rule("/a/<any(x, y):k>/c", endpoint: "any"), Rule("/a/<path:p>", endpoint: "path"),
            Rule("/a/<float:f>/c", endpoint: "float"), Rule("/a/v<int:n>/c", endpoint: "prefixed"),
        ]
        let cases = [("/a/b/c", "static"), ("/a/5/c", "int"), ("/a/zz/c", "string"), ("/a/x/c", "any"),
                     ("/a/1.5/c", "float"), ("/a/v2/c", "prefixed"), ("/a/q/r/s", "path"), ("/a/b/d", "path")]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let adapter = try Map(rules.shuffled(using: &generator)).bind()
            for (path, endpoint) in cases { #expect(try adapter.match(path).endpoint == endpoint, "\(path)") }
        }
    }

    @Test func hostMatching() throws {
        let map = try Map([
            Rule("/", endpoint: "www", host: "www.example.com"),
            Rule("/", endpoint: "user", host: "<user>.example.com"),
            Rule("/", endpoint: "other"),
        ], hostMatching: true)
        #expect(try map.bind(host: "www.example.com:8080").match("/").endpoint == "www")
        let user = try map.bind(host: "Alice.Example.com").match("/")
        #expect(user.endpoint == "user" && user.values.string("user") == "alice")
        #expect(try map.bind(host: "elsewhere.org").match("/").endpoint == "other")
        #expect(try map.bind(host: "www.example.com").build("user", ["user": "bob"]) == "http://bob.example.com/")
        #expect(throws: RoutingError.self) { try Map([Rule("/", endpoint: 1, host: "a")]) }
    }

    @Test func subdomainMatching() throws {
        let map = try Map([
            Rule("/", endpoint: "root"),
            Rule("/", endpoint: "api", subdomain: "api"),
            Rule("/", endpoint: "tenant", subdomain: "<tenant>"),
        ], serverName: "example.com")
        #expect(try map.bind(host: "example.com").match("/").endpoint == "root")
        #expect(try map.bind(host: "api.example.com").match("/").endpoint == "api")
        #expect(try map.bind(host: "acme.example.com").match("/").values.string("tenant") == "acme")
        #expect(throws: RoutingError.notFound) { try map.bind(host: "other.org").match("/") }
        #expect(try map.bind(host: "example.com").build("api") == "http://api.example.com/")
    }

    @Test func concurrentMatching() throws {
        var rules: [Rule<Int>] = []
        for i in 0..<200 { rules.append(Rule("/s\(i)/items/<int:id>", endpoint: i, methods: ["GET"])) }
        let map = try Map(rules)
        let failures = Locked(0)
        let threads = 8
        DispatchLikeGroup.run(threads) { thread in
            let adapter = map.bind()
            var bad = 0
            for n in 0..<10_000 {
                let section = (n * 7 + thread) % 200
                if let match = try? adapter.match("/s\(section)/items/\(n)"), match.endpoint == section,
                   match.values.int("id") == n {
                    continue
                }
                bad += 1
            }
            failures.withLock { $0 += bad }
        }
        #expect(failures.withLock { $0 } == 0)
    }
}

/// Runs `body` on `count` threads at once and waits for them.
enum DispatchLikeGroup {
    static func run(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        final class Box: Sendable {
            let body: @Sendable (Int) -> Void
            let index: Int
            init(_ body: @escaping @Sendable (Int) -> Void, _ index: Int) { self.body = body; self.index = index }
        }
        var threads: [pthread_t] = []
        for index in 0..<count {
            var thread = pthread_t()
            let box = Unmanaged.passRetained(Box(body, index)).toOpaque()
            pthread_create(&thread, nil, { raw in
                let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
                box.body(box.index)
                return nil
            }, box)
            threads.append(thread)
        }
        for thread in threads { pthread_join(thread, nil) }
    }
}

@Suite("Routing: URL building")
struct URLBuildingTests {
    static let map = try! Map([
        Rule("/users/<int:id>", endpoint: "user", methods: ["GET"], name: "user"),
        Rule("/files/<path:name>", endpoint: "file", name: "file"),
        Rule("/tags/<tag>", endpoint: "tag"),
        Rule("/blog/", endpoint: "blog", defaults: ["page": 1]),
        Rule("/blog/page/<int:page>", endpoint: "blog"),
        Rule("/archive/<int(fixed_digits=4):year>", endpoint: "year"),
        Rule("/p/<float:x>", endpoint: "float"),
    ])
    static let adapter = map.bind(host: "example.com:8080", scriptName: "/app")

    @Test func buildsPaths() throws {
        #expect(try Self.adapter.build("user", ["id": 7]) == "/app/users/7")
        #expect(try Self.adapter.build(name: "user", ["id": 7]) == "/app/users/7")
        #expect(try Self.adapter.build("user", ["id": "8"]) == "/app/users/8")
        #expect(try Self.adapter.build("file", ["name": "a b/ü.txt"]) == "/app/files/a%20b/%C3%BC.txt")
        #expect(try Self.adapter.build("tag", ["tag": "a/b?c"]) == "/app/tags/a%2Fb%3Fc")
        #expect(try Self.adapter.build("year", ["year": 42]) == "/app/archive/0042")
        #expect(try Self.adapter.build("float", ["x": 2.5]) == "/app/p/2.5")
        #expect(try Self.adapter.build("user", ["id": 7], absolute: true) == "http://example.com:8080/app/users/7")
        let https = Self.map.bind(host: "example.com", scheme: "https")
        #expect(try https.build("user", ["id": 7], absolute: true) == "https://example.com/users/7")
    }

    @Test func extraValuesBecomeTheQuery() throws {
        #expect(try Self.adapter.build("user", ["id": 7, "tab": "posts", "q": "a b&c"]) == "/app/users/7?tab=posts&q=a+b%26c")
        #expect(try Self.adapter.build("user", ["id": 7, "tag": ["a", "b"] as [any Sendable]]) == "/app/users/7?tag=a&tag=b")
    }

    @Test func defaultsSelectTheRule() throws {
        #expect(try Self.adapter.build("blog") == "/app/blog/")
        #expect(try Self.adapter.build("blog", ["page": 1]) == "/app/blog/")
        #expect(try Self.adapter.build("blog", ["page": 3]) == "/app/blog/page/3")
    }

    @Test func buildErrors() {
        #expect(throws: RoutingError.unknownEndpoint("'nope'")) { try Self.adapter.build("nope") }
        #expect(throws: RoutingError.missingValues(endpoint: "'user'", pattern: "/users/<int:id>", missing: ["id"])) {
            try Self.adapter.build("user")
        }
        do {
            _ = try Self.adapter.build("user", ["id": "abc"])
            Issue.record("expected an error")
        } catch {
            guard case .invalidValue(_, let name, _, _) = error else { Issue.record("\(error)"); return }
            #expect(name == "id")
            #expect("\(error)".contains("expected an integer"))
        }
        #expect(throws: RoutingError.self) { try Self.adapter.build("user", ["id": -1]) }
        #expect(throws: RoutingError.self) { try Self.adapter.build("year", ["year": 1.5]) }
        #expect("\(RoutingError.missingValues(endpoint: "'user'", pattern: "/users/<int:id>", missing: ["id"]))"
            == "cannot build a URL for endpoint 'user' with rule '/users/<int:id>': missing 'id'")
    }

    @Test func buildThenMatchRoundTrips() throws {
        let values: [String] = ["plain", "with space", "ünïcödé", "a+b", "x@y:z"]
        for value in values {
            let url = try Self.map.bind().build("tag", ["tag": value])
            #expect(try Self.map.bind().match(percentDecode(url)).values.string("tag") == value)
        }
    }
}
