import Testing
import Werk
import WerkTesting
import WerkMiddleware

@Suite("csrfProtect middleware")
struct CSRFProtectTests {
    /// GET /form shows a form with the token; POST /form echoes the `name` field (read after
    /// the middleware read the form); /api/... and /hook are exempt.
    static let app = Request.application { request in
        switch (request.method, request.path) {
        case ("GET", "/form"):
            return Response("<form method=\"post\">\(try csrfField(request))<input name=\"name\"></form>",
                            contentType: "text/html; charset=utf-8")
        case ("GET", "/token"):
            return Response(try csrfToken(request))
        default:
            let name = try request.form["name"] ?? "-"
            let files = try request.files.keys.sorted().joined(separator: ",")
            return Response("ok \(request.method) \(name) \(files)")
        }
    }

    static func client(exempt: [String] = ["/api"], isExempt: (@Sendable (Request) -> Bool)? = nil) throws -> Client {
        Client(stack(try sessions(secret: SessionFixtures.secret), csrfProtect(exempt: exempt, isExempt: isExempt), app: app))
    }

    /// The token shown by GET /token, with the session cookie kept by the client.
    static func token(_ client: Client) throws -> String { try client.get("/token").text }

    @Test func tokenIsStablePerSessionAndRandomAcrossSessions() throws {
        let a = try Self.client(), b = try Self.client()
        let first = try Self.token(a)
        #expect(first.count == 64 && first.allSatisfy(\.isHexDigit))
        #expect(try Self.token(a) == first)
        #expect(try Self.token(b) != first)
        #expect(try a.get("/form").text.contains("<input type=\"hidden\" name=\"csrf_token\" value=\"\(first)\">"))
    }

    @Test(arguments: ["POST", "PUT", "PATCH", "DELETE"])
    func unsafeMethodsWithoutTokenAre403(method: String) throws {
        let client = try Self.client()
        _ = try Self.token(client)
        var builder = EnvironBuilder(method: method, path: "/form")
        builder.form = [("name", "ann")]
        let response = try client.run(builder)
        #expect(response.status == .forbidden)
        #expect(try response.text.contains("has no CSRF token"))
    }

    @Test func formFieldTokenPassesAndTheAppStillReadsTheForm() throws {
        let client = try Self.client()
        let token = try Self.token(client)
        let response = try client.post("/form", form: [("name", "ann"), ("csrf_token", token)])
        #expect(response.status == .ok)
        #expect(try response.text == "ok POST ann ")
        let multipart = try client.post("/form", form: [("csrf_token", token), ("name", "bob")],
                                        files: [FileUpload(field: "upload", filename: "a.txt", data: Array("hi".utf8))])
        #expect(try multipart.text == "ok POST bob upload")
    }

    @Test func headerTokenPasses() throws {
        let client = try Self.client()
        let token = try Self.token(client)
        let json = try client.post("/form", json: ["a": 1], headers: try Headers([("X-CSRF-Token", token)]))
        #expect(json.status == .ok)
        let delete = try client.delete("/form", headers: try Headers([("X-CSRF-Token", token)]))
        #expect(delete.status == .ok)
    }

    @Test func wrongOrForeignTokensAre403() throws {
        let client = try Self.client(), other = try Self.client()
        let token = try Self.token(client)
        let foreign = try Self.token(other)
        for sent in [foreign, String(token.dropLast()), token + "0", token.uppercased(), "", "x"] {
            let response = try client.post("/form", form: [("csrf_token", sent)])
            #expect(response.status == .forbidden, "\(sent)")
        }
        let mismatch = try client.post("/form", form: [("csrf_token", foreign)])
        #expect(try mismatch.text.contains("does not match"))
        let header = try client.post("/form", form: [("csrf_token", token)], headers: try Headers([("X-CSRF-Token", foreign)]))
        #expect(header.status == .forbidden)   // the header wins over the field
    }

    @Test func sessionWithoutTokenIs403() throws {
        let client = try Self.client()
        let response = try client.post("/form", form: [("csrf_token", String(repeating: "a", count: 64))])
        #expect(response.status == .forbidden)
        #expect(try response.text.contains("session has no CSRF token"))
    }

    @Test func safeMethodsPass() throws {
        let client = try Self.client()
        #expect(try client.get("/other").status == .ok)
        #expect(try client.head("/other").status == .ok)
        #expect(try client.run(EnvironBuilder(method: "OPTIONS", path: "/other")).status == .ok)
    }

    @Test func exemptions() throws {
        let client = try Self.client(exempt: ["/api", "/hooks/"], isExempt: { $0.headers["X-Signed"] == "yes" })
        #expect(try client.post("/api", form: [("name", "a")]).status == .ok)
        #expect(try client.post("/api/items", form: [("name", "a")]).status == .ok)
        #expect(try client.post("/hooks/github", json: ["a": 1]).status == .ok)
        #expect(try client.post("/apiary", form: [("name", "a")]).status == .forbidden)
        #expect(try client.post("/hooks", form: [("name", "a")]).status == .ok)
        #expect(try client.post("/x", form: [("name", "a")], headers: try Headers([("X-Signed", "yes")])).status == .ok)
    }

    @Test func withoutSessionsItIsA500ThatSaysWhy() throws {
        let client = Client(stack(csrfProtect(), app: Self.app))
        let response = try client.post("/form", form: [("name", "a")])
        #expect(response.status == .internalServerError)
        #expect(client.errorOutput.contains("put the sessions(secret:) middleware in front"))
        let bare = Client(Self.app)
        #expect(try bare.get("/token").status == .internalServerError)
    }

    @Test func oversizedFormIs413() throws {
        let client = Client(stack(try sessions(secret: SessionFixtures.secret),
                                  csrfProtect(limits: FormLimits(maxContentLength: 100)), app: Self.app))
        let response = try client.post("/form", form: [("name", String(repeating: "x", count: 500))])
        #expect(response.status == .contentTooLarge)
    }

    /// Every method but the safe ones is checked, spelled exactly: `post` is not `POST`
    /// (RFC 9110 s9.1) and must not slip past as an unknown method.
    @Test(arguments: ["post", "Post", "PROPFIND", "FOO", "MKCOL"])
    func unknownMethodsAreCheckedToo(method: String) throws {
        let client = try Self.client()
        let token = try Self.token(client)
        var builder = EnvironBuilder(method: method, path: "/form")
        builder.form = [("name", "ann")]
        #expect(try client.run(builder).status == .forbidden)
        builder.form = [("name", "ann"), ("csrf_token", token)]
        #expect(try client.run(builder).status == .ok)
        #expect(try client.run(EnvironBuilder(method: "TRACE", path: "/form")).status == .ok)
    }

    @Test func anExplicitMethodListIsWhatIsChecked() throws {
        let client = Client(stack(try sessions(secret: SessionFixtures.secret), csrfProtect(methods: ["POST"]), app: Self.app))
        _ = try Self.token(client)
        #expect(try client.post("/form", form: [("name", "a")]).status == .forbidden)
        #expect(try client.put("/form", form: [("name", "a")]).status == .ok)
    }

    @Test func anEmptyExemptPrefixExemptsNothing() throws {
        let client = try Self.client(exempt: ["", "/api"])
        #expect(try client.post("/form", form: [("name", "a")]).status == .forbidden)
        #expect(try client.post("/api/x", form: [("name", "a")]).status == .ok)
    }

    /// A right token from another site's page is refused: `Origin`, when sent, must be this
    /// site's (or a trusted one); `null` (sandboxed frames, privacy redirects) is not.
    @Test func theOriginMustBeTheSitesOwn() throws {
        let client = Client(stack(try sessions(secret: SessionFixtures.secret),
                                  csrfProtect(trustedOrigins: ["https://app.example.com"]), app: Self.app))
        let token = try Self.token(client)
        func post(origin: String) throws -> Response {
            try client.post("/form", form: [("csrf_token", token)], headers: try Headers([("Origin", origin)]))
        }
        for own in ["http://localhost", "HTTP://LOCALHOST", "http://localhost:80", "https://app.example.com", "https://app.example.com:443"] {
            #expect(try post(origin: own).status == .ok, "\(own)")
        }
        for foreign in ["https://evil.example", "null", "http://localhost.evil.example", "http://localhost:8080",
                        "https://localhost", "http://evil@localhost", "", "localhost"] {
            let response = try post(origin: foreign)
            #expect(response.status == .forbidden, "\(foreign)")
            #expect(try response.text.contains("another site") || response.text.contains("Origin"), "\(foreign)")
        }
    }

    /// Over HTTPS a request without `Origin` must name one of the site's pages in `Referer`.
    @Test func overHTTPSTheRefererIsCheckedWhenThereIsNoOrigin() throws {
        let client = try Self.client()
        var page = EnvironBuilder(method: "GET", path: "/token")
        page.scheme = "https"
        let token = try client.run(page).text
        func post(_ headers: [(String, String)]) throws -> Response {
            var builder = EnvironBuilder(method: "POST", path: "/form", headers: try Headers(headers))
            builder.scheme = "https"
            builder.form = [("csrf_token", token)]
            return try client.run(builder)
        }
        #expect(try post([("Referer", "https://localhost/form")]).status == .ok)
        #expect(try post([("Origin", "https://localhost")]).status == .ok)
        let none = try post([])
        #expect(none.status == .forbidden)
        #expect(try none.text.contains("neither an Origin nor a Referer"))
        #expect(try post([("Referer", "http://localhost/form")]).status == .forbidden)
        #expect(try post([("Referer", "https://evil.example/localhost")]).status == .forbidden)
        // Over plain HTTP a missing Referer is no reason (many clients leave it out).
        #expect(try client.post("/form", form: [("csrf_token", try Self.token(client))]).status == .ok)
    }

    /// A token planted before sign-in (a cookie set by a sibling subdomain, say) is worthless
    /// after `regenerate()`, as the session id is.
    @Test func regenerateGivesANewToken() throws {
        let app = Request.application { request in
            if request.path == "/signin" { request.session?.regenerate() }
            return Response(try csrfToken(request))
        }
        let client = Client(stack(try sessions(secret: SessionFixtures.secret), app: app))
        let before = try client.get("/").text
        #expect(try client.get("/").text == before)
        let after = try client.get("/signin").text
        #expect(after != before && after.count == 64)
        #expect(try client.get("/").text == after)
    }
}
