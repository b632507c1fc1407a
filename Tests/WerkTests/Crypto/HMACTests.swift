import Testing
@testable import Werk

@Suite("HMAC-SHA-256")
struct HMACTests {
    static func hex(_ s: String) -> [UInt8] { bytes(fromHex: s) ?? [] }

    /// RFC 4231 s4.2-4.8 test cases 1-7 (key, data, HMAC-SHA-256, truncate to 16 bytes).
    @Test(arguments: [
        ("1", String(repeating: "0b", count: 20), "4869205468657265",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", false),
        ("2", "4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", false),
        ("3", String(repeating: "aa", count: 20), String(repeating: "dd", count: 50),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe", false),
        ("4", "0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b", false),
        ("5", String(repeating: "0c", count: 20), "546573742057697468205472756e636174696f6e",
         "a3b6167473100ee06e0c796c2955552b", true),
        ("6", String(repeating: "aa", count: 131),
         "54657374205573696e67204c6172676572205468616e20426c6f636b2d53697a65204b6579202d2048617368204b6579204669727374",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", false),
        ("7", String(repeating: "aa", count: 131),
         "5468697320697320612074657374207573696e672061206c6172676572207468616e20626c6f636b2d73697a65206b657920616e642061206c6172676572207468616e20626c6f636b2d73697a6520646174612e20546865206b6579206e6565647320746f20626520686173686564206265666f7265206265696e6720757365642062792074686520484d414320616c676f726974686d2e",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2", false),
    ])
    func rfc4231(_ name: String, _ key: String, _ data: String, _ mac: String, _ truncate: Bool) {
        let full = HMAC.sha256(key: Self.hex(key), message: Self.hex(data))
        #expect(full.count == 32)
        let result = truncate ? Array(full.prefix(16)) : full
        #expect(hexString(result) == mac, "test case \(name)")
    }

    @Test func emptyKeyAndMessage() {
        #expect(hexString(HMAC.sha256(key: [], message: []))
                == "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")
    }

    @Test func keyOfExactlyBlockSizeIsNotHashed() {
        let key = [UInt8](repeating: 0x42, count: 64)
        #expect(HMAC.sha256(key: key, message: [1]) != HMAC.sha256(key: SHA256.hash(key), message: [1]))
        let longKey = [UInt8](repeating: 0x42, count: 65)
        #expect(HMAC.sha256(key: longKey, message: [1]) == HMAC.sha256(key: SHA256.hash(longKey), message: [1]))
    }
}
