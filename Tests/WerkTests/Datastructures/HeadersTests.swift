import Testing
@testable import Werk
import WerkTesting

@Suite("Headers")
struct HeadersTests {
    @Test func keepsOrderAndDuplicates() throws {
        let headers = try Headers([("Set-Cookie", "a=1"), ("Content-Type", "text/plain"), ("set-cookie", "b=2")])
        #expect(headers.count == 3)
        #expect(headers.values(for: "SET-COOKIE") == ["a=1", "b=2"])
        #expect(headers.pairs.map(\.0) == ["Set-Cookie", "Content-Type", "set-cookie"])
        #expect(headers["content-type"] == "text/plain")
        #expect(headers["X-Missing"] == nil)
    }

    @Test func caseInsensitiveNamesButNotOtherCharacters() {
        #expect(Headers.namesEqual("Content-Type", "content-TYPE"))
        #expect(!Headers.namesEqual("Content-Type", "Content_Type"))
        #expect(!Headers.namesEqual("a@", "a`"))  // differ only by bit 0x20, but not letters
        #expect(!Headers.namesEqual("abc", "abcd"))
    }

    @Test func setReplacesAllAtFirstPlace() throws {
        var headers = try Headers([("A", "1"), ("B", "2"), ("a", "3")])
        headers.set("A", "9")
        #expect(headers.pairs.map { "\($0.0)=\($0.1)" } == ["A=9", "B=2"])
        headers.set("C", "4")
        #expect(headers["c"] == "4")
        #expect(headers.remove("b") == 1)
        #expect(!headers.contains("B"))
    }

    @Test func subscriptSetsAndRemoves() {
        var headers: Headers = [("Vary", "Accept"), ("X", "1"), ("vary", "Cookie")]
        headers["VARY"] = "Origin"
        #expect(headers.pairs.map { "\($0.0)=\($0.1)" } == ["VARY=Origin", "X=1"])
        headers["x"] = nil
        #expect(!headers.contains("X") && headers.count == 1)
        headers["New"] = "  trimmed "
        #expect(headers["new"] == "trimmed")
    }

    @Test func setDefaultLeavesExisting() throws {
        var headers = try Headers([("Server", "x")])
        headers.setDefault("Server", "y")
        headers.setDefault("Date", "z")
        #expect(headers["Server"] == "x")
        #expect(headers["Date"] == "z")
    }

    @Test func valuesAreTrimmed() throws {
        var headers = Headers()
        headers.add("X", "  spaced \t")
        #expect(headers["X"] == "spaced")
    }

    @Test func combinesValuesPerRFC() throws {
        let headers = try Headers([("Accept", "text/html"), ("Accept", "application/json"), ("Cookie", "a=1"), ("Cookie", "b=2")])
        #expect(headers.combinedValue(for: "accept") == "text/html, application/json")
        #expect(headers.combinedValue(for: "cookie") == "a=1; b=2")
        #expect(headers.combinedValue(for: "nope") == nil)
    }

    @Test func literalsWithoutTry() {
        let dictionary: Headers = ["Content-Type": "text/plain", "X-Id": "7"]
        #expect(dictionary.pairs.map(\.0) == ["Content-Type", "X-Id"])
        #expect(dictionary["x-id"] == "7")
        let pairs: Headers = [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"), ("X", " padded ")]
        #expect(pairs.values(for: "set-cookie") == ["a=1", "b=2"])
        #expect(pairs["X"] == "padded")
        let empty: Headers = [:]
        #expect(empty.isEmpty)
        // The same fields whichever way they were written.
        #expect(dictionary == (try? Headers([("Content-Type", "text/plain"), ("X-Id", "7")])))
    }

    @Test(arguments: ["X-Evil\r\nSet-Cookie: a=b", "X\nY", "X\0", "Bad Name", "Bad:Name", "", "Ünï"])
    func refusesInvalidNames(_ name: String) throws {
        #expect(throws: HeaderError.self) { try Headers([(name, "v")]) }
        // Added without `try`: refused when the response starts, naming the field.
        var headers = Headers()
        headers.add(name, "v")
        let error = try #require(throws: HeaderError.self) { try ResponseHead().start(.ok, headers) }
        #expect(error.kind == (name.isEmpty ? .emptyName : .invalidName))
        #expect(error.name == name)
    }

    @Test(arguments: ["a\r\nSet-Cookie: x=y", "line\nbreak", "nul\0byte", "cr\r"])
    func refusesHeaderInjectionInValues(_ value: String) throws {
        let eager = try #require(throws: HeaderError.self) { try Headers([("X-Test", value)]) }
        #expect(eager.kind == .invalidValue && eager.description.contains("X-Test"))
        var added = Headers()
        added.add("X-Test", value)
        var set = Headers()
        set.set("X-Test", value)
        let literal: Headers = ["X-Test": value]
        let pairs: Headers = [("Content-Type", "text/plain"), ("X-Test", value)]
        for headers in [added, set, literal, pairs] {
            let error = try #require(throws: HeaderError.self) { try ResponseHead().start(.ok, headers) }
            #expect(error.kind == .invalidValue)
            #expect(error.name == "X-Test")
            #expect(error.description.contains("X-Test"))
        }
    }

    @Test func injectedHeaderInLiteralNeverReachesTheClient() throws {
        let app = AppFunction { _, startResponse in
            try startResponse(.ok, ["Content-Type": "text/plain", "X-Name": "a\r\nSet-Cookie: evil=1"])
            return Body("x")
        }
        let error = try #require(throws: HeaderError.self) { try Client(app).get("/") }
        #expect(error.name == "X-Name")
        // Through Request.application the same literal in a Response is refused when it starts.
        let wrapped = Request.application { _ in Response("x", headers: ["X-Name": "a\nb"]) }
        #expect(throws: HeaderError.self) { try Client(wrapped).get("/") }
    }

    @Test func validateFindsUncheckedBadValues() {
        var headers = Headers()
        headers.addUnchecked("X", "a\r\nb")
        #expect(throws: HeaderError.self) { try headers.validate() }
    }
}

@Suite("Status")
struct StatusTests {
    @Test func reasonPhrasesAndLiterals() {
        let teapot: Status = 418
        #expect(teapot.reason == "I'm a teapot")
        #expect(Status.notFound.description == "404 Not Found")
        #expect(Status(599).reason == "Unknown")
        #expect(Status(200, reason: "Fine").description == "200 Fine")
        #expect(Status.notModified.forbidsBody && Status.noContent.forbidsBody && !Status.ok.forbidsBody)
        #expect(Status.created.isSuccess && Status.found.isRedirection && Status.gone.isClientError
                && Status.badGateway.isServerError && Status.continue.isInformational)
    }
}
