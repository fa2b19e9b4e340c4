/* Prints the host's clocks (under --realtime) a few times, sleeping between: the
 * values a --replay of a --realtime recording must print again. */
#include <stdio.h>
#include <sys/time.h>
#include <time.h>

int main(void)
{
	for (int i = 0; i < 4; i++) {
		struct timespec rt, mono, cpu, nap = { 0, 20 * 1000 * 1000 };
		struct timeval tv;
		clock_gettime(CLOCK_REALTIME, &rt);
		clock_gettime(CLOCK_MONOTONIC, &mono);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &cpu);
		gettimeofday(&tv, NULL);
		printf("%d realtime %lld.%09ld monotonic %lld.%09ld cpu %lld.%09ld tv %lld.%06ld time %lld\n",
		       i, (long long)rt.tv_sec, rt.tv_nsec, (long long)mono.tv_sec, mono.tv_nsec,
		       (long long)cpu.tv_sec, cpu.tv_nsec, (long long)tv.tv_sec, (long)tv.tv_usec,
		       (long long)time(NULL));
		nanosleep(&nap, NULL);
	}
	return 0;
}
