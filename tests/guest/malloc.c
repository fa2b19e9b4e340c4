/* malloc on brk and mmap: small and large blocks, realloc keeps contents, calloc
 * zeroes, a few MB in total, and brk/sbrk move the break (memory the break gives back
 * and takes again is zero, as Linux gives it). */
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

static int all(const unsigned char *p, size_t n, unsigned char v)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != v)
			return 0;
	return 1;
}

int main(void)
{
	void *small[1000];
	int ok = 1;

	uintptr_t heap_start = (uintptr_t)syscall(SYS_brk, 0);
	CHECK("brk(0) returns the break", heap_start != 0);

	for (int i = 0; i < 1000; i++) {
		small[i] = malloc(16 + i);
		if (!small[i])
			return 100;
		memset(small[i], i & 0xff, 16 + i);
	}
	for (int i = 0; i < 1000; i++)
		if (((unsigned char *)small[i])[15 + i] != (i & 0xff) || ((unsigned char *)small[i])[0] != (i & 0xff))
			ok = 0;
	CHECK("1000 small blocks keep their bytes", ok);
	CHECK("malloc returns 16-byte aligned blocks", ((uintptr_t)small[1] & 15) == 0 &&
	      ((uintptr_t)small[999] & 15) == 0);
	for (int i = 0; i < 1000; i += 2)
		free(small[i]);
	void *again = malloc(40);
	CHECK("malloc after free", again != NULL);
	memset(again, 0x11, 40);
	ok = 1;
	for (int i = 1; i < 1000; i += 2)
		if (!all(small[i], 16 + i, i & 0xff))
			ok = 0;
	CHECK("freeing neighbours leaves the others intact", ok);
	free(again);

	/* blocks above 128 KiB come from mmap, outside the brk heap */
	size_t big = 8 << 20;
	unsigned char *b = malloc(big);
	CHECK("8 MiB block", b != NULL);
	uintptr_t heap_end = (uintptr_t)syscall(SYS_brk, 0);
	CHECK("the 8 MiB block lies outside the brk heap", b && ((uintptr_t)b + big <= heap_start ||
							     (uintptr_t)b >= heap_end));
	for (size_t i = 0; i < big; i++)
		b[i] = (unsigned char)(i * 7);
	uint32_t before = sum(b, big);
	b = realloc(b, 2 * big);
	CHECK("realloc to 16 MiB keeps contents", b && sum(b, big) == before);
	memset(b + big, 0xee, big);
	b = realloc(b, 4096);
	ok = b != NULL;
	for (size_t i = 0; ok && i < 4096; i++)
		ok = b[i] == (unsigned char)(i * 7);
	CHECK("realloc down to 4 KiB keeps the head", ok);
	free(b);

	/* calloc must zero memory even where a freed block left bytes behind */
	unsigned char *dirty = malloc(300000);
	memset(dirty, 0xab, 300000);
	free(dirty);
	unsigned char *z = calloc(1 << 20, 4);
	CHECK("calloc 4 MiB is zeroed", z && all(z, 4u << 20, 0));
	free(z);
	dirty = malloc(1000);
	memset(dirty, 0xcd, 1000);
	free(dirty);
	z = calloc(250, 4);
	CHECK("small calloc after a dirty free is zeroed", z && all(z, 1000, 0));
	free(z);
	errno = 0;
	volatile size_t huge = SIZE_MAX / 2; /* volatile: gcc rejects a constant overflow */
	z = calloc(huge, 4);
	CHECK("calloc overflow fails with ENOMEM", z == NULL && errno == ENOMEM);

	/* a few MB of mixed sizes at once */
	void *mix[64];
	size_t total = 0;
	ok = 1;
	for (int i = 0; i < 64; i++) {
		size_t n = (size_t)(i % 8 + 1) * 12345;
		mix[i] = malloc(n);
		if (!mix[i]) {
			ok = 0;
			break;
		}
		memset(mix[i], i, n);
		total += n;
	}
	for (int i = 0; ok && i < 64; i++)
		ok = all(mix[i], (size_t)(i % 8 + 1) * 12345, (unsigned char)i);
	printf("mixed blocks: %zu bytes in 64 blocks\n", total);
	CHECK("mixed blocks keep their bytes", ok);
	for (int i = 0; i < 64; i++)
		free(mix[i]);

	char *r = malloc(100);
	strcpy(r, "grow me");
	for (int n = 200; n < 300000; n *= 2) {
		r = realloc(r, n);
		if (!r)
			return 101;
		memset(r + 8, 'g', n - 8);
	}
	CHECK("realloc chain keeps the string", !strcmp(r, "grow me"));
	free(r);
	for (int i = 1; i < 1000; i += 2)
		free(small[i]);

	/* the raw system call: brk answers with the new break, or the old one on failure */
	long cur = syscall(SYS_brk, 0);
	CHECK("brk(+64 KiB) moves it", syscall(SYS_brk, cur + 65536) == cur + 65536);
	CHECK("new heap memory is zero", all((unsigned char *)cur, 65536, 0));
	memset((char *)cur, 0x5a, 65536);
	CHECK("new heap is writable", ((char *)cur)[65535] == 0x5a);
	CHECK("brk below the start fails, returning the break",
	      syscall(SYS_brk, 4096) == cur + 65536);
	CHECK("brk to an unaligned value", syscall(SYS_brk, cur + 100) == cur + 100);
	CHECK("brk back", syscall(SYS_brk, cur) == cur);
	CHECK("brk(+64 KiB) again", syscall(SYS_brk, cur + 65536) == cur + 65536);
	/* the bytes between cur and the next page boundary were never unmapped */
	uintptr_t page_end = ((uintptr_t)cur + 4095) & ~(uintptr_t)4095;
	CHECK("a page given back and taken again is zero",
	      all((unsigned char *)page_end, cur + 65536 - page_end, 0));
	CHECK("brk back again", syscall(SYS_brk, cur) == cur);

	/* sbrk is libc's: musl's only supports sbrk(0) */
	CHECK("sbrk(0) is the break", (long)sbrk(0) == syscall(SYS_brk, 0));
#ifdef __GLIBC__
	char *old = sbrk(8192);
	CHECK("sbrk(8192) returns the old break", old != (void *)-1 && (long)sbrk(0) == (long)old + 8192);
	memset(old, 1, 8192);
	CHECK("sbrk(-8192) shrinks", sbrk(-8192) == old + 8192 && sbrk(0) == old);
#else
	errno = 0;
	CHECK("musl: sbrk(8192) fails with ENOMEM", sbrk(8192) == (void *)-1 && errno == ENOMEM);
#endif
	return failures;
}
