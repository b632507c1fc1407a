import Testing
import Werk

@Suite("SecureRandom")
struct SecureRandomTests {
    @Test func lengthsAndFreshness() {
        #expect(SecureRandom.bytes(0).isEmpty)
        #expect(SecureRandom.bytes(1000).count == 1000)
        #expect(SecureRandom.hex(16).count == 32)
        let draws = Set((0..<100).map { _ in SecureRandom.hex(16) })
        #expect(draws.count == 100)
        // 100,000 bytes: every value appears (a stuck or biased source would miss some).
        #expect(Set(SecureRandom.bytes(100_000)).count == 256)
    }

    @Test func stringsUseOnlyTheAlphabetAndAllOfIt() {
        let alphabet = Array("abc")
        let text = SecureRandom.string(length: 3000, alphabet: alphabet)
        #expect(text.count == 3000)
        let counts = Dictionary(grouping: text, by: { $0 }).mapValues(\.count)
        #expect(Set(counts.keys) == Set(alphabet))
        // Uniform: each near 1000 (far outside a fair source's spread otherwise).
        #expect(counts.values.allSatisfy { (800...1200).contains($0) }, "\(counts)")
    }
}
