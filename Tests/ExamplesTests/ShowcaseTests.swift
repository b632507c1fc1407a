import Testing
import Werk
import WerkTesting
import WerkMiddleware
@testable import Showcase

@Suite("Examples/Showcase, in process, under lint")
struct ShowcaseTests {
    static func client() throws -> Client {
        Client(stack(lint(report: { Issue.record("\($0)") }), try sessions(secret: String(repeating: "test", count: 8)), app: try Showcase.makeApp()))
    }

    @Test func pages() throws {
        let client = try Self.client()
        #expect(try client.get("/").text.contains("<h1>Home</h1>"))
        #expect(try client.get("/signin").text.contains("<form method=\"post\" action=\"/signin\">"))
        #expect(try client.post("/signin", form: [("username", "admin"), ("password", "password")]).text.contains("Welcome, admin"))
        let refused = try client.post("/signin", form: [("username", "<b>eve</b>"), ("password", "x")]).text
        #expect(refused.contains("Bad username or password") && refused.contains("&lt;b&gt;eve&lt;/b&gt;"))
        #expect(try client.get("/docs/").status == .ok)
        let redirect = try client.get("/docs?x=1")
        #expect(redirect.status == .permanentRedirect && redirect.location == "/docs/?x=1")
    }

    @Test func usersAndErrors() throws {
        let client = try Self.client()
        #expect(try client.get("/users/42").text == #"{"id":42}"#)
        #expect(try client.get("/users/abc").status == .notFound)
        let wrongMethod = try client.post("/users/1", body: [])
        #expect(wrongMethod.status == .methodNotAllowed)
        #expect(wrongMethod.allow.contains("GET") && wrongMethod.allow.contains("HEAD"))
        let failure = try client.get("/error")
        #expect(failure.status == .internalServerError)
        #expect(try !failure.text.contains("reference-app-intentional-failure"))
    }

    @Test func echoStreamAndSession() throws {
        let client = try Self.client()
        struct Echo: Decodable { let method: String; let query: [String: [String]]; let body_length: Int; let form: [String: [String]] }
        let echo = try client.post("/echo?a=1&a=2", form: [("f", "v")]).json(Echo.self)
        #expect(echo.method == "POST" && echo.query["a"] == ["1", "2"] && echo.form["f"] == ["v"] && echo.body_length == 3)
        #expect(try client.get("/stream?chunks=3&size=4").text == String(repeating: "x", count: 12))
        #expect(try client.get("/stream?chunks=x").status == .badRequest)
        #expect(try (1...3).map { _ in try client.get("/session").text } == [#"{"count":1}"#, #"{"count":2}"#, #"{"count":3}"#])
    }

    /// Each file in `/echo` lists every key of the contract, `content_type` null when the part
    /// had no Content-Type (as Werkzeug's `FileStorage.content_type` is None).
    @Test func echoListsEveryKeyOfAFile() throws {
        let client = try Self.client()
        let body = Array("--B\r\nContent-Disposition: form-data; name=\"up\"; filename=\"a.txt\"\r\n\r\nhi\r\n--B--\r\n".utf8)
        let response = try client.post("/echo", body: body, contentType: "multipart/form-data; boundary=B")
        let text = try response.text
        #expect(text.contains(#""content_type":null"#), "\(text)")
        #expect(text.contains(#""filename":"a.txt""#) && text.contains(#""length":2"#))
    }
}
