import Testing
@testable import WerkRedis

@Suite("RESP decoder: wire bytes in, values out")
struct RESPDecoderTests {
    static let valid: [(String, RESPValue)] = [
        ("+OK\r\n", .simpleString("OK")),
        ("+\r\n", .simpleString("")),
        ("-ERR unknown command 'x'\r\n", .error("ERR unknown command 'x'")),
        (":0\r\n", .integer(0)),
        (":-42\r\n", .integer(-42)),
        (":9223372036854775807\r\n", .integer(.max)),
        ("$5\r\nhello\r\n", .bulkString(Array("hello".utf8))),
        ("$0\r\n\r\n", .bulkString([])),
        ("$4\r\na\r\nb\r\n", .bulkString(Array("a\r\nb".utf8))),
        ("$-1\r\n", .null),
        ("*-1\r\n", .null),
        ("*0\r\n", .array([])),
        ("*3\r\n:1\r\n$1\r\nx\r\n*1\r\n+y\r\n", .array([.integer(1), .bulkString([120]), .array([.simpleString("y")])])),
        ("*2\r\n$-1\r\n-E\r\n", .array([.null, .error("E")])),
    ]

    @Test(arguments: valid)
    func decodesEachType(wire: String, expected: RESPValue) throws {
        var decoder = RESPDecoder()
        decoder.feed(Array(wire.utf8))
        #expect(try decoder.next() == expected)
        #expect(try decoder.next() == nil)
        #expect(decoder.bufferedCount == 0)
    }

    @Test(arguments: valid)
    func decodesTheSameWhenBytesArriveOneAtATime(wire: String, expected: RESPValue) throws {
        var decoder = RESPDecoder()
        let bytes = Array(wire.utf8)
        for (i, byte) in bytes.enumerated() {
            decoder.feed([byte])
            let value = try decoder.next()
            if i < bytes.count - 1 { #expect(value == nil, "complete after \(i + 1) of \(bytes.count) bytes") }
            else { #expect(value == expected) }
        }
    }

    @Test func takesSeveralValuesFromOneRead() throws {
        var decoder = RESPDecoder()
        decoder.feed(Array("+OK\r\n:7\r\n$1\r\nz\r\n+PAR".utf8))
        #expect(try decoder.next() == .simpleString("OK"))
        #expect(try decoder.next() == .integer(7))
        #expect(try decoder.next() == .bulkString([122]))
        #expect(try decoder.next() == nil)
        decoder.feed(Array("TIAL\r\n".utf8))
        #expect(try decoder.next() == .simpleString("PARTIAL"))
    }

    static let malformed: [(String, String)] = [
        ("?x\r\n", "unknown type byte"),
        ("+OK\n", "bare LF"),
        ("+OK\rX", "CR not followed by LF"),
        (":12a\r\n", "malformed integer"),
        (":\r\n", "malformed integer"),
        (":-\r\n", "malformed integer"),
        (":99999999999999999999\r\n", "malformed integer"),
        (":9223372036854775808\r\n", "out-of-range integer"),
        ("$-2\r\n", "bulk string length of -2"),
        ("$3\r\nabcde\r\n", "not ended by CRLF"),
        ("$x\r\n", "malformed bulk string length"),
        ("*-5\r\n", "array length of -5"),
        ("*1\r\n!\r\n", "unknown type byte"),
    ]

    @Test(arguments: malformed)
    func refusesMalformedReplies(wire: String, message: String) {
        var decoder = RESPDecoder()
        decoder.feed(Array(wire.utf8))
        #expect {
            _ = try decoder.next()
        } throws: { error in
            (error as? RESPProtocolError)?.message.contains(message) == true
        }
    }

    @Test func enforcesItsLimits() {
        var limits = RESPDecoder.Limits()
        limits.maxBulkLength = 10
        limits.maxArrayCount = 3
        limits.maxDepth = 2
        limits.maxLineLength = 8
        let cases = [("$11\r\n", "over the limit of 10"), ("*4\r\n", "over the limit of 3"),
                     ("*1\r\n*1\r\n*1\r\n:1\r\n", "nested deeper than 2"), ("+123456789", "longer than 8 bytes")]
        for (wire, message) in cases {
            var decoder = RESPDecoder(limits: limits)
            decoder.feed(Array(wire.utf8))
            #expect(throws: RESPProtocolError.self, "\(wire)") { _ = try decoder.next() }
            var again = RESPDecoder(limits: limits)
            again.feed(Array(wire.utf8))
            do { _ = try again.next() } catch { #expect(error.message.contains(message), "\(error.message)") }
        }
    }

    /// A limit raised to Int.max and a server declaring a bulk string that long: incomplete,
    /// never an overflow trap.
    @Test func aBulkLengthNearIntMaxIsIncomplete() throws {
        var limits = RESPDecoder.Limits()
        limits.maxBulkLength = Int.max
        var decoder = RESPDecoder(limits: limits)
        decoder.feed(Array("$9223372036854775807\r\nabc".utf8))
        #expect(try decoder.next() == nil)
    }

    /// Nested arrays arriving in reads of every size decode as when they arrive at once, the
    /// value after them too; a large reply in small reads is walked once (it was parsed again
    /// from its start on every read: quadratic).
    @Test func nestedArraysSplitAcrossReadsDecodeWhole() throws {
        let wire = Array("*4\r\n*2\r\n$3\r\nabc\r\n:5\r\n*0\r\n$-1\r\n*1\r\n*-1\r\n+OK\r\n".utf8)
        let expected: RESPValue = .array([.array([.bulkString(Array("abc".utf8)), .integer(5)]), .array([]), .null, .array([.null])])
        for size in 1...9 {
            var decoder = RESPDecoder()
            var values: [RESPValue] = []
            for offset in stride(from: 0, to: wire.count, by: size) {
                decoder.feed(wire[offset..<min(offset + size, wire.count)])
                while let value = try decoder.next() { values.append(value) }
            }
            #expect(values == [expected, .simpleString("OK")], "reads of \(size)")
            #expect(decoder.bufferedCount == 0)
        }
        let elements = (0..<20_000).map { RESPValue.bulkString(Array("item-\($0)".utf8)) }
        var big = Array("*20000\r\n".utf8)
        for index in 0..<20_000 { big += Array("$\("item-\(index)".utf8.count)\r\nitem-\(index)\r\n".utf8) }
        var decoder = RESPDecoder()
        var got: RESPValue?
        for offset in stride(from: 0, to: big.count, by: 64) {
            #expect(got == nil)
            decoder.feed(big[offset..<min(offset + 64, big.count)])
            got = try decoder.next()
        }
        #expect(got == .array(elements))
    }

    /// A malformed element inside an array that has not all arrived is refused when it arrives.
    @Test func aMalformedElementOfAPartialArrayIsRefused() {
        var decoder = RESPDecoder()
        decoder.feed(Array("*3\r\n:1\r\n!x\r\n".utf8))
        #expect(throws: RESPProtocolError.self) { _ = try decoder.next() }
    }

    @Test func aHugeDeclaredArrayIsIncompleteNotAllocated() throws {
        var decoder = RESPDecoder()
        decoder.feed(Array("*1000000\r\n:1\r\n".utf8))
        #expect(try decoder.next() == nil)
    }
}

@Suite("RESP encoder")
struct RESPEncoderTests {
    @Test func writesCommandsAsArraysOfBulkStrings() {
        #expect(RESPEncoder.command(["SET", "k", "v"]) == Array("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n".utf8))
        #expect(RESPEncoder.command([[UInt8]]()) == Array("*0\r\n".utf8))
        let binary: [UInt8] = [0, 13, 10, 255]
        #expect(RESPEncoder.command([Array("GET".utf8), binary]) == Array("*2\r\n$3\r\nGET\r\n$4\r\n".utf8) + binary + [13, 10])
    }

    @Test func whatItEncodesDecodesBack() throws {
        let parts: [[UInt8]] = [Array("é".utf8), [], Array(repeating: 7, count: 3000)]
        var decoder = RESPDecoder()
        decoder.feed(RESPEncoder.command(parts))
        #expect(try decoder.next() == .array(parts.map { .bulkString($0) }))
    }
}
