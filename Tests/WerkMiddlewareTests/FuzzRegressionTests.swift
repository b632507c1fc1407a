import Testing
import Werk
@testable import WerkMiddleware

/// Inputs the `session` libFuzzer target of Benchmarks/fuzz.sh found breaking a property, kept
/// as tests once fixed.
@Suite("Fuzz regressions: sessions")
struct SessionFuzzRegressionTests {
    /// The last character of the 43-character signature carries 2 unused bits; Base64 decoding
    /// ignored them, so three other spellings of every signed cookie were accepted (the fuzzer
    /// changed `...Or8` into `...Or9`).
    @Test func onlyTheSignaturesOwnSpellingIsAccepted() throws {
        let signer = try SessionSigner(secrets: [SessionFixtures.secret], maxAge: 3600)
        let now = 1_700_000_000
        let payload: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xF8, 0, 0x73, 0x57]
        let cookie = signer.sign(payload, now: now)
        #expect(signer.unsign(cookie, now: now) == payload)
        let alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        var refused = 0
        for character in alphabet where character != cookie.last {
            let variant = String(cookie.dropLast()) + String(character)
            #expect(signer.unsign(variant, now: now) == nil, "accepted \(variant)")
            if signer.unsign(variant, now: now) == nil { refused += 1 }
        }
        #expect(refused == 63)
    }
}
