/* mseal (Linux 6.10): a sealed vma refuses munmap, mremap, mmap(MAP_FIXED) over
 * it and mprotect (EPERM), and discarding advice on read-only private anonymous
 * memory; /proc/self/smaps shows "sl"; the seal survives fork; the errors. */
#include "check.h"
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096UL
#define NR_mseal 462

static long mseal_(void *p, size_t len, unsigned long flags)
{
	return syscall(NR_mseal, p, len, flags);
}

/* Whether the smaps entry of the vma starting at addr has VmFlags "sl"; -1: none. */
static int smaps_sealed(void *addr)
{
	char line[512], want[32];
	int in = 0, ret = -1;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return -1;
	snprintf(want, sizeof want, "%lx-", (unsigned long)addr);
	while (fgets(line, sizeof line, f)) {
		if (strchr(line, '-') && strchr(line, '-') < strchr(line, ' '))
			in = !strncmp(line, want, strlen(want));
		else if (in && !strncmp(line, "VmFlags:", 8)) {
			ret = strstr(line, " sl") != NULL;
			break;
		}
	}
	fclose(f);
	return ret;
}

static long map_call(void *r) { return r == MAP_FAILED ? -1 : 0; }

int main(void)
{
	char *p = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	setvbuf(stdout, NULL, _IONBF, 0);
	if (mseal_(p, 0, 0) < 0 && errno == ENOSYS) {
		printf("mseal unavailable\n");
		return 77;
	}
	EXPECT_ERRNO("flags", mseal_(p, PG, 1), EINVAL);
	EXPECT_ERRNO("unaligned", mseal_(p + 1, PG, 0), EINVAL);
	EXPECT_ERRNO("wraps", mseal_(p, -PG, 0), EINVAL);
	CHECK("length 0", mseal_(p, 0, 0) == 0);
	munmap(p + 3 * PG, PG);
	EXPECT_ERRNO("a hole", mseal_(p + 2 * PG, 2 * PG, 0), ENOMEM);
	CHECK("a hole: nothing was sealed", smaps_sealed(p) == 0 && munmap(p + 2 * PG, PG) == 0);

	/* p: [0] open, [1] sealed read-write */
	CHECK("seal", mseal_(p + PG, PG, 0) == 0);
	CHECK("seal again", mseal_(p + PG, PG, 0) == 0);
	CHECK("smaps: sl", smaps_sealed(p + PG) == 1 && smaps_sealed(p) == 0);
	p[PG] = 'x';
	CHECK("the sealed page stays writable", p[PG] == 'x');
	EXPECT_ERRNO("munmap", munmap(p, 2 * PG), EPERM);
	EXPECT_ERRNO("mprotect", mprotect(p + PG, PG, PROT_READ), EPERM);
	EXPECT_ERRNO("mprotect to the same", mprotect(p + PG, PG, PROT_READ | PROT_WRITE), EPERM);
	EXPECT_ERRNO("mremap: move", map_call(mremap(p + PG, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, p + 8 * PG)), EPERM);
	EXPECT_ERRNO("mremap: grow", map_call(mremap(p + PG, PG, 2 * PG, MREMAP_MAYMOVE)), EPERM);
	char *q = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	EXPECT_ERRNO("mremap: onto it", map_call(mremap(q, PG, PG, MREMAP_MAYMOVE | MREMAP_FIXED, p + PG)), EPERM);
	EXPECT_ERRNO("mmap MAP_FIXED over it",
		     map_call(mmap(p + PG, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0)), EPERM);
	CHECK("MADV_DONTNEED on writable memory", madvise(p + PG, PG, MADV_DONTNEED) == 0 && p[PG] == 0);
	CHECK("the open page still goes", munmap(p, PG) == 0);

	/* read-only private anonymous memory (a page with data in it): its contents are
	 * sealed too */
	CHECK("fill the read-only page", mprotect(q, PG, PROT_READ | PROT_WRITE) == 0 &&
	      (q[0] = 'r') && mprotect(q, PG, PROT_READ) == 0);
	CHECK("seal read-only", mseal_(q, PG, 0) == 0);
	EXPECT_ERRNO("MADV_DONTNEED on read-only", madvise(q, PG, MADV_DONTNEED), EPERM);
	EXPECT_ERRNO("MADV_FREE on read-only", madvise(q, PG, MADV_FREE), EPERM);
	CHECK("MADV_WILLNEED on read-only", madvise(q, PG, MADV_WILLNEED) == 0);
	CHECK("its data stays", q[0] == 'r');

	pid_t pid = fork();
	if (pid == 0)
		_exit(munmap(p + PG, PG) == -1 && errno == EPERM ? 0 : 1);
	int st = 0;
	waitpid(pid, &st, 0);
	CHECK("fork: the child's copy is sealed", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return failures;
}
