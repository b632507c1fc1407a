import Testing
@testable import Werk

@Suite struct RangeTests {
    /// RFC 9110 s14.1.2 examples against a 10000-byte representation.
    @Test(arguments: [
        ("bytes=0-499", [0..<500]),
        ("bytes=500-999", [500..<1000]),
        ("bytes=-500", [9500..<10000]),
        ("bytes=9500-", [9500..<10000]),
        ("bytes=0-0,-1", [0..<1, 9999..<10000]),
        ("bytes= 0-999, 4500-5499, -1000", [0..<1000, 4500..<5500, 9000..<10000]),
        ("bytes=500-600,601-999", [500..<601, 601..<1000]),
        ("bytes=500-700,601-999", [500..<701, 601..<1000]),
        // clamping and mixed satisfiability
        ("bytes=9000-20000", [9000..<10000]),
        ("bytes=-20000", [0..<10000]),
        ("bytes=20000-, 0-0", [0..<1]),
        ("bytes=0-99999999999999", [0..<10000]),
        ("Bytes=0-1", [0..<2]),
        ("bytes=0-1,,2-3,", [0..<2, 2..<4]),
        ("bytes=9999-9999", [9999..<10000]),
    ] as [(String, [Swift.Range<Int>])])
    func rfcExamples(header: String, expected: [Swift.Range<Int>]) throws {
        let r = try #require(RangeHeader(parsing: header))
        #expect(r.resolve(length: 10_000) == .satisfiable(expected))
    }

    @Test(arguments: [
        "bytes=10000-", "bytes=10000-20000", "bytes=-0", "bytes=20000-, -0",
    ])
    func unsatisfiable(header: String) throws {
        let r = try #require(RangeHeader(parsing: header))
        #expect(r.resolve(length: 10_000) == .unsatisfiable)
    }

    @Test(arguments: ["bytes=0-", "bytes=-5", "bytes=0-0"])
    func emptyRepresentationIsUnsatisfiable(header: String) throws {
        let r = try #require(RangeHeader(parsing: header))
        #expect(r.resolve(length: 0) == .unsatisfiable)
    }

    @Test(arguments: [
        "", "bytes", "bytes=", "bytes=,", "=0-1", "bytes=abc", "bytes=1-0", "bytes=5-4",
        "bytes=--1", "bytes=1--2", "bytes=-", "bytes=1-2-3", "bytes=0x10-20", "bytes=+1-2",
        "bytes=99999999999999999999-", "bytes=0-99999999999999999999",
        "bytes=-99999999999999999999", "bytes=1 - 2", "by tes=0-1", "bytes=0-1;x",
        "bytes=-1,1-0",
    ])
    func malformed(header: String) {
        #expect(RangeHeader(parsing: header) == nil)
    }

    @Test func tooManySpecs() {
        let ok = "bytes=" + (0..<100).map { "\($0)-\($0)" }.joined(separator: ",")
        let tooMany = "bytes=" + (0..<101).map { "\($0)-\($0)" }.joined(separator: ",")
        #expect(RangeHeader(parsing: ok)?.specs.count == 100)
        #expect(RangeHeader(parsing: tooMany) == nil)
    }

    @Test func unknownUnitIsIgnored() throws {
        let r = try #require(RangeHeader(parsing: "items=0-5"))
        #expect(r.unit == "items")
        #expect(r.specs == [ByteRangeSpec(.fromTo(0, 5))])
        #expect(r.resolve(length: 100) == .ignore)
        let odd = try #require(RangeHeader(parsing: "pages=first,last"))
        #expect(odd.specs.isEmpty)
        #expect(odd.resolve(length: 100) == .ignore)
    }

    @Test func parsedSpecs() throws {
        let r = try #require(RangeHeader(parsing: "bytes=0-499, 500-, -200"))
        #expect(r.unit == "bytes")
        #expect(r.specs == [ByteRangeSpec(.fromTo(0, 499)), ByteRangeSpec(.fromTo(500, nil)), ByteRangeSpec(.suffix(200))])
        #expect(r.headerValue == "bytes=0-499,500-,-200")
        #expect(RangeHeader(parsing: r.headerValue) == r)
    }

    @Test func hugeValuesDoNotTrap() throws {
        let r = try #require(RangeHeader(parsing: "bytes=\(Int.max)-\(Int.max), 0-\(Int.max), -\(Int.max)"))
        #expect(r.resolve(length: Int.max) == .satisfiable([0..<Int.max, 0..<Int.max]))
        #expect(r.resolve(length: 10) == .satisfiable([0..<10, 0..<10]))
        #expect(ByteRangeSpec(.fromTo(0, 5)).resolve(length: -3) == nil)
    }

    @Test(arguments: [
        (ByteRangeSpec.Kind.fromTo(0, 499), "0-499"),
        (.fromTo(500, nil), "500-"),
        (.suffix(500), "-500"),
    ])
    func specHeaderValue(kind: ByteRangeSpec.Kind, expected: String) {
        #expect(ByteRangeSpec(kind).headerValue == expected)
    }
}
