import Testing
@testable import Werk

@Suite("Query strings")
struct QueryStringTests {
    @Test(arguments: [
        ("a=1&b=2", [("a", "1"), ("b", "2")]),
        ("a=1&a=2&b=3", [("a", "1"), ("a", "2"), ("b", "3")]),
        ("q=swift+web", [("q", "swift web")]),
        ("q=a%2Bb", [("q", "a+b")]),
        ("flag", [("flag", "")]),
        ("flag&x=1", [("flag", ""), ("x", "1")]),
        ("a=", [("a", "")]),
        ("=v", [("", "v")]),
        ("a=b=c", [("a", "b=c")]),
        ("&&a=1&&", [("a", "1")]),
        ("", []),
        ("?a=1", [("a", "1")]),
        ("n%C3%A4me=v%C3%A4l", [("näme", "väl")]),
        ("a=%zz&b=%", [("a", "%zz"), ("b", "%")]),
        ("a=%FF", [("a", "\u{FFFD}")]),
        ("ä=ö", [("ä", "ö")]),
        ("a+b=c+d", [("a b", "c d")]),
        ("plain=1&b=c+d&e=%41&last=x", [("plain", "1"), ("b", "c d"), ("e", "A"), ("last", "x")]),
        ("?+=%3F", [(" ", "?")]),
    ] as [(String, [(String, String)])])
    func parse(_ query: String, _ expected: [(String, String)]) {
        let d = parseQueryString(query)
        #expect(d.items.map(\.key) == expected.map(\.0))
        #expect(d.items.map(\.value) == expected.map(\.1))
    }

    @Test func customSeparators() {
        let semi = parseQueryString("a=1;b=2;;c", separator: ";")
        #expect(semi.items.map(\.key) == ["a", "b", "c"])
        let unicode = parseQueryString("a=1·b=2", separator: "·")
        #expect(unicode.getAll("b") == ["2"])
        #expect(unicode.count == 2)
    }

    @Test(arguments: [
        ([("a", "1"), ("b", "2")], "a=1&b=2"),
        ([("q", "a b")], "q=a+b"),
        ([("x", "1&2=3+4")], "x=1%262%3D3%2B4"),
        ([("path", "/a/b")], "path=%2Fa%2Fb"),
        ([("ü", "€")], "%C3%BC=%E2%82%AC"),
        ([("k", "")], "k="),
        ([("a-._~", "*")], "a-._~=%2A"),
        ([], ""),
    ] as [([(String, String)], String)])
    func encode(_ pairs: [(String, String)], _ expected: String) {
        #expect(encodeQueryString(pairs) == expected)
    }

    @Test func encodeMultiDictAndRoundTrip() {
        let d: MultiDict = ["tag": "a b", "x": "&=%+", "tag": "ü"]
        let encoded = encodeQueryString(d)
        #expect(encoded == "tag=a+b&x=%26%3D%25%2B&tag=%C3%BC")
        #expect(parseQueryString(encoded) == d)
    }

    /// The one-pass byte parser (ASCII separators) gives what the piecewise parser (any other
    /// separator) gives for the same text, including dictionaries large enough to be indexed.
    @Test func bytePathAgreesWithThePiecewisePath() {
        let pieces = ["a=1", "a=2", "", "flag", "=v", "q=a+b%2B", "n%C3%A4me=v%C3%A4l", "x=%zz", "y=%", "%FF=%FE", "k=b=c",
                      "+=+", "ä=ö", "?x=1", "a"]
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            let count = round % 40
            let chosen = (0..<count).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &generator)] }
            let query = (round % 3 == 0 ? "?" : "") + chosen.joined(separator: "&")
            let bytes = parseQueryString(query)
            let piecewise = parseQueryString(query.replacingOccurrences(of: "&", with: "·"), separator: "·")
            #expect(bytes.items.map(\.key) == piecewise.items.map(\.key), "\(query)")
            #expect(bytes.items.map(\.value) == piecewise.items.map(\.value), "\(query)")
            for key in ["a", "flag", "", "q b+", "k", "x"] {
                #expect(bytes.getAll(key) == piecewise.getAll(key) && bytes[key] == piecewise[key], "\(key) in \(query)")
            }
        }
    }
}
