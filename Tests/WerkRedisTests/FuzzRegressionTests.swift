import Testing
@testable import WerkRedis

/// Inputs the `resp` libFuzzer target of Benchmarks/fuzz.sh found breaking a property, kept as
/// tests once fixed.
@Suite("Fuzz regressions: RESP")
struct RESPFuzzRegressionTests {
    /// Replies written in RESP2 and decoded must come back: Int64.min did not (it was summed as
    /// a positive number first, which overflows).
    @Test(arguments: [Int64.min, Int64.min + 1, -1, 0, Int64.max])
    func everyInt64DecodesBack(value: Int64) throws {
        var decoder = RESPDecoder()
        decoder.feed(Array(":\(value)\r\n".utf8))
        #expect(try decoder.next() == .integer(value))
    }

    @Test(arguments: [":-9223372036854775809\r\n", ":9223372036854775808\r\n", ":-99999999999999999999\r\n"])
    func integersOutsideInt64AreStillRefused(wire: String) {
        var decoder = RESPDecoder()
        decoder.feed(Array(wire.utf8))
        #expect(throws: RESPProtocolError.self) { _ = try decoder.next() }
    }

    /// A line one byte over the limit was accepted when its CR had arrived and refused when it
    /// had not, so the result depended on how the bytes were split; a line of exactly the limit
    /// is accepted both ways.
    @Test(arguments: [8, 9])
    func theLineLimitDoesNotDependOnTheSplit(length: Int) throws {
        var limits = RESPDecoder.Limits()
        limits.maxLineLength = 8
        let wire = Array("+\(String(repeating: "x", count: length))\r\n".utf8)
        var whole = RESPDecoder(limits: limits)
        whole.feed(wire)
        var split = RESPDecoder(limits: limits)
        var splitResult: Result<RESPValue?, RESPProtocolError> = .success(nil)
        for byte in wire {
            split.feed([byte])
            do throws(RESPProtocolError) {
                if let value = try split.next() { splitResult = .success(value) }
            } catch {
                splitResult = .failure(error)
                break
            }
        }
        if length <= limits.maxLineLength {
            #expect(try whole.next() == .simpleString(String(repeating: "x", count: length)))
            #expect(try splitResult.get() == .simpleString(String(repeating: "x", count: length)))
        } else {
            #expect(throws: RESPProtocolError.self) { _ = try whole.next() }
            #expect(throws: RESPProtocolError.self) { _ = try splitResult.get() }
        }
    }

    /// The fuzzer's input: a line of 25 bytes then a bare LF, with a 24-byte limit.
    @Test func aLongLineEndingInABareLFIsTooLongWhicheverWayItArrives() {
        var limits = RESPDecoder.Limits()
        limits.maxLineLength = 24
        let wire = Array(("+" + String(repeating: "y", count: 25) + "\n").utf8)
        var whole = RESPDecoder(limits: limits)
        whole.feed(wire)
        var message = ""
        do { _ = try whole.next() } catch { message = error.message }
        #expect(message.contains("longer than 24 bytes"))
    }
}
