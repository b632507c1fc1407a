// PBKDF2-HMAC-SHA-256, the inner loop (RFC 8018 s5.2 step 3).
#include "CWerkCrypto.h"
#include <string.h>

/// Writes `words` as big-endian bytes at `out`.
static inline void storeBigEndian(uint8_t *out, const uint32_t *words, int count) {
    for (int i = 0; i < count; i++) {
        out[4 * i] = (uint8_t)(words[i] >> 24);
        out[4 * i + 1] = (uint8_t)(words[i] >> 16);
        out[4 * i + 2] = (uint8_t)(words[i] >> 8);
        out[4 * i + 3] = (uint8_t)words[i];
    }
}

void werk_pbkdf2_sha256_iterate(const uint32_t inner[8], const uint32_t outer[8], uint8_t block[32],
                                uint64_t iterations) {
    // Each U_j = HMAC(P, U_{j-1}) = H((K^opad) || H((K^ipad) || U_{j-1})) (RFC 2104). Both
    // messages after the pad block are 32 bytes, so each hash is one more block, padded as
    // FIPS 180-4 s5.1.1 says for a 96-byte message (768 bits): 0x80, zeros, the length.
    uint8_t message[64];
    memset(message, 0, sizeof message);
    message[32] = 0x80;
    message[62] = 0x03;  // 768 = 0x0300
    uint8_t u[32];
    memcpy(u, block, 32);
    uint32_t state[8];
    for (uint64_t j = 1; j < iterations; j++) {
        memcpy(message, u, 32);
        memcpy(state, inner, sizeof state);
        werk_sha256_compress(state, message, 1);
        storeBigEndian(message, state, 8);
        memcpy(state, outer, sizeof state);
        werk_sha256_compress(state, message, 1);
        storeBigEndian(u, state, 8);
        for (int i = 0; i < 32; i++) block[i] ^= u[i];
    }
}
