import Testing
@testable import Werk

@Suite("Constant-time comparison and hex")
struct ConstantTimeTests {
    @Test(arguments: [
        ([], [], true), ([1, 2, 3], [1, 2, 3], true), ([1, 2, 3], [1, 2, 4], false), ([1, 2, 3], [1, 2], false),
        ([0], [], false), ([0xFF], [0x7F], false), ([0x80, 0], [0, 0x80], false),
    ] as [([UInt8], [UInt8], Bool)])
    func equality(_ a: [UInt8], _ b: [UInt8], _ expected: Bool) {
        #expect(constantTimeEquals(a, b) == expected)
        #expect(constantTimeEquals(b, a) == expected)
    }

    @Test(arguments: [
        ([], ""), ([0], "00"), ([0xDE, 0xAD, 0xBE, 0xEF], "deadbeef"), ([0x0F, 0xF0, 0x01], "0ff001"),
    ] as [([UInt8], String)])
    func hex(_ bytes: [UInt8], _ text: String) {
        #expect(hexString(bytes) == text)
        #expect(Werk.bytes(fromHex: text) == bytes)
        #expect(Werk.bytes(fromHex: text.uppercased()) == bytes)
    }

    @Test(arguments: ["abc", "zz", "0g", " 00", "00 ", "0x00", "ü0", "-1", "0"])
    func malformedHex(_ text: String) {
        #expect(Werk.bytes(fromHex: text) == nil)
    }

    @Test func hexOfSequence() {
        #expect(hexString((0..<4).map { UInt8($0) }.lazy.map { $0 &* 16 }) == "00102030")
        #expect(Werk.bytes(fromHex: hexString(0...255)) == Array(0...255))
    }
}
