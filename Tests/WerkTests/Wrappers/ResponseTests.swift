#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import Werk
import WerkTesting

@Suite("Response")
struct ResponseTests {
    /// Serves `response` through the gateway, as a server would.
    static func serve(_ response: Response, method: String = "GET") throws -> (ResponseHead, [UInt8]) {
        var environ = try EnvironBuilder(method: method).makeEnviron()
        let head = ResponseHead()
        let body = try response(&environ, head.startResponse)
        defer { body.close() }
        return (head, try body.collect())
    }

    @Test func textDefaultsToPlainUTF8WithLength() throws {
        let (head, body) = try Self.serve(Response("héllo"))
        #expect(head.status == .ok)
        #expect(head.headers["Content-Type"] == "text/plain; charset=utf-8")
        #expect(head.headers["Content-Length"] == "6")
        #expect(body == Array("héllo".utf8))
    }

    @Test func explicitTypeStatusAndHeaders() throws {
        let response = Response("<p>x</p>", status: .created, headers: try Headers([("X-A", "1")]), contentType: "text/html; charset=utf-8")
        #expect(response.status.code == 201)
        #expect(response.mimetype == "text/html")
        #expect(response.headers["X-A"] == "1")
        var typed = Response(bytes: [1, 2])
        typed.mimetype = "text/csv"
        #expect(typed.contentType == "text/csv; charset=utf-8")
        typed.mimetype = "image/png"
        #expect(typed.contentType == "image/png")
    }

    @Test func jsonResponse() throws {
        struct Item: Codable, Equatable { let id: Int; let name: String }
        let response = try Response.json(Item(id: 7, name: "a/b"), status: .created)
        #expect(response.contentType == "application/json")
        #expect(try response.text == #"{"id":7,"name":"a/b"}"#)
        #expect(try response.json(Item.self) == Item(id: 7, name: "a/b"))
    }

    @Test func redirect() throws {
        let response = Response.redirect(to: "/caf\u{e9}?q=a b", status: .seeOther)
        #expect(response.status == .seeOther)
        #expect(response.location == "/caf%C3%A9?q=a%20b")
        #expect(try response.text.contains("href=\"/caf%C3%A9?q=a%20b\""))
    }

    @Test func bodylessStatusesSendNoBody() throws {
        let (head, body) = try Self.serve(Response("ignored", status: .noContent))
        #expect(body.isEmpty)
        #expect(head.headers["Content-Length"] == nil)
    }

    @Test func streamHasNoLength() throws {
        let response = Response.stream { writer in
            for i in 0..<3 { try writer.write("line \(i)\n") }
        }
        let (head, body) = try Self.serve(response)
        #expect(head.headers["Content-Length"] == nil)
        #expect(String(decoding: body, as: UTF8.self) == "line 0\nline 1\nline 2\n")
    }

    @Test func setAndDeleteCookies() throws {
        var response = Response()
        try response.setCookie("session", "abc 123", maxAge: 60, path: "/", domain: "example.com", secure: true,
                               httpOnly: true, sameSite: .lax)
        try response.setCookie("p", "1", partitioned: true)
        try response.deleteCookie("old")
        let cookies = response.headers.values(for: "Set-Cookie")
        #expect(cookies.count == 3)
        for attribute in ["session=\"abc", "Max-Age=60", "Path=/", "Domain=example.com", "Secure", "HttpOnly", "SameSite=Lax"] {
            #expect(cookies[0].contains(attribute), "missing \(attribute) in \(cookies[0])")
        }
        #expect(cookies[1].contains("Partitioned") && cookies[1].contains("Secure"))
        #expect(cookies[2].hasPrefix("old=") && cookies[2].contains("Max-Age=0") && cookies[2].contains("Expires=Thu, 01 Jan 1970 00:00:00 GMT"))
    }

    @Test(arguments: ["a\r\nSet-Cookie: evil=1", "nul\0", "line\nbreak"])
    func cookieValuesCannotBreakTheHeader(_ value: String) {
        var response = Response()
        #expect(throws: CookieError.self) { try response.setCookie("name", value) }
        #expect(throws: CookieError.self) { try response.setCookie("bad name;", "v") }
        #expect(!response.headers.contains("Set-Cookie"))
    }

    @Test func headerInjectionThroughSettersIsRefusedWhenServed() throws {
        var response = Response()
        response.contentType = "text/html\r\nX-Evil: 1"
        let error = try #require(throws: HeaderError.self) { _ = try Self.serve(response) }
        #expect(error.kind == .invalidValue && error.name == "Content-Type")
        var located = Response()
        located.headers.addUnchecked("X-Custom", "a\nb")
        #expect(throws: HeaderError.self) { _ = try Self.serve(located) }
        let viaInit = Response("x", contentType: "text/plain\0")
        #expect(throws: HeaderError.self) { _ = try Self.serve(viaInit) }
        // A redirect target is made a URI first: its line breaks are percent-encoded, not refused.
        let redirect = Response.redirect(to: "/a\r\nSet-Cookie: x=1")
        #expect(try Self.serve(redirect).0.headers["Location"] == "/a%0D%0ASet-Cookie:%20x=1")
    }

    @Test func typedHeaderAccessors() throws {
        var response = Response("x")
        let date = Date(timeIntervalSince1970: 784111777)
        response.lastModified = date
        response.expires = date
        #expect(response.headers["Last-Modified"] == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(response.lastModified == date && response.expires == date)
        var cc = CacheControl()
        cc.maxAge = 60
        cc.isPublic = true
        response.cacheControl = cc
        #expect(response.cacheControl.maxAge == 60 && response.cacheControl.isPublic)
        response.vary = ["Accept", "Cookie"]
        #expect(response.headers["Vary"] == "Accept, Cookie")
        #expect(response.vary == ["Accept", "Cookie"])
        response.setETag("v1", weak: true)
        #expect(response.headers["ETag"] == "W/\"v1\"")
        #expect(response.etag == ETag("v1", weak: true))
    }

    @Test func addETagHashesTheBody() {
        var a = Response("same"), b = Response("same"), c = Response("other")
        a.addETag(); b.addETag(); c.addETag()
        #expect(a.etag != nil && a.etag == b.etag && a.etag != c.etag)
        var kept = Response("x")
        kept.setETag("mine")
        kept.addETag()
        #expect(kept.etag?.value == "mine")
    }

    @Test func responseIsAnApplicationAndClosesOnFailedStart() throws {
        let counter = CloseCounter()
        var response = Response("x")
        response.body.onClose { counter.hit() }
        // A hop-by-hop header makes start-response throw; the body is closed anyway.
        response.headers.addUnchecked("Connection", "close")
        #expect(throws: GatewayError.self) { _ = try Self.serve(response) }
        #expect(counter.count == 1)
    }
}
