/* The seeded generator behind getrandom, AT_RANDOM and scheduling choices. */
#ifndef EMU_RANDOM_H
#define EMU_RANDOM_H
#include <stddef.h>
#include <stdint.h>

void prandom_seed(uint64_t seed);
uint64_t prandom_u64(void);
void prandom_bytes(void *buf, size_t n);

#endif
