import Testing
@testable import Werk

@Suite struct Base64Tests {
    /// RFC 4648 s10 test vectors.
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"),
        ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
        ("Aladdin:open sesame", "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="),
    ])
    func vectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func allByteValuesRoundTrip() {
        let bytes = (0...255).map { UInt8($0) }
        for n in 0...bytes.count where n % 17 == 0 || n < 5 {
            let slice = Array(bytes.prefix(n))
            #expect(Base64.decode(Base64.encode(slice)) == slice)
        }
        #expect(Base64.encode([0xFB, 0xFF]) == "+/8=")
    }

    @Test(arguments: [
        "Zg", "Zg=", "Zm9", "Z===", "====", "Zg==Zg==", "Zm=v", "Zm9v YmFy", "Zm9v\n", "Zm9-",
        "Zm9_", "Zm9vYmFy=", "Zg=\u{e9}", "\u{e9}\u{e9}",
    ])
    func rejects(input: String) {
        #expect(Base64.decode(input) == nil)
    }
}
