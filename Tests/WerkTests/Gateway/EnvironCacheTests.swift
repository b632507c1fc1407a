import Testing
@testable import Werk
import WerkTesting

/// The environ's cache under typed keys: what `Request` parses once and every `Request` over
/// the same environ shares.
@Suite("Gateway: the environ's cache under typed keys")
struct EnvironCacheTests {
    static func environ(_ headers: [(String, String)]) throws -> Environ {
        try EnvironBuilder(method: "GET", path: "/", headers: Headers(headers)).makeEnviron()
    }

    @Test func keysKeepTheirOwnValuesAndTypes() {
        let cache = EnvironCache()
        #expect(cache[.mimetype] == nil)
        cache[.mimetype] = "text/html"
        cache[.mimetypeParams] = ["charset": "utf-8"]
        cache[.jsonValue] = ["a": 1]
        #expect(cache[.mimetype] == "text/html")
        #expect(cache[.mimetypeParams] == ["charset": "utf-8"])
        #expect(cache[.jsonValue] == ["a": 1])
        cache[.mimetype] = "text/plain"
        #expect(cache[.mimetype] == "text/plain")
        cache[.mimetype] = nil
        #expect(cache[.mimetype] == nil && cache[.mimetypeParams] == ["charset": "utf-8"])
    }

    @Test func valueIsMadeOnce() {
        let cache = EnvironCache()
        var calls = 0
        for _ in 0..<3 { _ = cache.value(.ifMatch) { calls += 1; return ETags(parsing: "\"a\"") } }
        #expect(calls == 1)
        // An optional value that is nil is kept too: absent headers are not parsed again.
        var authorizationCalls = 0
        for _ in 0..<3 { _ = cache.value(.authorization) { authorizationCalls += 1; return nil } }
        #expect(authorizationCalls == 1)
    }

    /// Every header accessor keeps its result under its key, shared by each `Request` over the environ.
    @Test func requestsOverOneEnvironShareParsedHeaders() throws {
        let environ = try Self.environ([
            ("Content-Type", "Text/HTML; charset=UTF-8"), ("Cookie", "a=1; b=2"), ("Accept", "text/html, */*;q=0.1"),
            ("Accept-Language", "de, en;q=0.5"), ("Accept-Charset", "utf-8"), ("Accept-Encoding", "br, gzip;q=0.5"),
            ("Authorization", "Bearer abc"), ("Cache-Control", "no-cache"), ("If-Match", "\"x\""), ("If-None-Match", "\"y\""),
        ])
        let first = Request(environ)
        #expect(first.mimetype == "text/html" && first.charset == "utf-8")
        _ = (first.cookies, first.acceptMimetypes, first.acceptLanguages, first.acceptCharsets, first.acceptEncodings,
             first.authorization, first.cacheControl, first.ifMatch, first.ifNoneMatch)
        let cache = environ.cache
        #expect(cache[.mimetype] == "text/html")
        #expect(cache[.mimetypeParams] == ["charset": "UTF-8"])
        #expect(cache[.cookies]?["b"] == "2")
        #expect(cache[.acceptMimetypes]?.bestMatch(["application/json", "text/html"]) == "text/html")
        #expect(cache[.acceptLanguages]?.bestMatch(["en", "de"]) == "de")
        #expect(cache[.acceptCharsets]?.bestMatch(["latin-1", "utf-8"]) == "utf-8")
        #expect(cache[.acceptEncodings]?.bestMatch(["gzip", "br"]) == "br")
        #expect(cache[.authorization]??.scheme.lowercased() == "bearer")
        #expect(cache[.cacheControl] == first.cacheControl)
        #expect(cache[.ifMatch] == first.ifMatch && cache[.ifNoneMatch] == first.ifNoneMatch)
        // A second Request over a copy of the environ reads the kept values.
        var copy = environ
        copy.headers.set("Cookie", "a=changed")
        #expect(Request(copy).cookies["a"] == "1")
    }
}
