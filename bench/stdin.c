/* Reads stdin to its end, 64 KiB at a time, and prints how many bytes and their
 * FNV-1a hash: a program whose input comes from outside (bench/record.sh). */
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	static unsigned char buf[1 << 16];
	uint64_t h = 0xcbf29ce484222325ULL, total = 0;
	ssize_t n;

	while ((n = read(0, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			h = (h ^ buf[i]) * 0x100000001b3ULL;
		total += n;
	}
	printf("%llu bytes, hash %016llx\n", (unsigned long long)total, (unsigned long long)h);
	return 0;
}
