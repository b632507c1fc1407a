import Testing
import Werk
import WerkTesting
@testable import DispatchApp

@Suite("Examples/Dispatch")
struct DispatchTests {
    let client = Client(dispatchApp)

    func call(_ method: String, _ path: String) throws -> Response {
        try client.open(EnvironBuilder(method: method, path: path))
    }

    @Test(arguments: ["GET", "POST", "HEAD"])
    func homeAnswersGetPostAndHead(method: String) throws {
        let response = try call(method, "/")
        #expect(response.status == .ok)
        #expect(response.contentType == "text/html; charset=utf-8")
        #expect(try response.text == (method == "HEAD" ? "" : "<h1>Home</h1>"))
    }

    @Test func signinFormHasBothFields() throws {
        let page = try client.get("/signin").text
        #expect(page.contains("<form action=\"/signin\" method=\"post\">"))
        #expect(page.contains("name=\"username\""))
        #expect(page.contains("name=\"password\" type=\"password\""))
    }

    @Test(arguments: [
        ("admin", "password", "<h3>Hello, admin!</h3>"),
        ("admin", "wrong", "<h3>Bad username or password.</h3>"),
        ("<b>x</b>", "password", "<h3>Bad username or password.</h3>"),
    ])
    func signinChecksTheCredentials(username: String, password: String, page: String) throws {
        let form = [("username", username), ("password", password)]
        let response = try client.post("/signin", form: form)
        #expect(response.status == .ok)
        #expect(try response.text == page)
    }

    @Test func aMissingFieldIsABadRequest() throws {
        #expect(try client.post("/signin", form: [("username", "admin")]).status == .badRequest)
    }

    @Test(arguments: [("DELETE", "/"), ("PUT", "/signin"), ("get", "/")])
    func otherMethodsGet405WithAllow(method: String, path: String) throws {
        let response = try call(method, path)
        #expect(response.status == .methodNotAllowed)
        #expect(response.headers["Allow"] == "GET, HEAD, POST")
    }

    @Test func unknownPathsGet404() throws {
        #expect(try client.get("/nowhere").status == .notFound)
        #expect(try client.get("/signin/").status == .notFound)
    }
}
