import Testing
@testable import Werk

/// The one home of response framing (RFC 9110 s6.4.1, s8.6, s9.3.2; RFC 9112 s6.3), as tables.
struct ResponseFramingTests {
    private static func framing(_ method: String = "GET", _ status: Int = 200, _ fields: [(String, String)] = [],
                                body: Int?, minor: Int = 1) throws -> ResponseFraming {
        try ResponseFraming(method: method, status: Status(status), headers: try Headers(fields), bodyLength: body, minorVersion: minor)
    }

    @Test(arguments: [
        // method, status, declared Content-Length, body length, HTTP/1.x -> delimiter, added length
        ("GET", 200, nil, 13, 1, ResponseFraming.Delimiter.length(13), 13),
        ("GET", 200, "13", 13, 1, .length(13), nil),
        ("GET", 200, nil, 0, 1, .length(0), 0),
        ("GET", 200, nil, nil, 1, .chunked, nil),
        ("GET", 200, nil, nil, 0, .close, nil),
        ("GET", 200, "5", nil, 1, .length(5), nil),
        ("HEAD", 200, nil, 13, 1, ResponseFraming.Delimiter.none, 13),
        ("HEAD", 200, "13", 0, 1, ResponseFraming.Delimiter.none, nil),
        ("HEAD", 200, nil, 0, 1, ResponseFraming.Delimiter.none, nil),
        ("HEAD", 200, nil, nil, 1, ResponseFraming.Delimiter.none, nil),
        ("GET", 204, nil, 0, 1, ResponseFraming.Delimiter.none, nil),
        ("GET", 304, "100", 0, 1, ResponseFraming.Delimiter.none, nil),
        ("GET", 101, nil, nil, 1, ResponseFraming.Delimiter.none, nil),
        ("POST", 201, "5, 5", 5, 1, .length(5), nil),
        // Methods are case-sensitive: `head` is not HEAD, its response has a body.
        ("head", 200, nil, 13, 1, .length(13), 13),
    ] as [(String, Int, String?, Int?, Int, ResponseFraming.Delimiter, Int?)])
    func decides(_ method: String, _ status: Int, _ declared: String?, _ body: Int?, _ minor: Int,
                 _ delimiter: ResponseFraming.Delimiter, _ added: Int?) throws {
        let framing = try Self.framing(method, status, declared.map { [("Content-Length", $0)] } ?? [], body: body, minor: minor)
        #expect(framing.delimiter == delimiter)
        #expect(framing.addsContentLength == added)
        #expect(framing.addsChunked == (delimiter == .chunked))
        #expect(framing.closesConnection == (delimiter == .close))
        #expect(framing.sendsBody == (delimiter != ResponseFraming.Delimiter.none))
    }

    @Test(arguments: [
        ("GET", 200, "10", 5), ("GET", 200, "2", 5), ("HEAD", 200, "10", 5), ("POST", 201, "0", 1),
    ])
    func refusesALengthThatIsNotTheBody(_ method: String, _ status: Int, _ declared: String, _ body: Int) {
        #expect(throws: GatewayError(.contentLengthMismatch(declared: Int(declared)!, actual: body))) {
            try Self.framing(method, status, [("Content-Length", declared)], body: body)
        }
    }

    @Test(arguments: ["abc", "-1", "+5", "1.5", "0x10", "", "5 5", "5, 6", "99999999999999999999999"])
    func refusesAnInvalidContentLength(_ value: String) {
        #expect(throws: GatewayError(.invalidContentLength(value))) { try Self.framing("GET", 200, [("Content-Length", value)], body: nil) }
    }

    @Test func refusesConflictingContentLengths() throws {
        #expect(throws: GatewayError.self) { try Self.framing("GET", 200, [("Content-Length", "5"), ("content-length", "6")], body: nil) }
        #expect(try Self.framing("GET", 200, [("Content-Length", "5"), ("content-length", "5")], body: 5).delimiter == .length(5))
    }

    @Test func dropsContentLengthOnlyFor1xxAnd204() throws {
        #expect(try Self.framing("GET", 204, body: 0).dropsContentLength)
        #expect(try Self.framing("GET", 101, body: nil).dropsContentLength)
        #expect(try !Self.framing("GET", 304, body: 0).dropsContentLength)
        #expect(try !Self.framing("GET", 200, body: 0).dropsContentLength)
    }

    @Test(arguments: [("GET", 200, true), ("HEAD", 200, false), ("head", 200, true), ("GET", 204, false),
                      ("GET", 304, false), ("POST", 100, false), ("POST", 500, true)])
    func sendsBody(_ method: String, _ status: Int, _ expected: Bool) {
        #expect(ResponseFraming.sendsBody(method: method, status: Status(status)) == expected)
    }
}

/// The one strict Content-Length parser (RFC 9110 s8.6).
struct ContentLengthTests {
    @Test(arguments: [("0", 0), ("42", 42), ("007", 7), (" 12 ", 12), ("5,5", 5), ("5, 5 ,5", 5),
                      ("9223372036854775807", Int.max)])
    func valid(_ text: String, _ value: Int) {
        #expect(ContentLength.parse(text) == .value(value))
        #expect(ContentLength.parse(Array(text.utf8)) == .value(value))
        #expect(parseRaw(text) == .value(value))
    }

    /// The raw-buffer entry point the server's parser uses.
    private func parseRaw(_ text: String) -> ContentLength {
        Array(text.utf8).withUnsafeBytes { ContentLength.parse($0) }
    }

    @Test(arguments: ["", " ", "abc", "-1", "+5", "1.5", "0x10", "5 5", "5, 6", "5,", ",5", "5,,5", "٣"])
    func invalid(_ text: String) {
        #expect(ContentLength.parse(text) == .invalid)
        #expect(parseRaw(text) == .invalid)
    }

    @Test(arguments: [0, 7, 9, 10, 13, 99, 100, 1024, 65_535, 1_000_000, 123_456_789_012_345, Int.max, -1, Int.min])
    func formatIsTheDecimalDigits(_ length: Int) {
        #expect(ContentLength.format(length) == String(length))
        if length >= 0 { #expect(ContentLength.parse(ContentLength.format(length)) == .value(length)) }
    }

    @Test func overflowIsNotAValue() {
        #expect(ContentLength.parse("99999999999999999999999") == .overflow)
        #expect(ContentLength.parse("5, 99999999999999999999999") == .invalid)
        #expect(parseRaw("99999999999999999999999") == .overflow && parseRaw("5, 99999999999999999999999") == .invalid)
        #expect(ContentLength.parse("42").length == 42 && ContentLength.parse("x").length == nil)
    }
}
