import Testing
import Werk
import WerkTesting
import WerkMiddleware

@Suite("requestID middleware")
struct RequestIDTests {
    static let app = Request.application { request in Response(request.requestID ?? "none") }

    @Test func aNewIdWhenNoneCame() throws {
        let client = Client(stack(requestID(), app: Self.app))
        let first = try client.get("/"), second = try client.get("/")
        let id = try first.text
        #expect(id.count == 32 && id.allSatisfy(\.isHexDigit))
        #expect(first.headers["X-Request-Id"] == id)
        #expect(try second.text != id)
    }

    @Test(arguments: ["abc-123", "4f1c9a7e-2b3d-4c5e-8f90-0123456789ab", "a:b/c+d=e@f_g.h", String(repeating: "x", count: 200)])
    func aValidIncomingIdIsKept(_ id: String) throws {
        let response = try Client(stack(requestID(), app: Self.app)).get("/", headers: ["X-Request-Id": id])
        #expect(try response.text == id)
        #expect(response.headers["X-Request-Id"] == id)
    }

    @Test(arguments: ["", "has space", "quote\"d", "semi;colon", "tab\tid", String(repeating: "x", count: 201), "\u{e9}t\u{e9}"])
    func anInvalidIncomingIdIsReplaced(_ id: String) throws {
        let response = try Client(stack(requestID(generate: { "fresh" }), app: Self.app)).get("/", headers: ["X-Request-Id": id])
        #expect(try response.text == "fresh")
        #expect(response.headers["X-Request-Id"] == "fresh")
    }

    @Test func untrustedIncomingIdsAreNeverUsedAndOtherHeaderNamesWork() throws {
        let client = Client(stack(requestID(header: "X-Trace", trustIncoming: false, generate: { "ours" }), app: Self.app))
        let response = try client.get("/", headers: ["X-Trace": "theirs"])
        #expect(try response.text == "ours")
        #expect(response.headers["X-Trace"] == "ours" && !response.headers.contains("X-Request-Id"))
    }

    @Test func theAppsOwnHeaderIsReplacedByTheId() throws {
        let app = Request.application { _ in Response("x", headers: ["X-Request-Id": "app-made"]) }
        let response = try Client(stack(requestID(generate: { "mw" }), app: app)).get("/")
        #expect(response.headers.values(for: "X-Request-Id") == ["mw"])
    }
}
