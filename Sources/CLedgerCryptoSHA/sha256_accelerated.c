// Placeholder until the SHA-NI path lands: reports no hardware support, so the portable Swift path runs.
#include "CLedgerCryptoSHA.h"
int fl_sha256_hardware_available(void) { return 0; }
void fl_sha256_compress_accelerated(uint32_t state[8], const uint8_t *blocks, size_t block_count) {
    (void)state; (void)blocks; (void)block_count;
}
