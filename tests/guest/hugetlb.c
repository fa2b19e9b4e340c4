/* MAP_HUGETLB anonymous memory against the pool root sizes through
 * /proc/sys/vm/nr_hugepages: ENOMEM when it is short, 2 MiB-aligned mappings,
 * HugePages_Total/Free in /proc/meminfo. The test sets the pool itself and puts
 * back what was there. It needs root, a writable vm.nr_hugepages (not a container's
 * read-only /proc/sys), a pool nobody uses and two pages to give: where the host
 * lacks one of them it exits 77, which compare.sh reports as skipped. */
#include "check.h"
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#define HPAGE (2UL << 20)
#define NR_HUGEPAGES "/proc/sys/vm/nr_hugepages"

static long meminfo(const char *key)
{
	char line[128];
	long v = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, key, strlen(key)) && line[strlen(key)] == ':')
			v = atol(line + strlen(key) + 1);
	if (f)
		fclose(f);
	return v;
}

static int set_pool(long n)
{
	FILE *f = fopen(NR_HUGEPAGES, "w");

	if (!f)
		return -1;
	fprintf(f, "%ld\n", n);
	return fclose(f);
}

static long get_pool(void)
{
	long n = -1;
	FILE *f = fopen(NR_HUGEPAGES, "r");

	if (f && fscanf(f, "%ld", &n) != 1)
		n = -1;
	if (f)
		fclose(f);
	return n;
}

static char *huge(size_t len, int flags)
{
	return mmap(NULL, len, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
}

static long call(void *r) { return r == MAP_FAILED ? -1 : 0; }

static void empty_pool(void)
{
	EXPECT_ERRNO("private from an empty pool", call(huge(HPAGE, MAP_PRIVATE)), ENOMEM);
	EXPECT_ERRNO("shared from an empty pool", call(huge(HPAGE, MAP_SHARED)), ENOMEM);
}

static void two_pages(void)
{
	CHECK("pool reads back", get_pool() == 2 && meminfo("HugePages_Total") == 2 &&
				 meminfo("HugePages_Free") == 2);
	char *p = huge(2 * HPAGE, MAP_SHARED);
	CHECK("shared mapping of two", p != MAP_FAILED && !((uintptr_t)p & (HPAGE - 1)));
	if (p == MAP_FAILED)
		return;
	p[0] = 1;
	p[HPAGE] = 2;
	EXPECT_ERRNO("munmap inside a huge page", munmap(p + 4096, 4096), EINVAL);
	EXPECT_ERRNO("mprotect of part of a huge page", mprotect(p, HPAGE + 4096, PROT_READ), EINVAL);
	CHECK("both in use", meminfo("HugePages_Free") == 0 && meminfo("HugePages_Total") == 2);
	EXPECT_ERRNO("a third is ENOMEM", call(huge(HPAGE, MAP_PRIVATE)), ENOMEM);
	CHECK("munmap gives them back", munmap(p, 2 * HPAGE) == 0 && meminfo("HugePages_Free") == 2);

	char *q = huge(1, MAP_PRIVATE);
	CHECK("one byte takes a whole page", q != MAP_FAILED && !((uintptr_t)q & (HPAGE - 1)));
	if (q != MAP_FAILED) {
		q[HPAGE - 1] = 1;
		CHECK("... one in use", meminfo("HugePages_Free") == 1);
		munmap(q, HPAGE);
	}
	CHECK("all free again", meminfo("HugePages_Free") == 2);
}

static void errors(void)
{
	char path[] = "/tmp/hugetlbXXXXXX";
	int fd = mkstemp(path);

	unlink(path);
	EXPECT_ERRNO("MAP_HUGETLB of a regular file",
		     call(mmap(NULL, HPAGE, PROT_READ, MAP_SHARED | MAP_HUGETLB, fd, 0)), EINVAL);
	close(fd);
	EXPECT_ERRNO("MAP_FIXED at a 4 KiB boundary",
		     call(mmap((void *)(64 * HPAGE + 4096), HPAGE, PROT_READ,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_FIXED, -1, 0)), EINVAL);
}

int main(void)
{
	long saved = get_pool();

	if (saved < 0 || set_pool(0) || get_pool() != 0 || meminfo("HugePages_Total") != 0) {
		puts("cannot empty the huge page pool (not root, read-only, or pages in use)");
		if (saved >= 0)
			set_pool(saved);
		return 77;
	}
	empty_pool();
	errors();
	if (set_pool(2) || get_pool() != 2) {
		puts("the host cannot give two huge pages");
		set_pool(saved);
		return 77;
	}
	two_pages();
	set_pool(saved);
	CHECK("pool restored", get_pool() == saved);
	return failures;
}
