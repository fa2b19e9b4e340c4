/* syscall: 1,000,000 getppid system calls, the cost of a trap into the kernel. */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(void)
{
	long sum = 0;

	for (int i = 0; i < 1000000; i++)
		sum += syscall(SYS_getppid) > 0;
	printf("%ld\n", sum);
	return 0;
}
