#ifndef CLEDGERCRYPTOSHA_H
#define CLEDGERCRYPTOSHA_H
#include <stddef.h>
#include <stdint.h>
/// Returns 1 when this CPU has SHA-256 instructions that sha256_compress_accelerated can use.
int fl_sha256_hardware_available(void);
/// Compresses `block_count` 64-byte blocks into `state` (8 words) with the CPU's SHA instructions.
/// Requires fl_sha256_hardware_available() == 1.
void fl_sha256_compress_accelerated(uint32_t state[8], const uint8_t *blocks, size_t block_count);
#endif
