// CWerkCrypto: the hot loops of Werk's hashing, in C so they can use the CPU's SHA-256
// instructions and SSE2 vectors. Each function is one step of its standard; the Swift side
// (Sources/Werk/Crypto) checks parameters, allocates memory and composes the steps.
#ifndef CWERKCRYPTO_H
#define CWERKCRYPTO_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// MARK: SHA-256 (FIPS 180-4)

/// Runs the SHA-256 compression function (FIPS 180-4 s6.2.2) over `blocks` 64-byte blocks,
/// updating the eight-word hash value `state`. Uses the SHA extensions when the CPU has them
/// (checked once with cpuid), else the portable code.
void werk_sha256_compress(uint32_t state[8], const uint8_t *data, size_t blocks);

/// The portable compression function, always available (for tests and other CPUs).
void werk_sha256_compress_portable(uint32_t state[8], const uint8_t *data, size_t blocks);

/// The compression function with the x86 SHA extensions; only call it when
/// `werk_sha256_has_sha_extensions()` is true.
void werk_sha256_compress_sha_extensions(uint32_t state[8], const uint8_t *data, size_t blocks);

/// 1 when the CPU has the SHA extensions (with SSSE3 and SSE4.1), else 0.
int werk_sha256_has_sha_extensions(void);

// MARK: PBKDF2-HMAC-SHA-256 (RFC 8018)

/// RFC 8018 s5.2 step 3, the iterations of F for one block: `block` holds U_1 on entry and
/// T = U_1 ^ U_2 ^ ... ^ U_c on return. `inner` and `outer` are the SHA-256 states after
/// absorbing (key ^ ipad) and (key ^ opad) (RFC 2104), computed once per derivation.
void werk_pbkdf2_sha256_iterate(const uint32_t inner[8], const uint32_t outer[8], uint8_t block[32],
                                uint64_t iterations);

// MARK: scrypt (RFC 7914)

/// RFC 7914 s3: the Salsa20/8 core applied in place to one 64-byte block (little-endian words).
void werk_salsa20_8(uint8_t block[64]);

/// The same core in plain C, always available (checks the vector code in tests).
void werk_salsa20_8_portable(uint8_t block[64]);

/// RFC 7914 s4: scryptBlockMix of the 128*r bytes at `input` into the 128*r bytes at `output`.
void werk_scrypt_blockmix(const uint8_t *input, uint8_t *output, size_t r);

/// RFC 7914 s5: scryptROMix of the 128*r bytes at `block`, in place, with cost `n` (a power of
/// two). `v` is the working memory of 128*r*n bytes and `xy` scratch of 256*r bytes, both
/// aligned to 64 bytes; the caller owns both.
void werk_scrypt_romix(uint8_t *block, size_t r, uint64_t n, void *v, void *xy);

// MARK: Random bytes

/// Fills `length` bytes at `buffer` from the kernel's secure random source (`getrandom(2)`
/// with no flags on Linux, retrying interrupted and partial reads): 0, or the errno.
int werk_getrandom(void *buffer, size_t length);

#ifdef __cplusplus
}
#endif

#endif
