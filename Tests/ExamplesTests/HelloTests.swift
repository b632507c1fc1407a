import Testing
import Werk
import WerkTesting
@testable import Hello

@Suite("Examples/Hello")
struct HelloTests {
    @Test func servesTheSeedPage() throws {
        let response = try Client(helloApp).get("/")
        #expect(response.status == .ok)
        #expect(response.contentType == "text/html; charset=utf-8")
        #expect(try response.text == "<h1>Hello, web!</h1>")
    }

    @Test func headSendsNoBody() throws {
        let response = try Client(helloApp).head("/")
        #expect(response.status == .ok)
        #expect(try response.data.isEmpty)
    }
}
