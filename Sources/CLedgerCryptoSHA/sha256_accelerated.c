// SHA-256 block compression with the CPU's hash instructions, chosen at run time.
//
// x86-64: Intel SHA extensions (SHA-NI: sha256rnds2, sha256msg1, sha256msg2) plus SSSE3/SSE4.1 for
// byte swapping and lane shuffles; detected with CPUID leaf 7 (EBX bit 29) and leaf 1 (ECX bits 9, 19).
// AArch64: ARMv8 SHA2 instructions (sha256h, sha256h2, sha256su0, sha256su1); detected with
// getauxval(AT_HWCAP) on Linux and assumed on Apple silicon, where every core has them.
// Elsewhere both functions report no support and the portable Swift code runs.
//
// The arithmetic is FIPS 180-4 §6.2.2; the Swift code in LedgerCrypto is the reference, and every
// SHA-256 test runs both paths and checks that they agree.
#include "CLedgerCryptoSHA.h"

#if defined(__x86_64__) || defined(__aarch64__)
// FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
static const uint32_t fl_sha256_round_constants[64] __attribute__((aligned(16))) = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
    0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
    0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
    0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
    0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};
#endif

#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

int fl_sha256_hardware_available(void) {
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int ssse3 = 1u << 9, sse41 = 1u << 19;
    if ((ecx & ssse3) == 0 || (ecx & sse41) == 0) return 0;
    if (!__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) return 0;
    const unsigned int sha = 1u << 29;
    return (ebx & sha) != 0;
}

// Four rounds: add the round constants to four schedule words, then two sha256rnds2 of two rounds
// each. `abef` and `cdgh` hold the working variables in the lane order the instruction expects.
__attribute__((target("sha,sse4.1"), always_inline)) static inline void fl_sha256_four_rounds(
    __m128i *abef, __m128i *cdgh, __m128i words, int group) {
    __m128i sum = _mm_add_epi32(
        words, _mm_load_si128((const __m128i *)(fl_sha256_round_constants + 4 * group)));
    *cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, sum);
    // After two rounds the roles swap: the new A,B,E,F came back in `cdgh`.
    *abef = _mm_sha256rnds2_epu32(*abef, *cdgh, _mm_shuffle_epi32(sum, 0x0E));
}

__attribute__((target("sha,sse4.1"))) void fl_sha256_compress_accelerated(
    uint32_t state[8], const uint8_t *blocks, size_t block_count) {
    // Big-endian words: reverse the bytes within each 32-bit lane.
    const __m128i byte_swap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    // state[0..3] = A B C D and state[4..7] = E F G H (lane 0 first) become ABEF and CDGH,
    // each with A (or C) in the highest lane.
    __m128i dcba = _mm_loadu_si128((const __m128i *)state);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)(state + 4));
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

    for (size_t block = 0; block < block_count; block++) {
        const uint8_t *input = blocks + 64 * block;
        const __m128i abef_saved = abef, cdgh_saved = cdgh;
        // FIPS 180-4 §6.2.2 step 1: W[0..15] are the block; W[t] for t >= 16 from the schedule.
        __m128i w[4];
        // Fully unrolled, so that the four schedule registers never go through memory.
#pragma clang loop unroll(full)
        for (int group = 0; group < 4; group++) {
            w[group] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(input + 16 * group)), byte_swap);
            fl_sha256_four_rounds(&abef, &cdgh, w[group], group);
        }
#pragma clang loop unroll(full)
        for (int group = 4; group < 16; group++) {
            // W[t..t+3] = σ1(W[t-2]) + W[t-7] + σ0(W[t-15]) + W[t-16]: msg1 adds σ0, the
            // shifted pair adds W[t-7], msg2 adds σ1.
            __m128i older = _mm_sha256msg1_epu32(w[group & 3], w[(group + 1) & 3]);
            older = _mm_add_epi32(older, _mm_alignr_epi8(w[(group + 3) & 3], w[(group + 2) & 3], 4));
            w[group & 3] = _mm_sha256msg2_epu32(older, w[(group + 3) & 3]);
            fl_sha256_four_rounds(&abef, &cdgh, w[group & 3], group);
        }
        // FIPS 180-4 §6.2.2 step 4.
        abef = _mm_add_epi32(abef, abef_saved);
        cdgh = _mm_add_epi32(cdgh, cdgh_saved);
    }

    __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
    _mm_storeu_si128((__m128i *)state, _mm_blend_epi16(feba, dchg, 0xF0));
    _mm_storeu_si128((__m128i *)(state + 4), _mm_alignr_epi8(dchg, feba, 8));
}

#elif defined(__aarch64__)
#include <arm_neon.h>
#if defined(__linux__)
#include <sys/auxv.h>
#endif

// Where the compiler's baseline already has SHA2 (Apple silicon, -march with +sha2) no attribute is
// needed; otherwise enable the instructions for these functions only.
#if defined(__ARM_FEATURE_SHA2)
#define FL_SHA2_TARGET
#else
#define FL_SHA2_TARGET __attribute__((target("sha2")))
#endif

int fl_sha256_hardware_available(void) {
#if defined(__APPLE__)
    return 1;
#elif defined(__linux__)
    // Linux arm64 HWCAP_SHA2 is bit 6 (arch/arm64/include/uapi/asm/hwcap.h).
    const unsigned long hwcap_sha2 = 1ul << 6;
    return (getauxval(AT_HWCAP) & hwcap_sha2) != 0;
#else
    return 0;
#endif
}

FL_SHA2_TARGET void fl_sha256_compress_accelerated(
    uint32_t state[8], const uint8_t *blocks, size_t block_count) {
    uint32x4_t abcd = vld1q_u32(state);
    uint32x4_t efgh = vld1q_u32(state + 4);
    for (size_t block = 0; block < block_count; block++) {
        const uint8_t *input = blocks + 64 * block;
        const uint32x4_t abcd_saved = abcd, efgh_saved = efgh;
        uint32x4_t w[4];
#pragma clang loop unroll(full)
        for (int group = 0; group < 16; group++) {
            if (group < 4) {
                // FIPS 180-4 §6.2.2 step 1: big-endian words of the block.
                w[group] = vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(input + 16 * group)));
            } else {
                w[group & 3] = vsha256su1q_u32(
                    vsha256su0q_u32(w[group & 3], w[(group + 1) & 3]), w[(group + 2) & 3],
                    w[(group + 3) & 3]);
            }
            const uint32x4_t sum = vaddq_u32(w[group & 3], vld1q_u32(fl_sha256_round_constants + 4 * group));
            const uint32x4_t abcd_before = abcd;
            abcd = vsha256hq_u32(abcd, efgh, sum);
            efgh = vsha256h2q_u32(efgh, abcd_before, sum);
        }
        abcd = vaddq_u32(abcd, abcd_saved);
        efgh = vaddq_u32(efgh, efgh_saved);
    }
    vst1q_u32(state, abcd);
    vst1q_u32(state + 4, efgh);
}

#else
int fl_sha256_hardware_available(void) { return 0; }

void fl_sha256_compress_accelerated(uint32_t state[8], const uint8_t *blocks, size_t block_count) {
    // Unreachable: callers check fl_sha256_hardware_available() first.
    (void)state; (void)blocks; (void)block_count;
}
#endif
