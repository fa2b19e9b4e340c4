/* The fuzzers' generator: splitmix64, so a seed replays the same mutants and calls. */
#ifndef SPLITMIX64_H
#define SPLITMIX64_H
#include <stdint.h>

static uint64_t state;

static uint64_t next(void)
{
	uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#endif
