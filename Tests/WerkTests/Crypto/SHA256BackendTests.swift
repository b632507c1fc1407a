import CWerkCrypto
import Testing
@testable import Werk

@Suite("SHA-256 compression backends")
struct SHA256BackendTests {
    /// The SHA-extension and portable compressions give the same state on many blocks;
    /// on a CPU without the extensions only the portable one runs (and the dispatch uses it).
    @Test func extensionsAndPortableAgree() {
        var data = [UInt8](repeating: 0, count: 64 * 37)
        for i in data.indices { data[i] = UInt8(truncatingIfNeeded: i &* 131 &+ 17) }
        var portable: [UInt32] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
        var dispatched = portable
        werk_sha256_compress_portable(&portable, data, 37)
        werk_sha256_compress(&dispatched, data, 37)
        #expect(portable == dispatched)
        if werk_sha256_has_sha_extensions() != 0 {
            var extensions: [UInt32] = [1, 2, 3, 4, 5, 6, 7, 8]
            var reference = extensions
            werk_sha256_compress_sha_extensions(&extensions, data, 37)
            werk_sha256_compress_portable(&reference, data, 37)
            #expect(extensions == reference)
        }
    }
}
