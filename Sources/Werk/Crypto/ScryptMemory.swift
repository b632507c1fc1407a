// The working memory of one scrypt call, mapped from the kernel and unmapped after it.

#if canImport(Glibc)
import Glibc
#endif

/// scrypt's 128 * r * N bytes (32 MiB with Werkzeug's defaults), taken with mmap(2) and given
/// back with munmap(2) when the call ends. Not through malloc: an allocator may keep a freed
/// block of that size in its arena (glibc raises its mmap threshold up to 32 MiB after such
/// frees) or in a quarantine (AddressSanitizer), so the process's memory would stay grown
/// between calls. Mapped pages are the kernel's again as soon as the call returns.
struct ScryptMemory: ~Copyable {
    /// The start of the region, page-aligned (so 64-byte aligned as ROMix needs).
    let base: UnsafeMutableRawPointer
    /// Its length in bytes.
    let byteCount: Int

    /// Maps `byteCount` bytes of zeroed, private memory; throws when the kernel refuses.
    init(byteCount: Int) throws(KeyDerivationError) {
        let mapped = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let mapped, mapped != MAP_FAILED else {
            throw KeyDerivationError("scrypt: could not map \(byteCount) bytes of working memory (errno \(errno))")
        }
        base = mapped
        self.byteCount = byteCount
    }

    deinit { munmap(base, byteCount) }
}
