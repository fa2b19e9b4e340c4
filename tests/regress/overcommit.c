/* Linux's heuristic overcommit: a private writable mapping larger than the machine
 * is ENOMEM at mmap, not a SIGKILL later; MAP_NORESERVE and PROT_NONE reservations
 * (Go's and Java's heaps) are not counted. emu's machine is its guest pool. */
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>

static const char *try(int prot, int flags)
{
	void *p = mmap(NULL, 1UL << 40, prot, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
	return p != MAP_FAILED ? "mapped" : errno == ENOMEM ? "ENOMEM" : "another error";
}

int main(void)
{
	printf("1 TiB read-write: %s\n", try(PROT_READ | PROT_WRITE, 0));
	printf("1 TiB MAP_NORESERVE: %s\n", try(PROT_READ | PROT_WRITE, MAP_NORESERVE));
	printf("1 TiB PROT_NONE: %s\n", try(PROT_NONE, 0));
	return 0;
}
