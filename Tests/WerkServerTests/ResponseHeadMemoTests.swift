import Testing
import Werk
@testable import WerkServer

/// The last response head stands for an equal response only.
struct ResponseHeadMemoTests {
    static let text: Headers = ["Content-Type": "text/plain", "Content-Length": "5"]

    static func decide(_ status: Status, _ headers: Headers, method: String = "GET", bodyLength: Int? = 5,
                       minorVersion: Int = 1) throws -> ResponseFraming {
        try ResponseFraming(method: method, status: status, headers: headers, bodyLength: bodyLength, minorVersion: minorVersion)
    }

    @Test func theFramingIsKeptForEqualInputsOnly() throws {
        let memo = ResponseHeadMemo()
        #expect(memo.framing(.ok, Self.text, method: "GET", bodyLength: 5, minorVersion: 1) == nil)
        memo.remember(try Self.decide(.ok, Self.text), .ok, Self.text, method: "GET", bodyLength: 5, minorVersion: 1)
        #expect(memo.framing(.ok, Self.text, method: "GET", bodyLength: 5, minorVersion: 1) == (try Self.decide(.ok, Self.text)))
        // Each input that the framing or the bytes depend on, changed alone.
        #expect(memo.framing(Status(200, reason: "Fine"), Self.text, method: "GET", bodyLength: 5, minorVersion: 1) == nil)
        #expect(memo.framing(.notFound, Self.text, method: "GET", bodyLength: 5, minorVersion: 1) == nil)
        #expect(memo.framing(.ok, ["Content-Type": "text/html", "Content-Length": "5"], method: "GET", bodyLength: 5, minorVersion: 1) == nil)
        #expect(memo.framing(.ok, ["Content-Length": "5", "Content-Type": "text/plain"], method: "GET", bodyLength: 5, minorVersion: 1) == nil)
        #expect(memo.framing(.ok, ["Content-Type": "text/plain"], method: "GET", bodyLength: 5, minorVersion: 1) == nil)
        #expect(memo.framing(.ok, Self.text, method: "HEAD", bodyLength: 5, minorVersion: 1) == nil)
        #expect(memo.framing(.ok, Self.text, method: "GET", bodyLength: nil, minorVersion: 1) == nil)
        #expect(memo.framing(.ok, Self.text, method: "GET", bodyLength: 5, minorVersion: 0) == nil)
    }

    @Test func theBytesAreWrittenForTheSameEndingWithTodaysDate() throws {
        let memo = ResponseHeadMemo()
        var encoder = ResponseEncoder()
        let out = ByteWriter()
        #expect(!memo.write(closes: false, encoder: &encoder, to: out), "nothing encoded yet")
        memo.remember(try Self.decide(.ok, Self.text), .ok, Self.text, method: "GET", bodyLength: 5, minorVersion: 1)
        out.append("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" as StaticString)
        let dateStart = out.count
        out.append("Date: yesterday\r\n" as StaticString)
        let dateEnd = out.count
        out.append("Server: Werk\r\n\r\n" as StaticString)
        memo.keep(out, dateStart: dateStart, dateEnd: dateEnd, closes: false)
        out.reset()
        #expect(!memo.write(closes: true, encoder: &encoder, to: out) && out.count == 0, "another ending needs its own bytes")
        #expect(memo.write(closes: false, encoder: &encoder, to: out))
        let written = String(decoding: out.copy(), as: UTF8.self)
        #expect(written.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: "))
        #expect(written.hasSuffix(" GMT\r\nServer: Werk\r\n\r\n") && !written.contains("yesterday"))
        // A new decision drops the bytes kept for the old one.
        memo.remember(try Self.decide(.notFound, Self.text), .notFound, Self.text, method: "GET", bodyLength: 5, minorVersion: 1)
        out.reset()
        #expect(!memo.write(closes: false, encoder: &encoder, to: out))
    }

    /// Over a socket, on one thread (one handler): each response is its own whatever came before.
    @Test func alternatingResponsesOnOneConnection() throws {
        let app = AppFunction { environ, startResponse in
            switch environ.pathInfo {
            case "/missing": try startResponse(.notFound, ["Content-Type": "text/plain"])
            case "/html": try startResponse(.ok, ["Content-Type": "text/html"])
            case "/dated": try startResponse(.ok, ["Content-Type": "text/plain", "Date": "Sun, 06 Nov 1994 08:49:37 GMT"])
            default: try startResponse(.ok, ["Content-Type": "text/plain"])
            }
            return Body("hello")
        }
        let live = try LiveServer(app: app, options: LiveServer.testOptions { $0.activeThreads = 1 })
        defer { live.stop() }
        let client = try live.connect()
        let steps: [(request: String, method: String, status: Int, type: String, body: String, connection: String?)] = [
            (get("/a"), "GET", 200, "text/plain", "hello", nil),
            (get("/a"), "GET", 200, "text/plain", "hello", nil),
            (get("/missing"), "GET", 404, "text/plain", "hello", nil),
            (get("/a"), "GET", 200, "text/plain", "hello", nil),
            (get("/html"), "GET", 200, "text/html", "hello", nil),
            ("HEAD /a HTTP/1.1\r\nHost: a\r\n\r\n", "HEAD", 200, "text/plain", "", nil),
            (get("/a"), "GET", 200, "text/plain", "hello", nil),
            ("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", "GET", 200, "text/plain", "hello", "keep-alive"),
            (get("/dated"), "GET", 200, "text/plain", "hello", nil),
            (get("/dated"), "GET", 200, "text/plain", "hello", nil),
            (get("/a"), "GET", 200, "text/plain", "hello", nil),
            ("GET /a HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", "GET", 200, "text/plain", "hello", "close"),
        ]
        for step in steps {
            try client.send(step.request)
            let response = try client.readResponse(method: step.method)
            #expect(response.status == step.status && response.header("Content-Type") == step.type, "\(step.request)")
            #expect(response.text == step.body && response.header("Content-Length") == "5", "\(step.request)")
            #expect(response.header("Connection") == step.connection, "\(step.request)")
            let dates = response.headers.filter { $0.0.lowercased() == "date" }
            #expect(dates.count == 1, "\(step.request)")
            if step.request.contains("dated") { #expect(dates.first?.1 == "Sun, 06 Nov 1994 08:49:37 GMT") }
        }
    }
}
