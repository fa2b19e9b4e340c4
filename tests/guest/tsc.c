/* RDTSC: the counter moves forward, also across a sleep ("order", compared with
 * Linux). "values" prints the raw readings: under emu they come from virtual time,
 * so two runs print the same (tests/sched/tsc.sh); natively they never do. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <x86intrin.h>

int main(int argc, char **argv)
{
	unsigned long long a = __rdtsc(), b = __rdtsc();
	struct timespec ms = { 0, 1000000 };

	nanosleep(&ms, NULL);
	unsigned long long c = __rdtsc();
	if (argc > 1 && !strcmp(argv[1], "values"))
		printf("%llu %llu %llu\n", a, b, c);
	else
		printf("forward: %s, across a sleep: %s\n", b > a ? "yes" : "no",
		       c > b ? "yes" : "no");
	return 0;
}
