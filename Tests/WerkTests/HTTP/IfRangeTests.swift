#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import Werk

@Suite struct IfRangeTests {
    @Test(arguments: [
        ("\"abc\"", ETag("abc")),
        ("W/\"abc\"", ETag("abc", weak: true)),
        ("  \"abc\" ", ETag("abc")),
    ] as [(String, ETag)])
    func etags(input: String, expected: ETag) {
        let r = IfRange(parsing: input)
        #expect(r.etag == expected)
        #expect(r.date == nil)
        #expect(r.headerValue == expected.headerValue)
    }

    @Test func date() {
        let r = IfRange(parsing: "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(r.date == Date(timeIntervalSince1970: 784_111_777))
        #expect(r.etag == nil)
        #expect(r.headerValue == "Sun, 06 Nov 1994 08:49:37 GMT")
    }

    @Test(arguments: [nil, "", "   ", "not a date", "\"unterminated", "abc", "W/"] as [String?])
    func emptyOrInvalid(input: String?) {
        let r = IfRange(parsing: input)
        #expect(r.isEmpty)
        #expect(r.headerValue == "")
    }
}
