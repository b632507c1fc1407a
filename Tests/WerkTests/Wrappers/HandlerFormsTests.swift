import Testing
@testable import Werk
import WerkTesting

/// The short forms a handler author writes: `Response(html:)`, `require`, `jsonValue`.
@Suite("Handler forms")
struct HandlerFormsTests {
    @Test func htmlResponseHasTheHTMLTypeAndTheStatusGiven() throws {
        let router = {
            var router = Router()
            router.get("/") { _ in Response(html: "<h1>Home</h1>") }
            router.get("/gone") { _ in Response(html: "<p>gone</p>", status: .gone, headers: ["X-Why": "moved"]) }
            router.get("/typed") { _ in Response(html: "<p>x</p>", headers: ["Content-Type": "text/plain"]) }
            return router
        }()
        let client = Client(router)
        let home = try client.get("/")
        #expect(home.status == .ok)
        #expect(home.contentType == "text/html; charset=utf-8")
        #expect(try home.text == "<h1>Home</h1>")
        #expect(home.headers["Content-Length"] == "13")
        let gone = try client.get("/gone")
        #expect(gone.status == .gone && gone.headers["X-Why"] == "moved")
        #expect(gone.contentType == Response.htmlContentType)
        // `html:` is the content type: a Content-Type among the headers does not override it.
        #expect(try client.get("/typed").contentType == "text/html; charset=utf-8")
    }

    static let signin = {
        var router = Router()
        router.post("/signin") { request in
            let user = try request.form.require("username")
            let next = try request.args.require("next")
            return Response("\(user) -> \(next)")
        }
        router.post("/api") { request in
            let body = try request.jsonValue
            let name = try body.require("name")
            return Response("name=\(name.stringValue ?? "?")")
        }
        return router
    }()

    @Test func requiredFieldsPresent() throws {
        let client = Client(Self.signin)
        #expect(try client.post("/signin?next=/home", form: [("username", "ada")]).text == "ada -> /home")
        #expect(try client.post("/api", json: ["name": "ada"]).text == "name=ada")
    }

    @Test(arguments: [
        ("/signin?next=/", [("user", "ada")], "username"),
        ("/signin", [("username", "ada")], "next"),
        ("/signin", [], "username"),
    ])
    func missingFieldIs400NamingIt(_ target: String, _ form: [(String, String)], _ missing: String) throws {
        let response = try Client(Self.signin).post(target, form: form)
        #expect(response.status == .badRequest)
        #expect(try response.text.contains("The request has no &#39;\(missing)&#39; field."))
        // A client that asks for JSON gets the same sentence in JSON.
        let json = try Client(Self.signin).post(target, form: form, headers: ["Accept": "application/json"])
        #expect(json.status == .badRequest)
        #expect(try json.json(JSONValue.self)["description"] == .string("The request has no '\(missing)' field."))
    }

    @Test func missingJSONMemberIs400AndNonObjectsToo() throws {
        let client = Client(Self.signin)
        for body in [#"{"other": 1}"#, "[1, 2]", "\"name\"", "null"] {
            let response = try client.post("/api", body: Array(body.utf8), contentType: "application/json")
            #expect(response.status == .badRequest, "\(body)")
            #expect(try response.text.contains("&#39;name&#39;"), "\(body)")
        }
        #expect(try client.post("/api", body: Array("{".utf8), contentType: "application/json").status == .badRequest)
        #expect(try client.post("/api", form: [("name", "x")]).status == .unsupportedMediaType)
    }

    @Test func requireThrowsTheTypedError() throws {
        let args: MultiDict<String, String> = ["a": "1", "b": "2"]
        #expect(try args.require("b") == "2")
        let error = try #require(throws: HTTPError.self) { try args.require("c") }
        #expect(error.status == .badRequest && error.message.contains("'c'"))
    }
}

@Suite("JSONValue")
struct JSONValueTests {
    static func parse(_ text: String) throws -> JSONValue {
        var builder = EnvironBuilder(method: "POST", path: "/")
        builder.body = Array(text.utf8)
        builder.contentType = "application/json"
        return try Request(builder.makeEnviron()).jsonValue
    }

    @Test func parsesEveryKind() throws {
        let value = try Self.parse(#"{"s": "x\u00e9", "i": 42, "big": 9007199254740993, "d": 1.5, "e": 1e3, "t": true, "n": null, "a": [1, "two", [3]], "o": {"k": false}}"#)
        #expect(value["s"] == .string("xé"))
        #expect(value["i"] == .int(42) && value["i"]?.intValue == 42 && value["i"]?.doubleValue == 42)
        // Integers stay exact past 2^53.
        #expect(value["big"]?.intValue == 9_007_199_254_740_993)
        #expect(value["d"] == .double(1.5) && value["d"]?.intValue == nil)
        #expect(value["e"]?.doubleValue == 1000)
        #expect(value["t"]?.boolValue == true && value["n"]?.isNull == true)
        #expect(value["a"]?[1] == "two" && value["a"]?[2]?[0] == 3 && value["a"]?[3] == nil)
        #expect(value["o"]?["k"] == false)
        #expect(value["missing"] == nil && value["s"]?["x"] == nil && value[0] == nil)
        #expect(value["a"]?.arrayValue?.count == 3 && value.objectValue?.count == 9)
    }

    @Test func parsedOnceAndSharedByEveryRequestOverTheEnviron() throws {
        var builder = EnvironBuilder(method: "POST", path: "/")
        builder.json = ["a": 1]
        let environ = try builder.makeEnviron()
        let first = Request(environ), second = Request(environ)
        #expect(try first.jsonValue == ["a": 1])
        // The body was read once; the second request finds the parsed value in the environ.
        #expect(environ.cache[.jsonValue] == ["a": 1])
        #expect(try second.jsonValue["a"] == 1)
    }

    @Test(arguments: ["{", "[1 2]", "nul", "{\"a\" 1}", "\"unterminated", ""])
    func malformedIs400(_ text: String) throws {
        let error = try #require(throws: HTTPError.self) { try Self.parse(text) }
        #expect(error.status == .badRequest)
    }

    @Test func deeplyNestedBodyIsAnErrorNotACrash() throws {
        let text = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = try #require(throws: HTTPError.self) { try Self.parse(text) }
        #expect(error.status == .badRequest)
    }

    @Test func notJSONIs415() throws {
        var builder = EnvironBuilder(method: "POST", path: "/")
        builder.form = [("a", "1")]
        let error = try #require(throws: HTTPError.self) { try Request(builder.makeEnviron()).jsonValue }
        #expect(error.status == .unsupportedMediaType)
    }

    @Test func literalsAndRoundTrip() throws {
        let value: JSONValue = ["name": "ada", "tags": ["x", 1, 2.5, true, nil], "nested": ["k": [:]]]
        let response = try Response.json(value)
        #expect(try response.text == #"{"name":"ada","nested":{"k":{}},"tags":["x",1,2.5,true,null]}"#)
        #expect(try response.json(JSONValue.self) == value)
    }
}
