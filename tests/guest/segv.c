/* A NULL dereference kills the program with SIGSEGV: status 139, as a shell shows. */
#include <stdio.h>

int main(void)
{
	printf("before the fault\n");
	fflush(stdout);
	volatile int *p = NULL;
	return *p;
}
