import Foundation
import Testing
import Werk
import WerkTesting
import WerkTemplates
@testable import Signin

@Suite("Examples/Signin, in process")
struct SigninTests {
    static let templatesFolder: String = {
        let source = #filePath
        let tests = source[..<source.lastIndex(of: "/")!]
        return String(tests) + "/../../Examples/Signin/templates"
    }()

    func makeClient() throws -> Client {
        Client(try Signin.makeApp(templates: Templates(folder: Self.templatesFolder),
                                  secret: "0123456789abcdef0123456789abcdef-signin-test"))
    }

    /// The CSRF token in a page's hidden field.
    func token(in page: String) throws -> String {
        let marker = "name=\"csrf_token\" value=\""
        let start = try #require(page.range(of: marker)).upperBound
        return String(page[start...].prefix { $0 != "\"" })
    }

    func postSignin(_ client: Client, _ username: String, _ password: String, token: String) throws -> Response {
        try client.post("/signin", form: [("username", username), ("password", password), ("csrf_token", token)])
    }

    @Test func signsInWithTheRightPasswordAndRemembersTheUser() throws {
        let client = try makeClient()
        let home = try client.get("/").text
        #expect(home.contains("<a href=\"/signin\">Sign in</a>"))
        let token = try token(in: try client.get("/signin").text)
        #expect(token.count == 64)
        let welcome = try postSignin(client, "admin", "password", token: token)
        #expect(welcome.status == .ok)
        #expect(welcome.contentType == "text/html; charset=utf-8")
        #expect(try welcome.text.contains("<p>Welcome, admin!</p>"))
        #expect(try welcome.text.contains("<title>Welcome</title>"))
        // The session remembers the user on other pages, GET and POST alike. Signing in gave
        // the session a new CSRF token: the one from before is refused.
        let home2 = try client.get("/").text
        #expect(home2.contains("Signed in as admin."))
        let fresh = try self.token(in: home2)
        #expect(fresh.count == 64 && fresh != token)
        #expect(try client.post("/", form: [("csrf_token", token)]).status == .forbidden)
        let postHome = try client.post("/", form: [("csrf_token", fresh)])
        #expect(try postHome.text.contains("Signed in as admin."))
        // Signing out forgets the user.
        let out = try client.post("/signout", form: [("csrf_token", fresh)], followRedirects: true)
        #expect(try out.text.contains("Sign in"))
        #expect(!(try client.get("/").text.contains("Signed in")))
    }

    @Test(arguments: [("admin", "wrong"), ("nobody", "password"), ("", "")])
    func aBadPasswordShowsTheFormAgain(username: String, password: String) throws {
        let client = try makeClient()
        let token = try token(in: try client.get("/signin").text)
        let page = try postSignin(client, username, password, token: token).text
        #expect(page.contains("<p style=\"color:red\">Bad username or password</p>"))
        #expect(page.contains("<input name=\"username\" placeholder=\"Username\" type=\"text\" value=\"\(username)\">"))
        #expect(!(try client.get("/").text.contains("Signed in")))
    }

    @Test func theTypedUsernameIsEscaped() throws {
        let client = try makeClient()
        let token = try token(in: try client.get("/signin").text)
        let page = try postSignin(client, "<b>x</b>\"'&", "nope", token: token).text
        #expect(page.contains("value=\"&lt;b&gt;x&lt;/b&gt;&#34;&#39;&amp;\""))
        #expect(!page.contains("<b>x</b>"))
    }

    @Test func aPostWithoutTheTokenIsForbidden() throws {
        let client = try makeClient()
        _ = try client.get("/signin")
        let response = try client.post("/signin", form: [("username", "admin"), ("password", "password")])
        #expect(response.status == .forbidden)
        let forged = try client.post("/signin", form: [("username", "admin"), ("password", "password"),
                                                       ("csrf_token", String(repeating: "0", count: 64))])
        #expect(forged.status == .forbidden)
        #expect(!(try client.get("/").text.contains("Signed in")))
    }

    @Test func aMissingFieldIsABadRequestNamingIt() throws {
        let client = try makeClient()
        let token = try token(in: try client.get("/signin").text)
        let response = try client.post("/signin", form: [("username", "admin"), ("csrf_token", token)])
        #expect(response.status == .badRequest)
        #expect(try response.text.contains("password"))
    }

    @Test func signingInGivesTheSessionANewIdentity() throws {
        let client = try makeClient()
        let form = try client.get("/signin")
        let before = try #require(form.headers["Set-Cookie"])
        let after = try #require(try postSignin(client, "admin", "password", token: token(in: form.text)).headers["Set-Cookie"])
        #expect(before != after)
    }
}
