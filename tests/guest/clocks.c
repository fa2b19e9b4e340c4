/* Clocks: they never go back, sleeps advance them by at least the time asked,
 * resolutions, and the errors of bad arguments. */
#include "check.h"
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static long long ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int main(void)
{
	struct timespec ts, res;
	int ok = 1;

	long long prev = ns(CLOCK_MONOTONIC);
	for (int i = 0; i < 10000; i++) {
		long long now = ns(CLOCK_MONOTONIC);
		if (now < prev)
			ok = 0;
		prev = now;
	}
	CHECK("CLOCK_MONOTONIC never goes back", ok);
	long long t0 = ns(CLOCK_MONOTONIC);
	struct timespec ten_ms = { 0, 10000000 };
	CHECK("nanosleep 10 ms", nanosleep(&ten_ms, NULL) == 0);
	CHECK("... advanced CLOCK_MONOTONIC by at least 10 ms", ns(CLOCK_MONOTONIC) - t0 >= 10000000);
	t0 = ns(CLOCK_MONOTONIC);
	struct timespec two_s = { 2, 0 };
	CHECK("clock_nanosleep 2 s", clock_nanosleep(CLOCK_MONOTONIC, 0, &two_s, NULL) == 0);
	CHECK("... advanced it by at least 2 s", ns(CLOCK_MONOTONIC) - t0 >= 2000000000LL);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_nsec += 5000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	long long target = ts.tv_sec * 1000000000LL + ts.tv_nsec;
	CHECK("clock_nanosleep TIMER_ABSTIME", clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == 0);
	CHECK("... woke at or after the deadline", ns(CLOCK_MONOTONIC) >= target);
	CHECK("CLOCK_REALTIME is after 2020", ns(CLOCK_REALTIME) > 1577836800LL * 1000000000LL);
	struct timeval tv;
	time_t before = time(NULL);
	CHECK("gettimeofday", gettimeofday(&tv, NULL) == 0 && tv.tv_usec >= 0 && tv.tv_usec < 1000000);
	CHECK("time() agrees with gettimeofday", tv.tv_sec - before >= 0 && tv.tv_sec - before < 5);
	CHECK("CLOCK_PROCESS_CPUTIME_ID", clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) == 0);
	CHECK("clock_getres MONOTONIC", clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 &&
	      res.tv_nsec > 0 && res.tv_nsec <= 1000000);
	EXPECT_ERRNO("clock_gettime of a bad clock", syscall(SYS_clock_gettime, 1234, &ts), EINVAL);
	struct timespec bad = { 0, 1000000000 };
	EXPECT_ERRNO("nanosleep with tv_nsec = 1e9", syscall(SYS_nanosleep, &bad, NULL), EINVAL);
	struct timespec neg = { -1, 0 };
	EXPECT_ERRNO("nanosleep with a negative time", syscall(SYS_nanosleep, &neg, NULL), EINVAL);
	EXPECT_ERRNO("clock_gettime into a bad pointer", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)8), EFAULT);
	return failures;
}
