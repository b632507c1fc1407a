import Testing
@testable import Werk

private enum RequestIDKey: EnvironKey { typealias Value = String }
private enum CounterKey: EnvironKey { typealias Value = Int }

@Suite("Environ")
struct EnvironTests {
    static func make() throws -> Environ {
        Environ(method: "POST", scriptName: "/app", pathInfo: "/items/7", queryString: "a=1&b=%20",
                serverName: "example.com", serverPort: 8080, remoteAddr: "10.0.0.1", remotePort: 4444,
                headers: try Headers([("Content-Type", "text/plain"), ("Content-Length", "5"),
                                      ("User-Agent", "curl/8"), ("X-Forwarded-For", "1.1.1.1"),
                                      ("X-Forwarded-For", "2.2.2.2"), ("Cookie", "a=1"), ("Cookie", "b=2")]),
                input: BytesInput(Array("hello".utf8)))
    }

    @Test func cgiViewByName() throws {
        let environ = try Self.make()
        #expect(environ["REQUEST_METHOD"] == "POST")
        #expect(environ["SCRIPT_NAME"] == "/app")
        #expect(environ["PATH_INFO"] == "/items/7")
        #expect(environ["QUERY_STRING"] == "a=1&b=%20")
        #expect(environ["SERVER_NAME"] == "example.com")
        #expect(environ["SERVER_PORT"] == "8080")
        #expect(environ["SERVER_PROTOCOL"] == "HTTP/1.1")
        #expect(environ["REMOTE_ADDR"] == "10.0.0.1")
        #expect(environ["REMOTE_PORT"] == "4444")
        #expect(environ["CONTENT_TYPE"] == "text/plain")
        #expect(environ["CONTENT_LENGTH"] == "5")
        #expect(environ["HTTP_USER_AGENT"] == "curl/8")
        #expect(environ["HTTP_X_FORWARDED_FOR"] == "1.1.1.1, 2.2.2.2")
        #expect(environ["HTTP_COOKIE"] == "a=1; b=2")
        #expect(environ["HTTP_ACCEPT"] == nil)
        #expect(environ["wsgi.url_scheme"] == "http")
        #expect(environ["REQUEST_URI"] == "/app/items/7?a=1&b=%20")
        #expect(environ["werk.unknown"] == nil)
    }

    @Test func settingByNameWritesTypedFieldsAndHeaders() throws {
        var environ = try Self.make()
        environ["PATH_INFO"] = "/other"
        environ["REMOTE_ADDR"] = "192.0.2.9"
        environ["wsgi.url_scheme"] = "https"
        environ["HTTP_X_FORWARDED_PROTO"] = "https"
        environ["HTTP_USER_AGENT"] = nil
        environ["werk.note"] = "kept"
        #expect(environ.pathInfo == "/other")
        #expect(environ.remoteAddr == "192.0.2.9")
        #expect(environ.urlScheme == "https")
        #expect(environ.headers["X-Forwarded-Proto"] == "https")
        #expect(environ.headers["User-Agent"] == nil)
        #expect(environ["werk.note"] == "kept")
        // A header set through the CGI view cannot smuggle a line break.
        environ["HTTP_X_EVIL"] = "a\r\nSet-Cookie: b"
        #expect(try #require(environ.headers["X-Evil"]).contains("\n") == false)
        #expect(environ.cgiVariables["HTTP_X_FORWARDED_PROTO"] == "https")
        #expect(environ.cgiVariables["CONTENT_TYPE"] == "text/plain")
    }

    @Test func typedExtensionsWithoutCasts() throws {
        var environ = try Self.make()
        #expect(environ[RequestIDKey.self] == nil)
        environ[RequestIDKey.self] = "4f1c"
        environ[CounterKey.self] = 3
        #expect(environ[RequestIDKey.self] == "4f1c")
        #expect(environ[CounterKey.self] == 3)
        environ[CounterKey.self] = nil
        #expect(environ[CounterKey.self] == nil)
    }

    @Test func inputIsReadInPieces() throws {
        let input = BytesInput(Array(0..<200).map { UInt8($0) })
        #expect(try input.read(upTo: 0) == [])
        #expect(try input.read(upTo: 50).count == 50)
        let rest = try input.readAll()
        #expect(rest.count == 150 && rest.first == 50)
        #expect(try input.read(upTo: 10) == [])
    }

    @Test func readAllStopsAtTheLimit() {
        let input = BytesInput([UInt8](repeating: 1, count: 100_000))
        let error = #expect(throws: BodyTooLarge.self) { try input.readAll(limit: 70_000) }
        #expect(error?.limit == 70_000)
        #expect(BytesInput([1, 2, 3]).readAllOrNil(limit: 3) == [1, 2, 3])
    }

    @Test func drainSkipsTheRest() throws {
        let input = BytesInput([UInt8](repeating: 7, count: 1000))
        _ = try input.read(upTo: 10)
        #expect(try input.drain() == 990)
    }
}

extension RequestInput {
    func readAllOrNil(limit: Int) -> [UInt8]? { try? readAll(limit: limit) }
}
