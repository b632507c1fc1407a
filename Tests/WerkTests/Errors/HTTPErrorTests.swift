import Testing
@testable import Werk
import WerkTesting

private struct SecretFailure: Error, CustomStringConvertible {
    var description: String { "database password is hunter2" }
}

@Suite("HTTPError")
struct HTTPErrorTests {
    @Test(arguments: [
        (HTTPError.badRequest(), 400), (.unauthorized(), 401), (.forbidden(), 403), (.notFound(), 404),
        (.methodNotAllowed(allowed: ["GET"]), 405), (.notAcceptable(), 406), (.requestTimeout(), 408),
        (.conflict(), 409), (.gone(), 410), (.lengthRequired(), 411), (.preconditionFailed(), 412),
        (.contentTooLarge(), 413), (.uriTooLong(), 414), (.unsupportedMediaType(), 415),
        (.rangeNotSatisfiable(), 416), (.expectationFailed(), 417), (.imATeapot(), 418),
        (.unprocessableContent(), 422), (.preconditionRequired(), 428), (.tooManyRequests(), 429),
        (.requestHeaderFieldsTooLarge(), 431), (.unavailableForLegalReasons(), 451),
        (.internalServerError(), 500), (.notImplemented(), 501), (.badGateway(), 502),
        (.serviceUnavailable(), 503), (.gatewayTimeout(), 504), (.httpVersionNotSupported(), 505),
    ])
    func everyStatusRendersAPage(_ error: HTTPError, _ code: Int) throws {
        #expect(error.status.code == code)
        let response = try Client(error).get("/")
        #expect(response.status.code == code)
        #expect(response.contentType == "text/html; charset=utf-8")
        let page = try response.text
        #expect(page.contains("<h1>\(escapeHTML(error.status.reason))</h1>"))
        #expect(page.contains(escapeHTML(error.message)))
    }

    @Test func headersForSpecificStatuses() throws {
        #expect(try Client(HTTPError.methodNotAllowed(allowed: ["GET", "HEAD"])).get("/").headers["Allow"] == "GET, HEAD")
        #expect(try Client(HTTPError.tooManyRequests(retryAfter: 30)).get("/").headers["Retry-After"] == "30")
        #expect(try Client(HTTPError.rangeNotSatisfiable(length: 10)).get("/").headers["Content-Range"] == "bytes */10")
        let challenge = try Client(HTTPError.unauthorized(challenge: .basic(realm: "werk"))).get("/")
        #expect(challenge.headers["WWW-Authenticate"]?.hasPrefix("Basic realm=\"werk\"") == true)
    }

    @Test func detailIsEscaped() throws {
        let page = try Client(HTTPError.badRequest("<script>alert(1)</script>")).get("/").text
        #expect(!page.contains("<script>"))
        #expect(page.contains("&lt;script&gt;"))
    }

    @Test func jsonWhenTheClientPrefersIt() throws {
        let response = try Client(HTTPError.notFound("No such user.")).get("/", headers: try Headers([("Accept", "application/json")]))
        #expect(response.contentType == "application/json")
        struct Payload: Decodable { let code: Int; let name: String; let description: String }
        let payload = try response.json(Payload.self)
        #expect(payload.code == 404 && payload.name == "Not Found" && payload.description == "No such user.")
        let html = try Client(HTTPError.notFound()).get("/", headers: try Headers([("Accept", "text/html,*/*;q=0.8")]))
        #expect(html.contentType == "text/html; charset=utf-8")
    }

    @Test func otherErrorsBecome500WithoutTheirText() throws {
        let app = Request.application { _ in throw SecretFailure() }
        let client = Client(app)
        let response = try client.get("/")
        #expect(response.status == .internalServerError)
        #expect(try !response.text.contains("hunter2"))
        // The error goes to the error stream for the operator.
        #expect(client.errorOutput.contains("hunter2"))
        let debug = try Client(Request.application(debug: true) { _ in throw SecretFailure() }).get("/")
        #expect(try debug.text.contains("hunter2"))
    }

    @Test func thrownHTTPErrorsBecomeTheirResponse() throws {
        let app = Request.application { request in
            guard let id = request.args.get("id", as: Int.self) else { throw HTTPError.badRequest("id must be a number") }
            return Response("item \(id)")
        }
        let client = Client(app)
        #expect(try client.get("/?id=4").text == "item 4")
        let bad = try client.get("/?id=x")
        #expect(bad.status == .badRequest)
        #expect(try bad.text.contains("id must be a number"))
    }

    @Test func anErrorKnowsWhereItWasMade() throws {
        let line = #line + 1
        let error = HTTPError.notFound("No such user.")
        #expect(error.location == CodeLocation(fileID: #fileID, line: line))
        #expect((error as any LocatedError).location.line == line)
        let form: MultiDict<String, String> = MultiDict()
        let requireLine = #line + 1
        do { _ = try form.require("username"); Issue.record("require did not throw") } catch {
            #expect(error.location.line == requireLine && error.status == .badRequest)
        }
        // Shown only in debug mode.
        #expect(try !Client(error).get("/").text.contains("HTTPErrorTests.swift"))
        let debugPage = try Client(Request.application { request in error.response(for: request, debug: true) }).get("/").text
        #expect(debugPage.contains("Raised at \(#fileID):\(line)."))
    }
}
