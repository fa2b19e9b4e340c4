/* A bad memory access kills the program with SIGSEGV: status 139, as a shell shows,
 * and what it had flushed before stays on stdout. argv[1] picks the access:
 *   read      load from NULL (the default)
 *   write     store to NULL
 *   call      call through a NULL function pointer
 *   rodata    store into a string literal (a read-only segment of the file)
 *   readonly  store into an anonymous page mapped PROT_READ
 *   unmapped  store into a page just unmapped
 *   kernel    load from a kernel-half address */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "read";
	volatile int *null = NULL;

	printf("mode %s: before the fault\n", mode);
	fflush(stdout);
	printf("this line is still buffered when the fault comes\n");
	if (!strcmp(mode, "read"))
		return *null;
	if (!strcmp(mode, "write"))
		*null = 1;
	if (!strcmp(mode, "call")) {
		void (*volatile fn)(void) = NULL;
		fn();
	}
	if (!strcmp(mode, "rodata")) {
		char *volatile s = (char *)"literal";
		s[0] = 'L';
	}
	if (!strcmp(mode, "readonly")) {
		volatile char *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED || p[0] != 0)
			return 2;
		p[0] = 1;
	}
	if (!strcmp(mode, "unmapped")) {
		volatile char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		p[0] = 1;
		munmap((void *)p, 4096);
		p[0] = 2;
	}
	if (!strcmp(mode, "kernel"))
		return *(volatile int *)0xffffffff81000000UL;
	printf("no fault (mode unknown?)\n");
	return 1;
}
