#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import Werk
import WerkTesting

@Suite("Request")
struct RequestTests {
    static func make(_ method: String = "GET", _ path: String = "/", headers: [(String, String)] = [],
                     body: [UInt8]? = nil, configure: (inout EnvironBuilder) -> Void = { _ in }) throws -> Request {
        var builder = EnvironBuilder(method: method, path: path, headers: try Headers(headers))
        builder.body = body
        configure(&builder)
        return Request(try builder.makeEnviron())
    }

    @Test func methodAndURLParts() throws {
        let request = try Self.make("POST", "/a b/ü?x=1&y=%20z", headers: [("Host", "example.com:8080")]) {
            $0.scriptRoot = "/app"
        }
        #expect(request.method == "POST")
        // Methods are case-sensitive (RFC 9110 s9.1): `post` is another method, kept as sent.
        #expect(try Self.make("post").method == "post")
        #expect(request.path == "/a b/ü")
        #expect(request.fullPath == "/a b/ü?x=1&y=%20z")
        #expect(request.scriptRoot == "/app")
        #expect(request.host == "example.com:8080")
        #expect(request.hostName == "example.com")
        #expect(request.port == 8080)
        #expect(request.hostURL == "http://example.com:8080/")
        #expect(request.rootURL == "http://example.com:8080/app/")
        #expect(request.baseURL == "http://example.com:8080/app/a%20b/%C3%BC")
        #expect(request.url == "http://example.com:8080/app/a%20b/%C3%BC?x=1&y=%20z")
        #expect(request.args["y"] == " z")
        #expect(request.args.getAll("x") == ["1"])
    }

    @Test func hostFallsBackToServerNameAndPort() {
        var environ = Environ(method: "GET", pathInfo: "/", serverName: "srv", serverPort: 8000)
        #expect(Request(environ).host == "srv:8000")
        environ.serverPort = 80
        #expect(Request(environ).host == "srv")
        environ.serverName = "::1"
        environ.serverPort = 8443
        environ.urlScheme = "https"
        #expect(Request(environ).host == "[::1]:8443")
        #expect(Request(environ).hostName == "[::1]")
        #expect(Request(environ).port == 8443)
    }

    /// An IPv6 host keeps its brackets in every URL (as in Werkzeug), an IDN host is in its
    /// ASCII form, and a `#` in the query does not start a fragment.
    @Test func urlsOfIPv6AndIDNHosts() throws {
        let v6 = try Self.make("GET", "/p", headers: [("Host", "[::1]:8080")])
        #expect(v6.hostURL == "http://[::1]:8080/")
        #expect(v6.url == "http://[::1]:8080/p")
        #expect(v6.rootURL == "http://[::1]:8080/")
        var environ = Environ(method: "GET", pathInfo: "/p", serverName: "::1", serverPort: 8443)
        environ.urlScheme = "https"
        #expect(Request(environ).baseURL == "https://[::1]:8443/p")
        let idn = try Self.make("GET", "/p", headers: [("Host", "b\u{FC}cher.example")])
        #expect(idn.hostURL == "http://xn--bcher-kva.example/")
        let hash = try Self.make("GET", "/p") { $0.query = "a=1#b" }
        #expect(hash.url == "http://localhost/p?a=1%23b")
    }

    @Test func pathAlwaysStartsWithOneSlash() {
        #expect(Request(Environ(method: "GET", pathInfo: "")).path == "/")
        #expect(Request(Environ(method: "GET", pathInfo: "x")).path == "/x")
        #expect(Request(Environ(method: "GET", pathInfo: "//evil.com/x")).path == "/evil.com/x")
    }

    @Test func queryArgumentsKeepOrderAndDuplicates() throws {
        let request = try Self.make("GET", "/?tag=a&tag=b&name=J%C3%BCrgen+X&bad=%zz&empty=")
        #expect(request.args.getAll("tag") == ["a", "b"])
        #expect(request.args["name"] == "Jürgen X")
        #expect(request.args["bad"] == "%zz")  // a bad escape is kept literally
        #expect(request.args["empty"] == "")
        #expect(request.args.get("tag", as: Int.self) == nil)
    }

    @Test func parsingIsSharedBetweenRequestsOverOneEnviron() throws {
        var builder = EnvironBuilder(method: "POST", path: "/")
        builder.body = Array("payload".utf8)
        let environ = try builder.makeEnviron()
        let first = Request(environ), second = Request(environ)
        #expect(try first.data == Array("payload".utf8))
        // The stream is consumed, but the second request sees the same body.
        #expect(try second.data == Array("payload".utf8))
        #expect(try second.text == "payload")
    }

    @Test func contentHeaders() throws {
        let request = try Self.make("POST", "/", headers: [("Content-Type", "Text/HTML; Charset=\"UTF-8\""), ("Content-Length", "3")], body: [1, 2, 3])
        #expect(request.mimetype == "text/html")
        #expect(request.mimetypeParams["charset"] == "UTF-8")
        #expect(request.charset == "utf-8")
        #expect(request.contentLength == 3)
        let bad = try Self.make("POST", "/", headers: [("Content-Length", "-3")])
        #expect(bad.contentLength == nil)
    }

    /// The plain-value shortcut of `mimetype` gives what the options parser gives, lower-cased.
    @Test(arguments: ["application/x-www-form-urlencoded", "application/json", "text/html; charset=utf-8",
                      "Text/HTML", "TEXT/PLAIN;charset=x", " text/plain ", "multipart/form-data; boundary=ab",
                      "text/\"quoted\"", "application/vnd.api+json", "a/b;", "image/svg+xml", "x/y\tz", "caf\u{e9}/x",
                      "text/plain;format=flowed;delsp=yes", "", "@[]/~{}|^_`"])
    func mimetypeIsTheParsedTypeLowercased(_ value: String) throws {
        let request = try Self.make("POST", "/", headers: [("Content-Type", value)])
        #expect(request.mimetype == parseOptionsHeader(value).value.lowercased(), "\(value.debugDescription)")
    }

    @Test func formFromURLEncodedBody() throws {
        let request = try Self.make("POST", "/?a=0") { $0.form = [("a", "1"), ("b", "x y"), ("a", "2")] }
        #expect(try request.form.getAll("a") == ["1", "2"])
        #expect(try request.form["b"] == "x y")
        #expect(try request.values.getAll("a") == ["0", "1", "2"])
        #expect(try request.files.isEmpty)
        // Other content types give an empty form, not an error.
        let json = try Self.make("POST", "/") { $0.json = ["a": 1] }
        #expect(try json.form.isEmpty)
    }

    @Test func bodyOverLimitIs413() throws {
        var request = try Self.make("POST", "/", body: [UInt8](repeating: 65, count: 2000))
        request.maxContentLength = 1000
        let error = try #require(throws: HTTPError.self) { try request.data }
        #expect(error.status == .contentTooLarge)
        // Also when Content-Length lies low: the stream itself is bounded.
        var lying = try Self.make("POST", "/", headers: [("Content-Length", "10")], body: [UInt8](repeating: 65, count: 5000))
        lying.maxContentLength = 1000
        #expect(throws: HTTPError.self) { try lying.data }
        // A form over the in-memory form limit is 413 too.
        var form = try Self.make("POST", "/") { $0.form = [("big", String(repeating: "x", count: 4000))] }
        form.maxFormMemorySize = 1000
        #expect((try? form.form) == nil)
    }

    struct Login: Codable, Equatable { let user: String; let remember: Bool }

    @Test func jsonBody() throws {
        let request = try Self.make("POST", "/") { $0.json = Login(user: "ann", remember: true) }
        #expect(request.isJSON)
        #expect(try request.json(Login.self) == Login(user: "ann", remember: true))

        let broken = try Self.make("POST", "/", headers: [("Content-Type", "application/json")], body: Array("{\"user\":".utf8))
        let error = try #require(throws: HTTPError.self) { try broken.json(Login.self) }
        #expect(error.status == .badRequest)

        let missing = try Self.make("POST", "/", headers: [("Content-Type", "application/json")], body: Array("{\"user\":\"x\"}".utf8))
        let keyError = try #require(throws: HTTPError.self) { try missing.json(Login.self) }
        #expect(keyError.message.contains("remember"))

        let notJSON = try Self.make("POST", "/", headers: [("Content-Type", "text/plain")], body: Array("{}".utf8))
        let typeError = try #require(throws: HTTPError.self) { try notJSON.json(Login.self) }
        #expect(typeError.status == .unsupportedMediaType)
        #expect(try Self.make("POST", "/", headers: [("Content-Type", "application/vnd.api+json")]).isJSON)
    }

    @Test func cookies() throws {
        let request = try Self.make(headers: [("Cookie", "a=1; b=\"quoted value\""), ("Cookie", "c=3; garbage; =novalue")])
        #expect(request.cookies["a"] == "1")
        #expect(request.cookies["b"] == "quoted value")
        #expect(request.cookies["c"] == "3")
        // A piece without "=" is a name with an empty value, as Werkzeug reads it; "=novalue" has no name.
        #expect(request.cookies["garbage"] == "")
        #expect(request.cookies.count == 4)
    }

    @Test func acceptHeaders() throws {
        let request = try Self.make(headers: [
            ("Accept", "text/html;q=0.9, application/json"),
            ("Accept-Language", "de-CH, en;q=0.5"),
            ("Accept-Charset", "utf-8, iso-8859-1;q=0.1"),
            ("Accept-Encoding", "gzip, br;q=0.8, *;q=0"),
        ])
        #expect(request.acceptMimetypes.bestMatch(["text/html", "application/json"]) == "application/json")
        #expect(request.acceptMimetypes.quality(of: "text/html") == 0.9)
        #expect(request.acceptMimetypes.prefersJSON)
        #expect(request.acceptLanguages.bestMatch(["en", "de-CH"]) == "de-CH")
        #expect(request.acceptCharsets.quality(of: "ISO-8859-1") == 0.1)
        #expect(request.acceptEncodings.quality(of: "deflate") == 0)
        #expect(request.acceptEncodings.bestMatch(["deflate", "br"]) == "br")
    }

    @Test func authorization() throws {
        let basic = try Self.make(headers: [("Authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")])
        #expect(basic.authorization?.username == "Aladdin")
        #expect(basic.authorization?.password == "open sesame")
        let bearer = try Self.make(headers: [("Authorization", "Bearer abc.def")])
        #expect(bearer.authorization?.scheme == "bearer")
        #expect(bearer.authorization?.token == "abc.def")
        let garbage = try Self.make(headers: [("Authorization", "Basic !!!notbase64")])
        #expect(garbage.authorization == nil)
    }

    @Test func conditionalHeaders() throws {
        let request = try Self.make(headers: [
            ("If-Match", "\"a\", W/\"b\""), ("If-None-Match", "*"),
            ("If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT"), ("If-Unmodified-Since", "not a date"),
            ("Range", "bytes=0-99"), ("If-Range", "\"a\""), ("Cache-Control", "no-cache, max-age=0"),
        ])
        #expect(request.ifMatch.containsStrong("a") && !request.ifMatch.containsStrong("b"))
        #expect(request.ifNoneMatch.isAny)
        #expect(request.ifModifiedSince == Date(timeIntervalSince1970: 784111777))
        #expect(request.ifUnmodifiedSince == nil)  // a bad date is ignored
        #expect(request.range?.resolve(length: 1000) == .satisfiable([0..<100]))
        #expect(request.ifRange.etag == ETag("a"))
        #expect(request.cacheControl.noCache && request.cacheControl.maxAge == 0)
        let malformed = try Self.make(headers: [("Range", "bytes=9-1")])
        #expect(malformed.range == nil)
    }

    @Test func clientFacts() throws {
        let request = try Self.make(headers: [("User-Agent", "curl/8.1"), ("X-Forwarded-For", "203.0.113.5, 10.0.0.2"), ("Referer", "http://a/")])
        #expect(request.userAgent == "curl/8.1")
        #expect(request.accessRoute == ["203.0.113.5", "10.0.0.2", "127.0.0.1"])
        #expect(request.remoteAddr == "127.0.0.1")
        #expect(request.referrer == "http://a/")
        #expect(!request.isSecure)
    }
}
