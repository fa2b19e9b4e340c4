/* An integer division by zero kills the program with SIGFPE: status 136. */
#include <stdio.h>

int main(int argc, char **argv)
{
	volatile int zero = argc - 1;

	printf("before the fault\n");
	fflush(stdout);
	return 100 / zero;
}
