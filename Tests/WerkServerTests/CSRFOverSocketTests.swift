import Testing
import Werk
import WerkTesting
import WerkMiddleware
@testable import WerkServer

/// Sessions and csrfProtect behind the real server, over a socket: the token comes out in a
/// page with its session cookie and must go back in with the form.
@Suite("csrfProtect over a socket")
struct CSRFOverSocketTests {
    static let app = Request.application { request in
        if request.method == "GET" { return Response(try csrfToken(request)) }
        return Response("saved \(try request.form["title"] ?? "-")")
    }

    @Test func formWithoutTokenIs403AndWithTokenIs200() throws {
        let secret = String(repeating: "socket-secret-", count: 3)
        let live = try LiveServer(app: stack(try sessions(secret: secret), csrfProtect(), app: Self.app))
        defer { live.stop() }

        let first = try live.connect()
        try first.send(get("/form", "Connection: close\r\n"))
        let page = try first.readResponse()
        #expect(page.status == 200)
        let token = page.text
        let setCookie = try #require(page.header("Set-Cookie"))
        let cookie = String(setCookie.prefix { $0 != ";" })

        func post(_ body: String, cookie: String?) throws -> TestResponse {
            let client = try live.connect()
            var head = "POST /form HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            head += "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n"
            if let cookie { head += "Cookie: \(cookie)\r\n" }
            try client.send(head + "\r\n" + body)
            return try client.readResponse(method: "POST")
        }
        let refused = try post("title=hello", cookie: cookie)
        #expect(refused.status == 403)
        #expect(refused.text.contains("has no CSRF token"))
        #expect(try post("title=hello&csrf_token=\(String(repeating: "0", count: 64))", cookie: cookie).status == 403)
        #expect(try post("title=hello&csrf_token=\(token)", cookie: nil).status == 403)
        let accepted = try post("title=hello&csrf_token=\(token)", cookie: cookie)
        #expect(accepted.status == 200)
        #expect(accepted.text == "saved hello")
    }
}
