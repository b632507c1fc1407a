import Testing
@testable import Werk

@Suite struct ContentRangeTests {
    @Test(arguments: [
        (ContentRange(range: 0..<500, length: 1234), "bytes 0-499/1234"),
        (ContentRange(range: nil, length: 1234), "bytes */1234"),
        (ContentRange(range: 0..<500, length: nil), "bytes 0-499/*"),
        (ContentRange(range: 21010..<47022, length: 47022), "bytes 21010-47021/47022"),
        (ContentRange(range: 5..<5, length: 10), "bytes */10"),
        (ContentRange(unit: "items", range: 0..<1, length: 2), "items 0-0/2"),
    ])
    func headerValue(value: ContentRange, expected: String) {
        #expect(value.headerValue == expected)
    }

    @Test(arguments: [
        ("bytes 0-499/1234", ContentRange(range: 0..<500, length: 1234)),
        ("bytes */1234", ContentRange(range: nil, length: 1234)),
        ("bytes 0-499/*", ContentRange(range: 0..<500, length: nil)),
        ("  bytes 42-1233/1234 ", ContentRange(range: 42..<1234, length: 1234)),
        ("BYTES 0-0/1", ContentRange(range: 0..<1, length: 1)),
        ("bytes 0-\(Int.max - 1)/*", ContentRange(range: 0..<Int.max, length: nil)),
    ] as [(String, ContentRange)])
    func parses(input: String, expected: ContentRange) {
        #expect(ContentRange(parsing: input) == expected)
    }

    @Test(arguments: [
        "", "bytes", "bytes 0-499", "bytes */*", "bytes 5-4/10", "bytes 0-10/10",
        "bytes a-b/10", "bytes 0-1/x", "bytes -1/10", "bytes 0-/10", "bytes=0-1/2",
        "bytes 0-99999999999999999999/*", "bytes 0-\(Int.max)/*", "b@d 0-1/2",
    ])
    func rejects(input: String) {
        #expect(ContentRange(parsing: input) == nil)
    }

    @Test func roundTrip() {
        for value in [ContentRange(range: 0..<1, length: 1), ContentRange(range: nil, length: 0),
                      ContentRange(range: 10..<20, length: nil)] {
            #expect(ContentRange(parsing: value.headerValue) == value)
        }
    }
}
