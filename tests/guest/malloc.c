/* malloc on brk and mmap: small and large blocks, realloc keeps contents, calloc
 * zeroes, and brk/sbrk move the break. */
#include "check.h"
#include <stdint.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static uint32_t sum(const unsigned char *p, size_t n)
{
	uint32_t s = 0;
	for (size_t i = 0; i < n; i++)
		s = s * 31 + p[i];
	return s;
}

int main(void)
{
	void *small[1000];
	int ok = 1;

	for (int i = 0; i < 1000; i++) {
		small[i] = malloc(16 + i);
		memset(small[i], i & 0xff, 16 + i);
	}
	for (int i = 0; i < 1000; i++)
		if (((unsigned char *)small[i])[15 + i] != (i & 0xff))
			ok = 0;
	CHECK("1000 small blocks keep their bytes", ok);
	for (int i = 0; i < 1000; i += 2)
		free(small[i]);

	size_t big = 8 << 20;
	unsigned char *b = malloc(big);
	CHECK("8 MiB block", b != NULL);
	for (size_t i = 0; i < big; i++)
		b[i] = (unsigned char)(i * 7);
	uint32_t before = sum(b, big);
	b = realloc(b, 2 * big);
	CHECK("realloc to 16 MiB keeps contents", b && sum(b, big) == before);
	free(b);

	unsigned char *z = calloc(1 << 20, 4);
	ok = z != NULL;
	for (size_t i = 0; ok && i < (4u << 20); i++)
		ok = z[i] == 0;
	CHECK("calloc 4 MiB is zeroed", ok);
	free(z);

	char *r = malloc(100);
	strcpy(r, "grow me");
	for (int n = 200; n < 300000; n *= 2)
		r = realloc(r, n);
	CHECK("realloc chain keeps the string", !strcmp(r, "grow me"));
	free(r);

	/* the raw system call: musl's sbrk() only supports 0 */
	long cur = syscall(SYS_brk, 0);
	CHECK("brk(0) returns the break", cur > 0);
	CHECK("brk(+64 KiB) moves it", syscall(SYS_brk, cur + 65536) == cur + 65536);
	memset((char *)cur, 0x5a, 65536);
	CHECK("new heap is writable", ((char *)cur)[65535] == 0x5a);
	CHECK("brk below the start fails, returning the break",
	      syscall(SYS_brk, 4096) == cur + 65536);
	CHECK("brk back", syscall(SYS_brk, cur) == cur);
	for (int i = 1; i < 1000; i += 2)
		free(small[i]);
	return failures;
}
