/* compute: CPU-bound work with loads and stores: a sieve, a hash over a 4 MiB
 * buffer, and integer arithmetic. Prints a checksum so runners can be compared. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void)
{
	size_t n = 4 << 20;
	uint8_t *s = malloc(n);
	uint64_t h = 1469598103934665603ULL, x = 88172645463325252ULL;

	for (int round = 0; round < 48; round++) {
		memset(s, 1, n);
		for (size_t i = 2; i * i < n; i++)
			if (s[i])
				for (size_t j = i * i; j < n; j += i)
					s[j] = 0;
		for (size_t i = 0; i < n; i++)
			h = (h ^ s[i]) * 1099511628211ULL;
		for (int i = 0; i < 1000000; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			h += x % 1000003;
		}
	}
	printf("%016llx\n", (unsigned long long)h);
	free(s);
	return 0;
}
