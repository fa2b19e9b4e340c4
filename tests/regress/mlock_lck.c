/* mlock's effects that a program can see: VmLck in /proc/self/status, madvise
 * refusing to drop locked pages, mlockall and munlockall; MADV_REMOVE on private
 * memory; mmap's EBADF before its other checks; the securebits prctl. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>

static long vmlck(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	while (f && fgets(line, sizeof line, f))
		if (!strncmp(line, "VmLck:", 6))
			sscanf(line + 6, "%ld", &kb);
	if (f)
		fclose(f);
	return kb;
}

static const char *e(long r)
{
	return r == 0 ? "ok" : errno == EINVAL ? "EINVAL" : errno == EBADF ? "EBADF" : strerror(errno);
}

int main(void)
{
	size_t len = 1 << 20;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	printf("VmLck at start: %ld kB\n", vmlck());
	printf("mlock 1 MiB: %s\n", e(mlock(p, len)));
	printf("VmLck: %ld kB\n", vmlck());
	printf("MADV_DONTNEED on locked pages: %s\n", e(madvise(p, 4096, MADV_DONTNEED)));
	printf("munlock half: %s\n", e(munlock(p, len / 2)));
	printf("VmLck: %ld kB\n", vmlck());
	printf("munlock the rest: %s\n", e(munlock(p + len / 2, len / 2)));
	printf("MADV_DONTNEED now: %s\n", e(madvise(p, 4096, MADV_DONTNEED)));
	printf("MADV_REMOVE on private memory: %s\n", e(madvise(p, 4096, MADV_REMOVE)));
	const char *r = e(mlockall(MCL_CURRENT));
	printf("mlockall(MCL_CURRENT): %s, something locked: %d\n", r, vmlck() > 0);
	r = e(munlockall());
	printf("munlockall: %s, VmLck %ld kB\n", r, vmlck());
	errno = 0;
	void *m = mmap(NULL, 0, PROT_READ, MAP_SHARED, -1, 0);
	printf("mmap of fd -1, length 0: %s\n", m == MAP_FAILED ? e(-1) : "mapped");
	printf("PR_GET_SECUREBITS: %d\n", prctl(PR_GET_SECUREBITS));
	return 0;
}
