import Testing
@testable import Werk

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
        try headers.set("A", "9")
        #expect(headers.pairs.map { "\($0.0)=\($0.1)" } == ["A=9", "B=2"])
        try headers.set("C", "4")
        #expect(headers["c"] == "4")
        #expect(headers.remove("b") == 1)
        #expect(!headers.contains("B"))
    }

    @Test func setDefaultLeavesExisting() throws {
        var headers = try Headers([("Server", "x")])
        try headers.setDefault("Server", "y")
        try headers.setDefault("Date", "z")
        #expect(headers["Server"] == "x")
        #expect(headers["Date"] == "z")
    }

    @Test func valuesAreTrimmed() throws {
        var headers = Headers()
        try headers.add("X", "  spaced \t")
        #expect(headers["X"] == "spaced")
    }

    @Test func combinesValuesPerRFC() throws {
        let headers = try Headers([("Accept", "text/html"), ("Accept", "application/json"), ("Cookie", "a=1"), ("Cookie", "b=2")])
        #expect(headers.combinedValue(for: "accept") == "text/html, application/json")
        #expect(headers.combinedValue(for: "cookie") == "a=1; b=2")
        #expect(headers.combinedValue(for: "nope") == nil)
    }

    @Test(arguments: ["X-Evil\r\nSet-Cookie: a=b", "X\nY", "X\0", "Bad Name", "Bad:Name", "", "Ünï"])
    func refusesInvalidNames(_ name: String) {
        var headers = Headers()
        #expect(throws: HeaderError.self) { try headers.add(name, "v") }
        #expect(headers.isEmpty)
    }

    @Test(arguments: ["a\r\nSet-Cookie: x=y", "line\nbreak", "nul\0byte", "cr\r"])
    func refusesHeaderInjectionInValues(_ value: String) throws {
        var headers = Headers()
        #expect(throws: HeaderError.self) { try headers.add("X-Test", value) }
        #expect(throws: HeaderError.self) { try headers.set("X-Test", value) }
        #expect(throws: HeaderError.self) { try Headers([("X-Test", value)]) }
        let error = try #require(throws: HeaderError.self) { try headers.add("X-Test", value) }
        #expect(error.kind == .invalidValue)
        #expect(error.description.contains("X-Test"))
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
