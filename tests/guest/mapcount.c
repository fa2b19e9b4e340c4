/* vm.max_map_count (65530 by default): mmap fails with ENOMEM once a process has
 * more vmas than that; at the limit munmap may not punch a hole in a vma, nor may
 * mprotect split one, but munmap may cut a vma's end and unmap whole vmas, after
 * which mmap works again. 3-page regions with a gap between them, so none merge. */
#include "check.h"
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define PG 4096UL
#define REGION (3 * PG)

static char *regions[70000];
static int n;

static char *map_at(uintptr_t addr)
{
	return mmap((void *)addr, REGION, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE,
		    -1, 0);
}

int main(void)
{
	uintptr_t addr = 0x10000000UL;
	char *p;

	for (;;) {
		p = map_at(addr);
		if (p == MAP_FAILED && errno != EEXIST)
			break;
		if (p != MAP_FAILED)
			regions[n++] = p;
		addr += 2 * REGION;
		if (n == 70000)
			break;
	}
	CHECK("mmap stops with ENOMEM", n < 70000 && errno == ENOMEM);
	CHECK("after tens of thousands", n > 65000);
	char *r = regions[10];
	EXPECT_ERRNO("munmap a hole", munmap(r + PG, PG), ENOMEM);
	EXPECT_ERRNO("mprotect the middle", mprotect(r + PG, PG, PROT_NONE), ENOMEM);
	EXPECT_ERRNO("mprotect the head", mprotect(r, PG, PROT_NONE), ENOMEM);
	CHECK("mprotect a whole vma", mprotect(r, REGION, PROT_NONE) == 0);
	CHECK("munmap the tail", munmap(r + 2 * PG, PG) == 0);
	CHECK("munmap the head", munmap(r, PG) == 0);
	EXPECT_ERRNO("still no mmap", map_at(addr), ENOMEM);
	CHECK("munmap a whole vma", munmap(regions[20], REGION) == 0);
	CHECK("then one more mmap", map_at(addr) != MAP_FAILED);
	EXPECT_ERRNO("and no other", map_at(addr + 2 * REGION), ENOMEM);
	EXPECT_ERRNO("MAP_FIXED into the middle of a vma",
		     mmap(regions[30] + PG, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
			  -1, 0), ENOMEM);
	for (int i = 40; i < 50; i++)
		munmap(regions[i], REGION);
	CHECK("room again: a hole may be punched", munmap(regions[30] + PG, PG) == 0);
	return failures;
}
