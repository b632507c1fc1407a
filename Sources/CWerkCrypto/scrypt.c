// scrypt's inner steps (RFC 7914 s3-s5): Salsa20/8, scryptBlockMix and scryptROMix.
//
// Inside ROMix every 64-byte block is kept "shuffled": position i holds word (5*i) % 16 of
// the RFC's block, so the four diagonals of the Salsa20 matrix are four consecutive words
// and each fits one SSE2 vector. Blocks are shuffled once on the way in and once on the way
// out; the 128*r*N bytes of V stay shuffled, which Integerify accounts for.
#include "CWerkCrypto.h"
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define WERK_SSE2 1
#endif

static inline uint32_t loadLE(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline void storeLE(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

/// Bytes of `blocks` RFC blocks at `source` into shuffled words at `target`.
static void shuffleIn(uint32_t *target, const uint8_t *source, size_t blocks) {
    for (size_t b = 0; b < blocks; b++)
        for (int i = 0; i < 16; i++) target[16 * b + i] = loadLE(source + 64 * b + 4 * ((5 * i) % 16));
}

/// Shuffled words at `source` back into RFC byte order at `target`.
static void shuffleOut(uint8_t *target, const uint32_t *source, size_t blocks) {
    for (size_t b = 0; b < blocks; b++)
        for (int i = 0; i < 16; i++) storeLE(target + 64 * b + 4 * ((5 * i) % 16), source[16 * b + i]);
}

#define ROTL(a, b) (((a) << (b)) | ((a) >> (32 - (b))))

/// RFC 7914 s3 in plain C on the RFC's word order: 8 rounds (4 double rounds) of Salsa20,
/// then the input added word by word.
static void salsaCoreScalar(uint32_t b[16]) {
    uint32_t x[16];
    memcpy(x, b, sizeof x);
    for (int i = 8; i > 0; i -= 2) {
        // Column round.
        x[4] ^= ROTL(x[0] + x[12], 7);   x[8] ^= ROTL(x[4] + x[0], 9);
        x[12] ^= ROTL(x[8] + x[4], 13);  x[0] ^= ROTL(x[12] + x[8], 18);
        x[9] ^= ROTL(x[5] + x[1], 7);    x[13] ^= ROTL(x[9] + x[5], 9);
        x[1] ^= ROTL(x[13] + x[9], 13);  x[5] ^= ROTL(x[1] + x[13], 18);
        x[14] ^= ROTL(x[10] + x[6], 7);  x[2] ^= ROTL(x[14] + x[10], 9);
        x[6] ^= ROTL(x[2] + x[14], 13);  x[10] ^= ROTL(x[6] + x[2], 18);
        x[3] ^= ROTL(x[15] + x[11], 7);  x[7] ^= ROTL(x[3] + x[15], 9);
        x[11] ^= ROTL(x[7] + x[3], 13);  x[15] ^= ROTL(x[11] + x[7], 18);
        // Row round.
        x[1] ^= ROTL(x[0] + x[3], 7);    x[2] ^= ROTL(x[1] + x[0], 9);
        x[3] ^= ROTL(x[2] + x[1], 13);   x[0] ^= ROTL(x[3] + x[2], 18);
        x[6] ^= ROTL(x[5] + x[4], 7);    x[7] ^= ROTL(x[6] + x[5], 9);
        x[4] ^= ROTL(x[7] + x[6], 13);   x[5] ^= ROTL(x[4] + x[7], 18);
        x[11] ^= ROTL(x[10] + x[9], 7);  x[8] ^= ROTL(x[11] + x[10], 9);
        x[9] ^= ROTL(x[8] + x[11], 13);  x[10] ^= ROTL(x[9] + x[8], 18);
        x[12] ^= ROTL(x[15] + x[14], 7); x[13] ^= ROTL(x[12] + x[15], 9);
        x[14] ^= ROTL(x[13] + x[12], 13); x[15] ^= ROTL(x[14] + x[13], 18);
    }
    for (int i = 0; i < 16; i++) b[i] += x[i];
}

void werk_salsa20_8_portable(uint8_t block[64]) {
    uint32_t b[16];
    for (int i = 0; i < 16; i++) b[i] = loadLE(block + 4 * i);
    salsaCoreScalar(b);
    for (int i = 0; i < 16; i++) storeLE(block + 4 * i, b[i]);
}

#ifdef WERK_SSE2
typedef __m128i Row;
#define ROTV(v, n) _mm_or_si128(_mm_slli_epi32((v), (n)), _mm_srli_epi32((v), 32 - (n)))

/// RFC 7914 s3 on one shuffled block held in four vectors (x0,x5,x10,x15), (x4,x9,x14,x3),
/// (x8,x13,x2,x7), (x12,x1,x6,x11): a column round works on them as they are; the row round
/// first rotates rows 1-3 by one, two and three lanes, and rotates them back after.
static inline void salsaCore(Row x[4]) {
    Row a = x[0], b = x[1], c = x[2], d = x[3];
    for (int i = 8; i > 0; i -= 2) {
        b = _mm_xor_si128(b, ROTV(_mm_add_epi32(a, d), 7));
        c = _mm_xor_si128(c, ROTV(_mm_add_epi32(b, a), 9));
        d = _mm_xor_si128(d, ROTV(_mm_add_epi32(c, b), 13));
        a = _mm_xor_si128(a, ROTV(_mm_add_epi32(d, c), 18));
        b = _mm_shuffle_epi32(b, 0x93);
        c = _mm_shuffle_epi32(c, 0x4E);
        d = _mm_shuffle_epi32(d, 0x39);
        d = _mm_xor_si128(d, ROTV(_mm_add_epi32(a, b), 7));
        c = _mm_xor_si128(c, ROTV(_mm_add_epi32(d, a), 9));
        b = _mm_xor_si128(b, ROTV(_mm_add_epi32(c, d), 13));
        a = _mm_xor_si128(a, ROTV(_mm_add_epi32(b, c), 18));
        b = _mm_shuffle_epi32(b, 0x39);
        c = _mm_shuffle_epi32(c, 0x4E);
        d = _mm_shuffle_epi32(d, 0x93);
    }
    x[0] = _mm_add_epi32(x[0], a);
    x[1] = _mm_add_epi32(x[1], b);
    x[2] = _mm_add_epi32(x[2], c);
    x[3] = _mm_add_epi32(x[3], d);
}

static inline void loadRow(Row x[4], const uint32_t *p) {
    for (int k = 0; k < 4; k++) x[k] = _mm_load_si128((const __m128i *)(p + 4 * k));
}
static inline void xorRow(Row x[4], const uint32_t *p) {
    for (int k = 0; k < 4; k++) x[k] = _mm_xor_si128(x[k], _mm_load_si128((const __m128i *)(p + 4 * k)));
}
static inline void storeRow(uint32_t *p, const Row x[4]) {
    for (int k = 0; k < 4; k++) _mm_store_si128((__m128i *)(p + 4 * k), x[k]);
}
#else
typedef struct { uint32_t w[16]; } RowBlock;
typedef RowBlock Row;
/// Salsa20/8 on a shuffled block without vectors: unshuffle, run the scalar core, shuffle.
static inline void salsaCore(Row x[4]) {
    uint32_t b[16];
    for (int i = 0; i < 16; i++) b[(5 * i) % 16] = x[0].w[i];
    salsaCoreScalar(b);
    for (int i = 0; i < 16; i++) x[0].w[i] = b[(5 * i) % 16];
}
static inline void loadRow(Row x[4], const uint32_t *p) { memcpy(x[0].w, p, 64); }
static inline void xorRow(Row x[4], const uint32_t *p) { for (int i = 0; i < 16; i++) x[0].w[i] ^= p[i]; }
static inline void storeRow(uint32_t *p, const Row x[4]) { memcpy(p, x[0].w, 64); }
#endif

/// RFC 7914 s4 on shuffled blocks, with the input first XORed with `mask` when it is not
/// NULL (ROMix step 3's X xor V_j, fused so the XOR costs no extra pass):
/// X = B[2r-1]; for each i: X = Salsa(X xor B[i]), Y_i = X; output = (Y_0, Y_2, ..., Y_1, Y_3, ...).
static inline void blockMix(const uint32_t *input, const uint32_t *mask, uint32_t *output, size_t r) {
    Row x[4];
    loadRow(x, input + (2 * r - 1) * 16);
    if (mask) xorRow(x, mask + (2 * r - 1) * 16);
    for (size_t i = 0; i < 2 * r; i++) {
        xorRow(x, input + i * 16);
        if (mask) xorRow(x, mask + i * 16);
        salsaCore(x);
        storeRow(output + ((i & 1) ? r + i / 2 : i / 2) * 16, x);
    }
}

/// Integerify (RFC 7914 s5): the first eight bytes of the last 64-byte block as a
/// little-endian integer. In the shuffled order word 0 is at position 0 and word 1 at 13.
static inline uint64_t integerify(const uint32_t *x, size_t r) {
    const uint32_t *last = x + (2 * r - 1) * 16;
    return (uint64_t)last[13] << 32 | last[0];
}

void werk_salsa20_8(uint8_t block[64]) {
    uint32_t words[16] __attribute__((aligned(64)));
    Row x[4];
    shuffleIn(words, block, 1);
    loadRow(x, words);
    salsaCore(x);
    storeRow(words, x);
    shuffleOut(block, words, 1);
}

void werk_scrypt_blockmix(const uint8_t *input, uint8_t *output, size_t r) {
    uint32_t *words = aligned_alloc(64, 256 * r);
    if (!words) return;
    shuffleIn(words, input, 2 * r);
    blockMix(words, NULL, words + 32 * r, r);
    shuffleOut(output, words + 32 * r, 2 * r);
    free(words);
}

void werk_scrypt_romix(uint8_t *block, size_t r, uint64_t n, void *v, void *xy) {
    const size_t words = 32 * r;  // one 128*r-byte block, in 32-bit words
    uint32_t *x = xy, *y = x + words, *vw = v;
    // Step 1: X = B.
    shuffleIn(vw, block, 2 * r);
    // Step 2: V_i = X; X = BlockMix(X), writing each result straight into the next V_i.
    for (uint64_t i = 0; i + 1 < n; i++) blockMix(vw + i * words, NULL, vw + (i + 1) * words, r);
    blockMix(vw + (n - 1) * words, NULL, x, r);
    // Step 3: j = Integerify(X) mod N; X = BlockMix(X xor V_j), two iterations per pass so
    // X and Y swap roles instead of being copied (N is a power of two, so even).
    for (uint64_t i = 0; i < n; i += 2) {
        blockMix(x, vw + (integerify(x, r) & (n - 1)) * words, y, r);
        blockMix(y, vw + (integerify(y, r) & (n - 1)) * words, x, r);
    }
    // Step 4: B' = X.
    shuffleOut(block, x, 2 * r);
}
