/* mremap(MREMAP_DONTUNMAP): the pages move, the old range stays mapped and empty
 * (zeroes for private anonymous memory, the object's pages for a shared mapping),
 * mlock does not follow the old range, and Linux's EINVAL combinations. */
#include "check.h"
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PG 4096UL

static long call(void *r) { return r == MAP_FAILED ? -1 : 0; }

static char *anon(size_t len, int flags)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
}

/* "Locked:" of the vma at addr in /proc/self/smaps, in kB, or -1. */
static long smaps_locked(void *addr)
{
	char line[256], want[32];
	long kb = -1;
	int in = 0;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return -1;
	snprintf(want, sizeof want, "%lx-", (unsigned long)addr);
	while (fgets(line, sizeof line, f)) {
		if (strchr(line, '-') && strchr(line, '-') < strchr(line, ' '))
			in = !strncmp(line, want, strlen(want));
		else if (in && sscanf(line, "Locked: %ld", &kb) == 1)
			break;
	}
	fclose(f);
	return kb;
}

static void errors(void)
{
	char *p = anon(2 * PG, MAP_PRIVATE);

	EXPECT_ERRNO("DONTUNMAP without MAYMOVE", call(mremap(p, PG, PG, MREMAP_DONTUNMAP, NULL)), EINVAL);
	EXPECT_ERRNO("DONTUNMAP growing", call(mremap(p, PG, 2 * PG, MREMAP_DONTUNMAP | MREMAP_MAYMOVE, NULL)), EINVAL);
	EXPECT_ERRNO("DONTUNMAP shrinking", call(mremap(p, 2 * PG, PG, MREMAP_DONTUNMAP | MREMAP_MAYMOVE, NULL)), EINVAL);
	EXPECT_ERRNO("DONTUNMAP of an unaligned address",
		     call(mremap(p + 1, PG, PG, MREMAP_DONTUNMAP | MREMAP_MAYMOVE, NULL)), EINVAL);
	EXPECT_ERRNO("DONTUNMAP with FIXED onto itself",
		     call(mremap(p, PG, PG, MREMAP_DONTUNMAP | MREMAP_MAYMOVE | MREMAP_FIXED, p)), EINVAL);
	EXPECT_ERRNO("DONTUNMAP with an unaligned hint",
		     call(mremap(p, PG, PG, MREMAP_DONTUNMAP | MREMAP_MAYMOVE, (void *)(3 * PG + 1))), EINVAL);
	EXPECT_ERRNO("DONTUNMAP with a hint overlapping the old range",
		     call(mremap(p, 2 * PG, 2 * PG, MREMAP_DONTUNMAP | MREMAP_MAYMOVE, p + PG)), EINVAL);
	munmap(p, 2 * PG);
	EXPECT_ERRNO("DONTUNMAP of unmapped memory", call(mremap(p, PG, PG, MREMAP_DONTUNMAP | MREMAP_MAYMOVE, NULL)), EFAULT);
}

static void private_anon(void)
{
	char *p = anon(2 * PG, MAP_PRIVATE);

	strcpy(p, "first");
	strcpy(p + PG, "second");
	char *q = mremap(p, 2 * PG, 2 * PG, MREMAP_DONTUNMAP | MREMAP_MAYMOVE, NULL);
	CHECK("private: moves", q != MAP_FAILED && q != p);
	CHECK("private: the new range has the pages", !strcmp(q, "first") && !strcmp(q + PG, "second"));
	CHECK("private: the old range is zero", p[0] == 0 && p[PG] == 0);
	p[0] = 'x';
	CHECK("private: the old range is writable and apart", q[0] == 'f' && p[0] == 'x');
	munmap(q, 2 * PG);
	munmap(p, 2 * PG);
}

static void shared_anon(void)
{
	char *p = anon(PG, MAP_SHARED);

	strcpy(p, "shared");
	char *q = mremap(p, PG, PG, MREMAP_DONTUNMAP | MREMAP_MAYMOVE, NULL);
	CHECK("shared: moves", q != MAP_FAILED && q != p);
	CHECK("shared: the old range refaults the same page", !strcmp(p, "shared") && !strcmp(q, "shared"));
	q[0] = 'S';
	CHECK("shared: both see a write", p[0] == 'S');
	munmap(q, PG);
	munmap(p, PG);
}

static void fixed_and_part(void)
{
	char *p = anon(3 * PG, MAP_PRIVATE);
	char *dst = anon(PG, MAP_PRIVATE);

	memset(p, 'a', 3 * PG);
	CHECK("FIXED: lands at new_addr", mremap(p + PG, PG, PG, MREMAP_DONTUNMAP | MREMAP_MAYMOVE | MREMAP_FIXED, dst) == dst);
	CHECK("FIXED: moved the middle page", dst[0] == 'a' && p[PG] == 0 && p[0] == 'a' && p[2 * PG] == 'a');
	munmap(dst, PG);
	munmap(p, 3 * PG);
}

static void locked(void)
{
	char *p = anon(PG, MAP_PRIVATE);

	p[0] = 1;
	if (mlock(p, PG)) {
		printf("mlock: %s\n", strerrorname_np_(errno));
		return;
	}
	char *q = mremap(p, PG, PG, MREMAP_DONTUNMAP | MREMAP_MAYMOVE, NULL);
	CHECK("mlock: moves", q != MAP_FAILED);
	CHECK("mlock: the new range is locked", smaps_locked(q) == 4);
	CHECK("mlock: the old range is not", smaps_locked(p) == 0);
	munmap(q, PG);
	munmap(p, PG);
}

int main(void)
{
	errors();
	private_anon();
	shared_anon();
	fixed_and_part();
	locked();
	return failures;
}
