/* MAP_GROWSDOWN: an access below such a mapping grows it down to the page touched
 * (by the program or by the kernel writing a read's data), unless an accessible
 * mapping lies within stack_guard_gap (256 pages) below the new start, or the
 * stack would exceed RLIMIT_STACK; then SIGSEGV. mmap does not place new mappings
 * in the gap. Each case runs in a child on a fresh reserved region. */
#include "check.h"
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG 4096UL
#define REGION 2048UL /* pages reserved per case */
#define TOP 2000UL    /* the growsdown page, in pages from the region's start */

static char *region;

/* A fresh region: nothing mapped in it but one growsdown page at TOP. */
static char *reserve(void)
{
	char *r = mmap(NULL, REGION * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (r == MAP_FAILED)
		exit(90);
	munmap(r, REGION * PG);
	if (mmap(r + TOP * PG, PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, -1, 0) == MAP_FAILED)
		exit(91);
	return r;
}

/* The start of the mapping that holds p, from /proc/self/maps. */
static uintptr_t map_start(void *p)
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long lo, hi, found = 0;
	char line[512];

	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo <= (uintptr_t)p && (uintptr_t)p < hi)
			found = lo;
	if (f)
		fclose(f);
	return found;
}

/* "exit N" or "signal NAME" of a child running fn. */
static void run(const char *name, int (*fn)(void))
{
	int st;
	pid_t p;

	fflush(stdout);
	if (!(p = fork())) {
		region = reserve();
		_exit(fn());
	}
	waitpid(p, &st, 0);
	if (WIFEXITED(st))
		printf("%s: exit %d\n", name, WEXITSTATUS(st));
	else
		printf("%s: signal %s\n", name, WTERMSIG(st) == SIGSEGV ? "SIGSEGV" : "other");
}

static int touch_10_below(void)
{
	char *at = region + (TOP - 10) * PG + 123;

	*at = 5;
	return *at == 5 && map_start(at) == (uintptr_t)(region + (TOP - 10) * PG) &&
	       map_start(region + TOP * PG) == (uintptr_t)(region + (TOP - 10) * PG) ? 0 : 1;
}

static int touch_far_below(void)
{
	volatile char *at = region + 600 * PG;

	return *at; /* a read grows it too, and reads zero */
}

static int kernel_write_below(void)
{
	int fd = open("/dev/zero", O_RDONLY);
	char *at = region + (TOP - 5) * PG;

	return read(fd, at, 3 * PG) == (ssize_t)(3 * PG) ? 0 : 1;
}

/* An accessible page at 100 leaves the gap [101, 357) pages untouchable. */
static void guard(int prot)
{
	mmap(region + 100 * PG, PG, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
}

static int gap_edge_ok(void)
{
	guard(PROT_READ);
	region[357 * PG] = 1;
	return 0;
}

static int gap_edge_fault(void)
{
	guard(PROT_READ);
	region[356 * PG] = 1;
	return 0;
}

static int gap_prot_none(void)
{
	guard(PROT_NONE);
	region[102 * PG] = 1; /* a PROT_NONE guard page does not count */
	return 0;
}

static int gap_growsdown_below(void)
{
	mmap(region + 100 * PG, PG, PROT_READ | PROT_WRITE,
	     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, -1, 0);
	region[102 * PG] = 1; /* another stack does not count either */
	return 0;
}

static int rlimit_ok(void)
{
	struct rlimit r = { 64 * PG, RLIM_INFINITY };

	setrlimit(RLIMIT_STACK, &r);
	region[(TOP + 1 - 64) * PG] = 1; /* 64 pages in all */
	return 0;
}

static int rlimit_fault(void)
{
	struct rlimit r = { 64 * PG, RLIM_INFINITY };

	setrlimit(RLIMIT_STACK, &r);
	region[(TOP - 64) * PG] = 1; /* 65 pages */
	return 0;
}

/* mmap's hint just below a stack lies in its gap: Linux looks elsewhere. */
static int hint_in_gap(void)
{
	char *want = region + (TOP - 1) * PG;
	char *got = mmap(want, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *below = region + (TOP - 300) * PG;
	char *got2 = mmap(below, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return (got == want ? 1 : 0) | (got2 == below ? 0 : 2);
}

int main(void)
{
	run("touch 10 pages below", touch_10_below);
	run("read 1600 pages below", touch_far_below);
	run("kernel writes below", kernel_write_below);
	run("257 pages above a mapping", gap_edge_ok);
	run("256 pages above a mapping", gap_edge_fault);
	run("above a PROT_NONE mapping", gap_prot_none);
	run("above another stack", gap_growsdown_below);
	run("RLIMIT_STACK reached", rlimit_ok);
	run("RLIMIT_STACK exceeded", rlimit_fault);
	run("mmap hint in the gap", hint_in_gap);
	EXPECT_ERRNO("shared growsdown EINVAL",
		     mmap(NULL, PG, PROT_READ, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0), EINVAL);
	return failures;
}
