/* Memory without PROT_EXEC cannot run: the call faults with SIGSEGV (139). */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

int main(void)
{
	static const unsigned char ret1[] = { 0xb8, 1, 0, 0, 0, 0xc3 };
	unsigned char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	memcpy(p, ret1, sizeof ret1);
	printf("calling non-executable memory\n");
	fflush(stdout);
	return ((int (*)(void))p)();
}
