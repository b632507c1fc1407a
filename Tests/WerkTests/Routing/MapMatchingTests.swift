#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import Werk

/// Matches `path` and returns the endpoint, or the routing error as text.
private func outcome<E>(_ adapter: MapAdapter<E>, _ path: String, _ method: String = "GET", query: String = "") -> String {
    do { return "\(try adapter.match(path, method: method, query: query).endpoint)" } catch { return "\(error)" }
}

@Suite("Routing: matching")
struct MapMatchingTests {
    static let map = try! Map([
        Rule("/", endpoint: "index", methods: ["GET"]),
        Rule("/users/<int:id>", endpoint: "user", methods: ["GET"], name: "user"),
        Rule("/users/<int:id>", endpoint: "user-update", methods: ["POST"]),
        Rule("/users/new", endpoint: "user-new", methods: ["GET"]),
        Rule("/users/<name>", endpoint: "user-by-name", methods: ["GET"]),
        Rule("/files/<path:name>", endpoint: "file", methods: ["GET"]),
        Rule("/files/<path:name>/edit", endpoint: "file-edit", methods: ["GET"]),
        Rule("/docs/", endpoint: "docs", methods: ["GET"]),
        Rule("/loose/", endpoint: "loose", methods: ["GET"], strictSlashes: false),
        Rule("/café/<word>", endpoint: "cafe", methods: ["GET"]),
        Rule("/page-<int:n>.html", endpoint: "page", methods: ["GET"]),
        Rule("/price/<float:amount>", endpoint: "price", methods: ["GET"]),
        Rule("/orders/<uuid:id>", endpoint: "order", methods: ["GET"]),
        Rule("/<any(about, help):page>", endpoint: "static-page", methods: ["GET"]),
        Rule("/any-method", endpoint: "any", methods: nil),
        Rule("/custom-options", endpoint: "custom-options", methods: ["GET", "OPTIONS"]),
        Rule("/a/b", endpoint: "ab", methods: ["GET"]),
    ])
    static let adapter = map.bind(host: "example.com")

    @Test(arguments: [
        ("/", "index"), ("/users/42", "user"), ("/users/new", "user-new"), ("/users/bob", "user-by-name"),
        ("/users/0", "user"), ("/files/a", "file"), ("/files/a/b/c.txt", "file"), ("/files/a/b/edit", "file-edit"),
        ("/docs/", "docs"), ("/café/noir", "cafe"), ("/page-7.html", "page"), ("/price/9.99", "price"),
        ("/orders/123e4567-e89b-12d3-a456-426614174000", "order"), ("/about", "static-page"), ("/help", "static-page"),
        ("/a/b", "ab"),
    ])
    func matchesEndpoint(path: String, endpoint: String) {
        #expect(outcome(Self.adapter, path) == endpoint)
    }

    @Test(arguments: ["/users/abc/x", "/users/", "/users", "/users/1/extra", "/nope", "/files/", "/files",
                      "/page-x.html", "/price/1", "/price/.5", "/price/1e3", "/orders/123", "/contact", "/a/b/c", "/a"])
    func notFound(path: String) {
        #expect(outcome(Self.adapter, path) == "\(RoutingError.notFound)")
    }

    @Test func typedValues() throws {
        #expect(try Self.adapter.match("/users/42").values.int("id") == 42)
        #expect(try Self.adapter.match("/users/42").values["id", as: Int.self] == 42)
        #expect(try Self.adapter.match("/price/9.5").values.double("amount") == 9.5)
        #expect(try Self.adapter.match("/files/a/b/c.txt").values.string("name") == "a/b/c.txt")
        #expect(try Self.adapter.match("/files/x/y/edit").values.string("name") == "x/y")
        let id = try Self.adapter.match("/orders/123E4567-E89B-12D3-A456-426614174000").values["id", as: UUID.self]
        #expect(id == UUID(uuidString: "123e4567-e89b-12d3-a456-426614174000"))
        #expect(try Self.adapter.match("/help").values.string("page") == "help")
        #expect(try Self.adapter.match("/page-12.html").values.int("n") == 12)
    }

    @Test func intRejectsSignsSpacesAndNonDigits() {
        // Werk's int is unsigned by default: "-1" is not an int, so it goes to the string rule.
        #expect(outcome(Self.adapter, "/users/-1") == "user-by-name")
        #expect(outcome(Self.adapter, "/users/ ") == "user-by-name")
        for path in ["/page--1.html", "/page-+1.html", "/page- 1.html", "/page-1a.html", "/page-99999999999999999999.html"] {
            #expect(outcome(Self.adapter, path) == "\(RoutingError.notFound)", "\(path)")
        }
    }

    @Test func utf8AndPercentEncodedPaths() throws {
        // PATH_INFO is already decoded: a request for /caf%C3%A9/cr%C3%A8me arrives as /café/crème.
        let match = try Self.adapter.match(percentDecode("/caf%C3%A9/cr%C3%A8me"))
        #expect(match.endpoint == "cafe")
        #expect(match.values.string("word") == "crème")
        // An encoded slash decodes to a slash and so splits segments (as in WSGI).
        #expect(outcome(Self.adapter, percentDecode("/caf%C3%A9/a%2Fb")) == "\(RoutingError.notFound)")
        // Text that merely looks encoded stays as it is.
        #expect(try Self.adapter.match("/users/a%20b").values.string("name") == "a%20b")
    }

    @Test func emptySegmentsAndDoubleSlashes() throws {
        // Repeated slashes redirect to the merged path when only that matches.
        #expect(throws: RoutingError.redirect(location: "/a/b")) { try Self.adapter.match("/a//b") }
        #expect(throws: RoutingError.redirect(location: "/users/7?x=1")) { try Self.adapter.match("//users//7", query: "x=1") }
        // Slashes are found by bytes: a combining mark after the second one does not hide it.
        #expect(throws: RoutingError.redirect(location: "/users/%CC%81x")) { try Self.adapter.match("/users//\u{301}x") }
        // A path value keeps inner empty segments.
        #expect(try Self.adapter.match("/files/a//b").values.string("name") == "a//b")
        // An empty segment never satisfies a placeholder.
        #expect(outcome(Self.adapter, "/users//") == "\(RoutingError.notFound)")
        // Without merging, double slashes are simply not found.
        let strict = try Map([Rule("/a/b", endpoint: "ab")], mergeSlashes: false).bind()
        #expect(throws: RoutingError.notFound) { try strict.match("/a//b") }
        // An empty PATH_INFO is the root.
        #expect(outcome(Self.adapter, "") == "index")
    }

    @Test func anyWordsAreComparedByCodePoints() throws {
        // As Werkzeug's regular expression: `café` precomposed (U+00E9) and `cafe` + U+0301
        // look alike but are different words, each matched by its own rule.
        let map = try Map([
            Rule("/<any(caf\u{E9}, tea):drink>", endpoint: "precomposed"),
            Rule("/<any(cafe\u{301}):drink>", endpoint: "decomposed"),
        ]).bind()
        #expect(outcome(map, "/caf\u{E9}") == "precomposed")
        #expect(try map.match("/caf\u{E9}").values.string("drink")!.unicodeScalars.count == 4)
        #expect(outcome(map, "/cafe\u{301}") == "decomposed")
        #expect(try map.match("/cafe\u{301}").values.string("drink")!.unicodeScalars.count == 5)
        let only = try Map([Rule("/<any(caf\u{E9}):drink>", endpoint: "drink")]).bind()
        #expect(throws: RoutingError.notFound) { try only.match("/cafe\u{301}") }
        // Building a URL checks the word the same way.
        #expect(throws: (any Error).self) { try AnyConverter(["caf\u{E9}"]).toURL("cafe\u{301}") }
        #expect(try AnyConverter(["caf\u{E9}"]).toURL("caf\u{E9}") == "caf%C3%A9")
    }

    @Test func urlsThatSpellOutDefaultsRedirectToThem() throws {
        // Werkzeug's redirect_defaults: one URL per page.
        let rules = [Rule("/blog/page/<int:page>", endpoint: "blog"),
                     Rule("/blog/", endpoint: "blog", methods: ["GET"], defaults: ["page": 1])]
        let adapter = try Map(rules).bind(host: "example.com", scriptName: "/app")
        #expect(throws: RoutingError.redirect(location: "/app/blog/?q=1")) { try adapter.match("/blog/page/1", query: "q=1") }
        #expect(throws: RoutingError.redirect(location: "/app/blog/")) { try adapter.match("/blog/page/01", method: "HEAD") }
        #expect(try adapter.match("/blog/page/2").values.int("page") == 2)
        #expect(try adapter.match("/blog/").values.int("page") == 1)
        // Only where the defaults' rule takes the method.
        #expect(try adapter.match("/blog/page/1", method: "POST").values.int("page") == 1)
        // Only between rules of one endpoint with the same arguments.
        let otherEndpoint = try Map([Rule("/blog/", endpoint: "index", defaults: ["page": 1]),
                                     Rule("/blog/page/<int:page>", endpoint: "blog")]).bind()
        #expect(try otherEndpoint.match("/blog/page/1").endpoint == "blog")
        let moreArguments = try Map([Rule("/blog/", endpoint: "blog", defaults: ["page": 1, "tag": "all"]),
                                     Rule("/blog/page/<int:page>", endpoint: "blog")]).bind()
        #expect(try moreArguments.match("/blog/page/1").endpoint == "blog")
        // Turned off, the URL is served as it is.
        let off = try Map(rules, redirectDefaults: false).bind()
        #expect(try off.match("/blog/page/1").values.int("page") == 1)
        // A repeated slash is merged first (one redirect), the merged URL then goes to the defaults.
        #expect(throws: RoutingError.redirect(location: "/blog/page/1")) { try off.match("/blog//page/1") }
        #expect(throws: RoutingError.redirect(location: "/blog/page/1")) { try Map(rules).bind().match("/blog//page/1") }
    }

    @Test func leadingSlashesAreOne() throws {
        // As Werkzeug strips them: no redirect, the path is matched as if it had one.
        #expect(try Self.adapter.match("//users/7").values.int("id") == 7)
        #expect(outcome(Self.adapter, "///") == "index")
        #expect(throws: RoutingError.redirect(location: "/users/7")) { try Self.adapter.match("//users//7") }
        // So a rule that starts with two could never match: it is refused when the map is made.
        #expect(throws: RoutingError.self) { try Map([Rule("//", endpoint: "never")]) }
        #expect(throws: RoutingError.self) { try Map([Rule("//users", endpoint: "never")]) }
    }

    @Test func anyWordListsThatReadAlikeStayApart() throws {
        // One word with a comma is not two words, and a word spelled with a backslash is not
        // the scalar it spells: each rule keeps its own words.
        let map = try Map([
            Rule("/<any('a,b'):x>", endpoint: "one word"),
            Rule("/<any(a, b):x>", endpoint: "two words"),
            Rule("/<any(caf\u{E9}):x>", endpoint: "scalar"),
            Rule("/<any('caf\\\\u{e9}'):x>", endpoint: "spelled"),
        ]).bind()
        #expect(outcome(map, "/a,b") == "one word")
        #expect(outcome(map, "/a") == "two words")
        #expect(outcome(map, "/b") == "two words")
        #expect(outcome(map, "/caf\u{E9}") == "scalar")
        #expect(outcome(map, "/caf\\u{e9}") == "spelled")
    }

    @Test func methodNotAllowedListsEveryMethod() {
        #expect(throws: RoutingError.methodNotAllowed(allowed: ["GET", "HEAD", "POST", "OPTIONS"])) {
            try Self.adapter.match("/users/7", method: "DELETE")
        }
        #expect(throws: RoutingError.methodNotAllowed(allowed: ["GET", "HEAD", "OPTIONS"])) {
            try Self.adapter.match("/docs/", method: "PUT")
        }
        // POST to /users/7 goes to the POST rule even though the GET rule is tried first.
        #expect(outcome(Self.adapter, "/users/7", "POST") == "user-update")
        // POST to /users/bob: the int rule does not match the path; the string rule is GET only.
        #expect(throws: RoutingError.methodNotAllowed(allowed: ["GET", "HEAD", "OPTIONS"])) {
            try Self.adapter.match("/users/bob", method: "POST")
        }
    }

    @Test func headAndOptions() throws {
        #expect(try Self.adapter.match("/users/7", method: "HEAD").endpoint == "user")
        #expect(throws: RoutingError.options(allowed: ["GET", "HEAD", "POST", "OPTIONS"])) {
            try Self.adapter.match("/users/7", method: "OPTIONS")
        }
        #expect(try Self.adapter.match("/custom-options", method: "OPTIONS").endpoint == "custom-options")
        #expect(try Self.adapter.match("/any-method", method: "BREW").endpoint == "any")
        #expect(try Self.adapter.match("/any-method", method: "OPTIONS").endpoint == "any")
        #expect(throws: RoutingError.notFound) { try Self.adapter.match("/nope", method: "OPTIONS") }
        // An explicit HEAD rule wins over GET's implied HEAD.
        let map = try Map([Rule("/x", endpoint: "get", methods: ["GET"]), Rule("/x", endpoint: "head", methods: ["HEAD"])])
        #expect(try map.bind().match("/x", method: "HEAD").endpoint == "head")
        #expect(try map.bind().match("/x", method: "GET").endpoint == "get")
        // Without automatic OPTIONS, OPTIONS is just another method.
        let plain = try Map([Rule("/x", endpoint: "x", methods: ["GET"])], automaticOptions: false)
        #expect(throws: RoutingError.methodNotAllowed(allowed: ["GET", "HEAD"])) { try plain.bind().match("/x", method: "OPTIONS") }
        #expect(Self.adapter.allowedMethods("/docs/") == ["GET", "HEAD", "OPTIONS"])
    }

    @Test func strictSlashesRedirectKeepingQuery() throws {
        #expect(throws: RoutingError.redirect(location: "/docs/")) { try Self.adapter.match("/docs") }
        #expect(throws: RoutingError.redirect(location: "/docs/?page=2&q=a%20b")) {
            try Self.adapter.match("/docs", query: "page=2&q=a%20b")
        }
        let mounted = Self.map.bind(host: "example.com", scriptName: "/app/")
        #expect(throws: RoutingError.redirect(location: "/app/docs/?page=2")) { try mounted.match("/docs", query: "page=2") }
        // Non-strict: both forms match without a redirect.
        #expect(try Self.adapter.match("/loose").endpoint == "loose")
        #expect(try Self.adapter.match("/loose/").endpoint == "loose")
        // A rule without the slash does not match the slash form.
        #expect(throws: RoutingError.notFound) { try Self.adapter.match("/a/b/") }
        // The redirect location is encoded.
        let map = try Map([Rule("/café/", endpoint: "c")])
        #expect(throws: RoutingError.redirect(location: "/caf%C3%A9/")) { try map.bind().match("/café") }
        // Map-wide switch.
        let loose = try Map([Rule("/d/", endpoint: "d")], strictSlashes: false)
        #expect(try loose.bind().match("/d").endpoint == "d")
        #expect(RoutingError.redirect(location: "/d/").statusCode == 308)
    }

    @Test func defaultsAreAddedToValues() throws {
        let map = try Map([Rule("/blog/", endpoint: "blog", defaults: ["page": 1]),
                           Rule("/blog/<int:page>", endpoint: "blog")])
        #expect(try map.bind().match("/blog/").values.int("page") == 1)
        #expect(try map.bind().match("/blog/3").values.int("page") == 3)
    }

    @Test func matchFromEnviron() throws {
        let environ = Environ(method: "GET", scriptName: "/app", pathInfo: "/docs", queryString: "a=1")
        #expect(throws: RoutingError.redirect(location: "/app/docs/?a=1")) { try Self.map.match(environ) }
        let ok = Environ(method: "GET", pathInfo: "/users/5")
        #expect(try Self.map.match(ok).values.int("id") == 5)
    }
}

/// Two `path` placeholders: a miss is one walk per split point, not a search of every pair of
/// splits with a copy of the text each (a 16 KiB path took minutes), and a hit still gives
/// strings.
@Suite("Routing: two path placeholders")
struct TwoPathPlaceholdersTests {
    static let adapter = try! Map([
        Rule("/<path:repo>/-/blob/<path:file>", endpoint: "blob", methods: ["GET"]),
        Rule("/<path:a>/m/<path:b>/n", endpoint: "mn", methods: ["POST"]),
    ]).bind(host: "example.com")

    @Test func matchesGiveStrings() throws {
        let blob = try Self.adapter.match("/group/project/-/blob/main/src/a.swift", method: "GET")
        #expect(blob.endpoint == "blob")
        #expect(blob.values["repo"] as? String == "group/project")
        #expect(blob.values["file"] as? String == "main/src/a.swift")
        // The rule matched by path with another method: 405, whichever split was tried first.
        #expect(throws: RoutingError.self) { try Self.adapter.match("/x/m/y/n", method: "GET") }
        let mn = try Self.adapter.match("/x/m/y/m/z/n", method: "POST")
        #expect(mn.values["a"] as? String == "x" && mn.values["b"] as? String == "y/m/z")
    }

    @Test func aLongMissIsQuick() {
        let path = String(repeating: "/m", count: 8_000)
        let started = ContinuousClock.now
        #expect(throws: RoutingError.self) { try Self.adapter.match(path, method: "POST") }
        #expect(ContinuousClock.now - started < .seconds(10))
    }
}
