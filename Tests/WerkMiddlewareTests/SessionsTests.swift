import Testing
import Werk
import WerkMiddleware

@Suite("Sessions middleware")
struct SessionsTests {
    static let counter = Request.application { request in
        let session = try #require(request.session)
        if request.path == "/logout" {
            session.clear()
            return Response("bye")
        }
        if request.path == "/peek" { return Response("\(session.get("count", as: Int.self) ?? 0)") }
        let count = (session.get("count", as: Int.self) ?? 0) + 1
        session.set("count", count)
        return Response("\(count)")
    }

    static func client(secret: String = "s3cret", maxAge: Int? = nil) -> Client {
        Client(stack(sessions(secret: secret, maxAge: maxAge), app: counter))
    }

    @Test func countsPerClientAndSetsAttributes() throws {
        let a = Self.client(), b = Self.client()
        #expect(try (1...3).map { _ in try a.get("/").text } == ["1", "2", "3"])
        #expect(try b.get("/").text == "1")
        let response = try a.get("/")
        let cookie = try #require(response.headers["Set-Cookie"])
        #expect(cookie.hasPrefix("session="))
        #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"))
        #expect(!cookie.contains("Secure"))
        #expect(response.headers["Vary"] == "Cookie")
    }

    @Test func unchangedSessionWritesNoCookie() throws {
        let client = Self.client()
        try client.get("/")
        #expect(try client.get("/peek").headers["Set-Cookie"] == nil)
    }

    @Test func clearDeletesTheCookie() throws {
        let client = Self.client()
        try client.get("/")
        let bye = try client.get("/logout")
        #expect(bye.headers["Set-Cookie"]?.contains("Max-Age=0") == true)
        #expect(try client.get("/peek").text == "0")
    }

    @Test func tamperedForeignOrExpiredCookiesStartOver() throws {
        let signer = SessionSigner(secret: "s3cret")
        let good = signer.sign(["count": "41"])
        #expect(signer.verify(good) == ["count": "41"])
        let client = Self.client()
        func visit(_ value: String) throws -> String {
            try client.get("/", headers: try Headers([("Cookie", "session=\(value)")])).text
        }
        #expect(try visit(good) == "42")
        var chars = Array(good)
        chars[3] = chars[3] == "A" ? "B" : "A"
        #expect(try visit(String(chars)) == "1")
        #expect(try visit(String(good.dropLast(3))) == "1")
        #expect(try visit(good + "x") == "1")
        for junk in ["", "garbage", "a.b.c", "....", "%00%ff", "x.1.y", String(repeating: "x", count: 3000)] {
            #expect(try visit(junk) == "1", "\(junk)")
        }
        // Signed with another secret.
        #expect(try visit(SessionSigner(secret: "other").sign(["count": "9"])) == "1")
        // Expired.
        let old = SessionSigner(secret: "s3cret", maxAge: 60)
        #expect(old.verify(old.sign(["a": "b"], now: 1000), now: 1100) == nil)
        #expect(old.verify(old.sign(["a": "b"], now: 1000), now: 1030) == ["a": "b"])
    }

    @Test func secureOnHTTPS() throws {
        var builder = EnvironBuilder(path: "/")
        builder.scheme = "https"
        let response = try Self.client().run(builder)
        #expect(response.headers["Set-Cookie"]?.contains("Secure") == true)
    }
}
