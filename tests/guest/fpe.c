/* Integer division faults kill the program with SIGFPE: status 136. argv[1] picks
 * the division: "zero" (the default) divides by zero, "overflow" divides INT_MIN by
 * -1 (the quotient does not fit: #DE too), "ok" divides correctly and exits 0. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "zero";
	volatile int zero = 0, minus_one = -1, min = INT_MIN, hundred = 100, seven = 7;

	printf("mode %s: before the fault\n", mode);
	fflush(stdout);
	if (!strcmp(mode, "zero"))
		return hundred / zero;
	if (!strcmp(mode, "overflow"))
		return min / minus_one;
	if (!strcmp(mode, "ok")) {
		printf("100 / 7 = %d, 100 %% 7 = %d, INT_MIN / 1 = %d\n", hundred / seven, hundred % seven,
		       min / -minus_one);
		return 0;
	}
	printf("unknown mode\n");
	return 1;
}
