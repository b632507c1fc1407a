import Testing
@testable import RawSocket

@Suite("Examples/RawSocket: the hand-written answer")
struct RawSocketTests {
    func answer(_ head: String) -> String {
        String(decoding: RawSocket.answer(toHead: Array(head.utf8)), as: UTF8.self)
    }

    @Test func getRootIsTheHelloPage() {
        let text = answer("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.contains("\r\nContent-Length: 20\r\n"))
        #expect(text.contains("\r\nConnection: close\r\n"))
        #expect(text.hasSuffix("\r\n\r\n<h1>Hello, web!</h1>"))
    }

    @Test func headHasTheSameHeadAndNoBody() {
        let get = answer("GET /?a=1 HTTP/1.0\r\n\r\n")
        let head = answer("HEAD / HTTP/1.1\r\n\r\n")
        #expect(get.hasPrefix(head))
        #expect(head.hasSuffix("\r\n\r\n"))
    }

    @Test(arguments: [
        ("GET /missing HTTP/1.1\r\n\r\n", "HTTP/1.1 404 Not Found\r\n"),
        ("POST / HTTP/1.1\r\n\r\n", "HTTP/1.1 405 Method Not Allowed\r\n"),
        ("garbage\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n"),
        ("GET  / HTTP/1.1\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n"),
        ("GET / SPDY/3\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n"),
        ("\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n"),
        ("GET / HTTP/1.1\u{FF}\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n"),
    ])
    func otherRequestsGetTheirStatus(head: String, statusLine: String) {
        #expect(answer(head).hasPrefix(statusLine))
    }

    @Test func findsTheEndOfTheHead() {
        #expect(endOfHead(Array("GET / HTTP/1.1\r\n\r\nbody".utf8)) == 18)
        #expect(endOfHead(Array("GET / HTTP/1.1\r\n".utf8)) == nil)
        #expect(endOfHead([]) == nil)
    }
}
