import Testing
import Werk
import WerkTesting
@testable import WerkMiddleware

/// Fixtures shared by the session tests.
enum SessionFixtures {
    static let secret = "0123456789abcdef0123456789abcdef-test-secret"
    static let otherSecret = "fedcba9876543210fedcba9876543210-other-secret"

    /// Counts visits; `/logout` clears, `/peek` reads, `/cart` stores a Codable array,
    /// `/signin` regenerates, `/big?n=` stores n bytes.
    static let counter = Request.application { request in
        let session = try request.requireSession()
        switch request.path {
        case "/logout":
            session.clear()
            return Response("bye")
        case "/peek":
            return Response("\(session.get("count", as: Int.self) ?? 0)")
        case "/cart":
            session["cart"] = [1, 2]
            return Response("\(session.get("cart", as: [Int].self) ?? [])")
        case "/signin":
            session.regenerate()
            try session.set("user", "ann")
            return Response("in")
        case "/big":
            try session.set("blob", String(repeating: "x", count: Int(request.args["n"] ?? "") ?? 0))
            return Response("big")
        case "/nan":
            session["bad"] = Double.nan
            return Response("nan")
        default:
            let count = (session.get("count", as: Int.self) ?? 0) + 1
            try session.set("count", count)
            return Response("\(count)")
        }
    }

    static func client(secrets: [String] = [secret], store: (any SessionStore)? = nil, cookieName: String = "session",
                       maxAge: Int = Session.defaultMaxAge) throws -> Client {
        Client(stack(try sessions(secrets: secrets, store: store, cookieName: cookieName, maxAge: maxAge), app: counter))
    }

    /// A GET of `path` with exactly `cookie` as the Cookie header.
    static func visit(_ client: Client, _ path: String = "/", cookie: String) throws -> Response {
        try client.get(path, headers: try Headers([("Cookie", cookie)]))
    }

    /// The value of the session cookie a response sets.
    static func cookieValue(_ response: Response, name: String = "session") -> String? {
        guard let header = response.headers["Set-Cookie"], header.hasPrefix(name + "=") else { return nil }
        return String(header.dropFirst(name.count + 1).prefix { $0 != ";" })
    }
}

@Suite("Sessions middleware (signed cookies)")
struct SessionsTests {
    typealias F = SessionFixtures

    @Test func countsPerClientAndSetsAttributes() throws {
        let a = try F.client(), b = try F.client()
        #expect(try (1...3).map { _ in try a.get("/").text } == ["1", "2", "3"])
        #expect(try b.get("/").text == "1")
        let response = try a.get("/")
        let cookie = try #require(response.headers["Set-Cookie"])
        #expect(cookie.hasPrefix("session="))
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"))
        #expect(cookie.contains("Max-Age=\(31 * 24 * 3600)"))
        #expect(!cookie.contains("Secure"))
        #expect(response.headers["Vary"] == "Cookie")
    }

    /// A page made from the session's values depends on the cookie even when the session did
    /// not change (no Set-Cookie): it says `Vary: Cookie`, as Flask does; a page that never
    /// looked at the session does not.
    @Test func aResponseThatReadTheSessionVariesByCookie() throws {
        let app = Request.application { request in
            switch request.path {
            case "/set": request.session?["user"] = "ann"; return Response("set")
            case "/who": return Response(request.session?.get("user", as: String.self) ?? "-")
            default: return Response("static", headers: try Headers([("Vary", "Accept-Encoding")]))
            }
        }
        let client = Client(stack(try sessions(secret: F.secret), app: app))
        #expect(try client.get("/set").headers["Vary"] == "Cookie")
        let who = try client.get("/who")
        #expect(try who.text == "ann")
        #expect(who.headers["Set-Cookie"] == nil)
        #expect(who.headers["Vary"] == "Cookie")
        let plain = try client.get("/other")
        #expect(plain.headers["Vary"] == "Accept-Encoding")
    }

    @Test func codableValues() throws {
        let client = try F.client()
        #expect(try client.get("/cart").text == "[1, 2]")
        let session = Session()
        session["point"] = ["x": 1.5, "y": -2]
        try session.set("name", "Zoë \"quoted\" / slash")
        #expect(session.get("point", as: [String: Double].self) == ["x": 1.5, "y": -2])
        #expect(session.get("name", as: String.self) == "Zoë \"quoted\" / slash")
        #expect(session.get("name", as: Int.self) == nil)
        let restored = Session(storage: try #require(Session.storage(fromPayload: session.payload())))
        #expect(restored.get("point", as: [String: Double].self) == ["x": 1.5, "y": -2])
        #expect(restored.keys == ["name", "point"])
        session["point"] = nil as [String: Double]?
        #expect(!session.contains("point"))
    }

    /// The spellings the README and doc comments show compile and mean what they say.
    @Test func documentedSpellings() throws {
        let app = Request.application { request in
            let form: MultiDict<String, String> = MultiDict([("username", "ann")])
            request.session?["user"] = form["username"]
            request.session?["cart"] = [1, 2]
            request.session?["flag"] = true
            let cart = request.session?.get("cart", as: [Int].self)
            let user: String? = request.session?["user"]
            request.session?.regenerate()
            return Response("\(user ?? "-") \(cart ?? []) \(request.session?.get("flag", as: Bool.self) == true)")
        }
        let client = Client(stack(try sessions(secret: F.secret), app: app))
        #expect(try client.get("/").text == "ann [1, 2] true")
    }

    @Test func unencodableValueGivesA500AndALogLine() throws {
        let client = try F.client()
        let response = try client.get("/nan")
        #expect(response.status == .internalServerError)
        #expect(client.errorOutput.contains("'bad'"))
        #expect(throws: SessionError.self) { try Session().set("x", Double.infinity) }
    }

    @Test func unchangedSessionWritesNoCookie() throws {
        let client = try F.client()
        try client.get("/")
        #expect(try client.get("/peek").headers["Set-Cookie"] == nil)
        #expect(try F.client().get("/peek").headers["Set-Cookie"] == nil)
    }

    @Test func clearDeletesTheCookie() throws {
        let client = try F.client()
        try client.get("/")
        let bye = try client.get("/logout")
        #expect(bye.headers["Set-Cookie"]?.contains("Max-Age=0") == true)
        #expect(try client.get("/peek").text == "0")
    }

    @Test func regenerateSignsAnew() throws {
        let client = try F.client()
        let first = try #require(F.cookieValue(try client.get("/")))
        let signedIn = try #require(F.cookieValue(try client.get("/signin")))
        #expect(first != signedIn)
        #expect(try client.get("/peek").text == "1")
    }

    /// Tampered, truncated, extended, garbage, foreign and expired cookies: an empty session.
    @Test func badCookiesStartOver() throws {
        let signer = try SessionSigner(secrets: [F.secret])
        let good = signer.sign(Array(#"{"count":"41"}"#.utf8))
        let client = try F.client()
        #expect(try F.visit(client, cookie: "session=\(good)").text == "42")
        var chars = Array(good)
        for index in [0, chars.count / 2, chars.count - 2] {
            let saved = chars[index]
            chars[index] = saved == "A" ? "Q" : "A"
            #expect(try F.visit(client, cookie: "session=\(String(chars))").text == "1", "tampered at \(index)")
            chars[index] = saved
        }
        #expect(try F.visit(client, cookie: "session=\(good.dropLast(3))").text == "1")
        #expect(try F.visit(client, cookie: "session=\(good.prefix(good.count / 2))").text == "1")
        #expect(try F.visit(client, cookie: "session=\(good)x").text == "1")
        for junk in ["", "garbage", "a.b.c", "....", "%00%ff", "x.1.y", "\"quoted\"", String(repeating: "x", count: 3000),
                     "eyJjb3VudCI6IDEwMH0", "eyJjb3VudCI6IDEwMH0.AAAA", #"{"count": 100}"#] {
            #expect(try F.visit(client, cookie: "session=\(junk)").text == "1", "\(junk.prefix(20))")
        }
        // Signed with another secret; signed right but not JSON of the right shape.
        let foreign = try SessionSigner(secrets: [F.otherSecret]).sign(Array(#"{"count":"9"}"#.utf8))
        #expect(try F.visit(client, cookie: "session=\(foreign)").text == "1")
        #expect(try F.visit(client, cookie: "session=\(signer.sign(Array("[1]".utf8)))").text == "1")
        // Another cookie name's key does not verify this one.
        let otherName = try SessionSigner(secrets: [F.secret], cookieName: "other").sign(Array(#"{"count":"9"}"#.utf8))
        #expect(try F.visit(client, cookie: "session=\(otherName)").text == "1")
    }

    @Test func maxAgeIsCheckedOnEveryLoad() throws {
        let now = SessionSigner.now()
        let signer = try SessionSigner(secrets: [F.secret])
        let payload = Array(#"{"count":"5"}"#.utf8)
        let client = try F.client()
        // Default 31 days: a day-old cookie loads, a 32-day-old one does not, nor one from the future.
        #expect(try F.visit(client, cookie: "session=\(signer.sign(payload, now: now - 86_400))").text == "6")
        #expect(try F.visit(client, cookie: "session=\(signer.sign(payload, now: now - 32 * 86_400))").text == "1")
        #expect(try F.visit(client, cookie: "session=\(signer.sign(payload, now: now + 3600))").text == "1")
        let short = try F.client(maxAge: 60)
        #expect(try F.visit(short, cookie: "session=\(signer.sign(payload, now: now - 30))").text == "6")
        #expect(try F.visit(short, cookie: "session=\(signer.sign(payload, now: now - 120))").text == "1")
        let unit = try SessionSigner(secrets: [F.secret], maxAge: 60)
        #expect(unit.unsign(unit.sign(payload, now: 1000), now: 1060) == payload)
        #expect(unit.unsign(unit.sign(payload, now: 1000), now: 1061) == nil)
    }

    @Test func secretsRotate() throws {
        let old = try F.client(secrets: [F.otherSecret])
        let oldCookie = try #require(F.cookieValue(try old.get("/")))
        let rotated = try F.client(secrets: [F.secret, F.otherSecret])
        let response = try F.visit(rotated, cookie: "session=\(oldCookie)")
        #expect(try response.text == "2")
        // The new cookie is signed with the first secret: the new key alone accepts it.
        let newCookie = try #require(F.cookieValue(response))
        #expect(try F.visit(try F.client(secrets: [F.secret]), cookie: "session=\(newCookie)").text == "3")
        #expect(try F.visit(try F.client(secrets: [F.otherSecret]), cookie: "session=\(newCookie)").text == "1")
    }

    @Test(arguments: [[], [""], ["short"], [String(repeating: "x", count: 31)], [SessionFixtures.secret, "short"]])
    func shortSecretsAreRefused(secrets: [String]) {
        let error = #expect(throws: SessionError.self) { try sessions(secrets: secrets) }
        #expect(error?.message.contains(secrets.isEmpty ? "at least one" : "at least 32 bytes") == true)
    }

    @Test func thirtyTwoByteSecretIsEnough() throws {
        _ = try sessions(secret: String(repeating: "k", count: 32))
    }

    @Test func cookieOver4KiBIsA500() throws {
        let client = try F.client()
        let response = try client.get("/big?n=5000")
        #expect(response.status == .internalServerError)
        #expect(response.headers["Set-Cookie"] == nil)
        #expect(client.errorOutput.contains("over the 4096-byte limit"))
        // Just under the limit is fine.
        #expect(try F.client().get("/big?n=2800").status == .ok)
    }

    @Test func hostPrefixedCookies() throws {
        let client = try F.client(cookieName: "__Host-session")
        let header = try #require(try client.get("/").headers["Set-Cookie"])
        #expect(header.hasPrefix("__Host-session=") && header.contains("Secure") && header.contains("Path=/"))
        #expect(!header.contains("Domain"))
        #expect(throws: SessionError.self) { try sessions(secret: F.secret, cookieName: "__Host-s", path: "/app") }
        #expect(throws: SessionError.self) { try sessions(secret: F.secret, cookieName: "__Host-s", domain: "example.com") }
        #expect(throws: SessionError.self) { try sessions(secret: F.secret, cookieName: "__Host-s", secure: false) }
        #expect(throws: SessionError.self) { try sessions(secret: F.secret, cookieName: "__Secure-s", secure: false) }
        #expect(throws: SessionError.self) { try sessions(secret: F.secret, cookieName: "bad name") }
    }

    @Test func secureOnHTTPSOrWhenSet() throws {
        var builder = EnvironBuilder(path: "/")
        builder.scheme = "https"
        #expect(try F.client().run(builder).headers["Set-Cookie"]?.contains("Secure") == true)
        let always = Client(stack(try sessions(secret: F.secret, secure: true), app: F.counter))
        #expect(try always.get("/").headers["Set-Cookie"]?.contains("Secure") == true)
    }
}
