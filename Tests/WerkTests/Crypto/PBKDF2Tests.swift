import Testing
@testable import Werk

@Suite("PBKDF2-HMAC-SHA-256 (RFC 8018)")
struct PBKDF2Tests {
    /// The SHA-256 variants of the RFC 6070 vectors (1, 2, 4096 iterations; long and
    /// NUL-containing inputs), RFC 7914 s11, and long inputs (a 100-byte password, hashed
    /// first as RFC 2104 says, and a 200-byte salt) whose digest was computed with Python's
    /// hashlib (OpenSSL).
    @Test(arguments: [
        ("password", "salt", 1, 32, "120fb6cffcf8b32c43e7225256c4f837a86548c92ccc35480805987cb70be17b"),
        ("password", "salt", 2, 32, "ae4d0c95af6b46d32d0adff928f06dd02a303f8ef3c251dfd6e2d85a95474c43"),
        ("password", "salt", 4096, 32, "c5e478d59288c841aa530db6845c4c8d962893a001ce4e11a4963873aa98134a"),
        ("passwordPASSWORDpassword", "saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 40,
         "348c89dbcbd32b2f32d814b8116e84cf2b17347ebc1800181c4e2a1fb8dd53e1c635518c7dac47e9"),
        ("pass\0word", "sa\0lt", 4096, 16, "89b69d0516f829893c696226650a8687"),
        // RFC 7914 s11.
        ("passwd", "salt", 1, 64, """
            55 ac 04 6e 56 e3 08 9f ec 16 91 c2 25 44 b6 05 f9 41 85 21 6d de 04 65 e6 8b 9d 57 c2 0d ac bc
            49 ca 9c cc f1 79 b6 45 99 16 64 b3 9d 77 ef 31 7c 71 b8 45 b1 e3 0b d5 09 11 20 41 d3 a1 97 83
            """),
        ("Password", "NaCl", 80000, 64, """
            4d dc d8 f6 0b 98 be 21 83 0c ee 5e f2 27 01 f9 64 1a 44 18 d0 4c 04 14 ae ff 08 87 6b 34 ab 56
            a1 d4 25 a1 22 58 33 54 9a db 84 1b 51 c9 b3 17 6a 27 2b de bb a1 d0 78 47 8f 62 b3 97 f3 3c 8d
            """),
        (String(repeating: "x", count: 100), String(repeating: "y", count: 200), 1000, 80,
         "8f8c1a17bc52149b167d9731aaa936e9ead8d9618844cbc7ea8a5df9f0047970d33b544e7d97cd0b592e7f235d16664c2f2c2e85beb8422ab781bc23812294b2be584011403957730a44ce89c27bfada"),
    ])
    func vectors(password: String, salt: String, iterations: Int, length: Int, expected: String) throws {
        let key = try PBKDF2.sha256(password: Array(password.utf8), salt: Array(salt.utf8), iterations: iterations, keyLength: length)
        #expect(key == vectorBytes(expected))
    }

    /// RFC 6070's 16,777,216-iteration vector (SHA-256 variant): 33.5 million compressions.
    @Test func sixteenMillionIterations() throws {
        let key = try PBKDF2.sha256(password: Array("password".utf8), salt: Array("salt".utf8), iterations: 16_777_216, keyLength: 32)
        #expect(hexString(key) == "cf81c66fe8cfc04d1f31ecb65dab4089f7f179e89b3b0bcb17ad10e3ac6eba46")
    }

    @Test(arguments: [(0, 32), (-1, 32), (1, 0), (1, -5)])
    func invalidParametersThrow(iterations: Int, length: Int) {
        #expect(throws: KeyDerivationError.self) {
            try PBKDF2.sha256(password: [1], salt: [2], iterations: iterations, keyLength: length)
        }
    }
}
