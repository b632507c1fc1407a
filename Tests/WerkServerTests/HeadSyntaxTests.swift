import Testing
import Werk
@testable import WerkServer

@Suite("Host field syntax (RFC 9112 s3.2)")
struct HostSyntaxTests {
    @Test(arguments: ["example.com", "example.com:8080", "127.0.0.1:80", "[::1]", "[::1]:8443", "a-b_c.~d",
                      "xn--n3h.net", "%C3%A9.example", "", "host:"])
    func valid(_ host: String) {
        #expect(RequestHeadParser.isValidHost(Array(host.utf8)))
    }

    @Test(arguments: ["example.com:abc", "a b", "x/y", "a@b", "[::1", "[::1]x", "::1", "a:1:2", "[::1]:8a",
                      "host:-1", "a\\b", "a?b", "a#b"])
    func invalid(_ host: String) {
        #expect(!RequestHeadParser.isValidHost(Array(host.utf8)))
    }
}

/// Line ends (RFC 9112 s2.2): CRLF only, unless the server allows bare LF.
struct LineEndTests {
    @Test(arguments: [
        "GET / HTTP/1.1\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n\n",
        "GET / HTTP/1.1\nHost: a\n\n",
        "\nGET / HTTP/1.1\r\nHost: a\r\n\r\n",
    ])
    func bareLineFeedsGet400(_ text: String) {
        #expect(status(text) == 400, "\(text.debugDescription)")
        #expect(status(text, limits: HeadLimits(allowsBareLF: true)) == 200, "allowed by the setting: \(text.debugDescription)")
    }

    @Test func crlfHeadsPass() {
        #expect(status("\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n") == 200)
    }
}

/// Header names with `_` never reach the app (the CGI view would confuse `Content_Length` with
/// `Content-Length`), and they never frame a body.
struct UnderscoreHeaderTests {
    @Test(arguments: ["Content_Length: 5", "Transfer_Encoding: chunked", "X_Forwarded_For: 1.2.3.4", "_: x", "Host_: evil"])
    func namesWithUnderscoresAreDropped(_ field: String) throws {
        let head = try parse("POST / HTTP/1.1\r\nHost: a\r\n\(field)\r\nX-Kept: yes\r\n\r\n").get()
        #expect(head.headers.pairs.map(\.0) == ["Host", "X-Kept"])
        #expect(head.framing == .none)
    }

    @Test func invalidValuesAreStillRefused() {
        #expect(status("GET / HTTP/1.1\r\nHost: a\r\nX_Y: a\u{01}b\r\n\r\n") == 400)
    }
}

/// Methods are case-sensitive (RFC 9110 s9.1): the parser keeps them exactly as sent.
struct MethodCaseTests {
    @Test(arguments: ["get", "Get", "head", "GET", "PROPFIND"])
    func methodsAreKeptAsSent(_ method: String) throws {
        #expect(try parse("\(method) / HTTP/1.1\r\nHost: a\r\n\r\n").get().method == method)
    }
}
