/* Code written at run time runs, also when it replaces code that ran before in the
 * same memory: by a store, by a new mapping at the same place, and by read(). */
#include "check.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

static const unsigned char ret1[] = { 0xb8, 1, 0, 0, 0, 0xc3 }; /* mov eax, 1; ret */
static const unsigned char ret2[] = { 0xb8, 2, 0, 0, 0, 0xc3 };

static int call(void *code)
{
	return ((int (*)(void))code)();
}

int main(void)
{
	int prot = PROT_READ | PROT_WRITE | PROT_EXEC, flags = MAP_PRIVATE | MAP_ANONYMOUS;
	unsigned char *p = mmap(NULL, 4096, prot, flags, -1, 0);

	memcpy(p, ret1, sizeof ret1);
	CHECK("generated code runs", call(p) == 1);
	memcpy(p, ret2, sizeof ret2);
	CHECK("rewritten code runs", call(p) == 2);
	for (int i = 0; i < 3; i++) {
		munmap(p, 4096);
		p = mmap(NULL, 4096, prot, flags, -1, 0);
		memcpy(p, i % 2 ? ret2 : ret1, sizeof ret1);
		CHECK("a fresh mapping runs its own code", call(p) == (i % 2 ? 2 : 1));
	}
	int fd = open("code.bin", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, ret2, sizeof ret2);
	memcpy(p, ret1, sizeof ret1);
	CHECK("before read()", call(p) == 1);
	CHECK("read() new code over it", pread(fd, p, sizeof ret2, 0) == sizeof ret2 && call(p) == 2);
	unlink("code.bin");
	return failures;
}
