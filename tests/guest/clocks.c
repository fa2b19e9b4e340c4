/* Clocks: every clock reads and never goes back, CPU time advances while we compute,
 * sleeps advance CLOCK_MONOTONIC by at least the time asked, time(), gettimeofday and
 * CLOCK_REALTIME agree, resolutions, and the errors of bad arguments. */
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

	static const struct {
		clockid_t id;
		const char *name;
	} clocks[] = {
		{ CLOCK_REALTIME, "CLOCK_REALTIME" },
		{ CLOCK_MONOTONIC, "CLOCK_MONOTONIC" },
		{ CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID" },
		{ CLOCK_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME_ID" },
		{ CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW" },
		{ CLOCK_BOOTTIME, "CLOCK_BOOTTIME" },
	};
	for (unsigned c = 0; c < sizeof clocks / sizeof clocks[0]; c++) {
		char name[80];
		ok = clock_gettime(clocks[c].id, &ts) == 0 && ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000;
		snprintf(name, sizeof name, "%s: clock_gettime", clocks[c].name);
		CHECK(name, ok);
		long long prev = ns(clocks[c].id);
		for (int i = 0; ok && i < 5000; i++) {
			long long now = ns(clocks[c].id);
			ok = now >= prev;
			prev = now;
		}
		snprintf(name, sizeof name, "%s: never goes back in 5000 reads", clocks[c].name);
		CHECK(name, ok);
		snprintf(name, sizeof name, "%s: clock_getres", clocks[c].name);
		CHECK(name, clock_getres(clocks[c].id, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0 &&
		      res.tv_nsec <= 10000000);
	}
	/* the process has run some code by now */
	long long spin_start = ns(CLOCK_PROCESS_CPUTIME_ID);
	volatile unsigned long spin = 0;
	long long wall_start = ns(CLOCK_MONOTONIC);
	while (ns(CLOCK_PROCESS_CPUTIME_ID) - spin_start < 1000000 && ns(CLOCK_MONOTONIC) - wall_start < 2000000000LL)
		spin++;
	CHECK("CLOCK_PROCESS_CPUTIME_ID advances while we compute", ns(CLOCK_PROCESS_CPUTIME_ID) > spin_start);
	CHECK("clock_getres with a NULL result", clock_getres(CLOCK_MONOTONIC, NULL) == 0);
	CHECK("CLOCK_MONOTONIC_COARSE", clock_gettime(CLOCK_MONOTONIC_COARSE, &ts) == 0);
	CHECK("CLOCK_REALTIME_COARSE", clock_gettime(CLOCK_REALTIME_COARSE, &ts) == 0);
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
	CHECK("gettimeofday with a NULL tv", syscall(SYS_gettimeofday, NULL, NULL) == 0);
	long long rt = ns(CLOCK_REALTIME);
	CHECK("gettimeofday agrees with CLOCK_REALTIME", gettimeofday(&tv, NULL) == 0 &&
	      tv.tv_sec - rt / 1000000000 >= 0 && tv.tv_sec - rt / 1000000000 < 5);
	time_t t1;
	CHECK("time() also stores its result", time(&t1) == t1 && t1 - tv.tv_sec >= 0 && t1 - tv.tv_sec < 5);
	/* the system call reads the kernel's coarse clock, which may still be a second
	 * behind the vDSO's time() that just ran (the CI's native run saw it) */
	long raw = syscall(SYS_time, NULL);
	CHECK("time() with the raw call", raw - t1 >= -1 && raw - t1 < 5);
	EXPECT_ERRNO("clock_gettime of a bad clock", syscall(SYS_clock_gettime, 1234, &ts), EINVAL);
	EXPECT_ERRNO("clock_getres of a bad clock", syscall(SYS_clock_getres, 1234, &res), EINVAL);
	CHECK("clock_nanosleep of a bad clock returns EINVAL (not -1)",
	      clock_nanosleep(1234, 0, &ten_ms, NULL) == EINVAL);
	CHECK("clock_nanosleep on a thread CPU clock returns EINVAL",
	      clock_nanosleep(CLOCK_THREAD_CPUTIME_ID, 0, &ten_ms, NULL) == EINVAL);
	struct timespec past = { 0, 0 };
	CHECK("clock_nanosleep TIMER_ABSTIME in the past returns at once",
	      clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL) == 0);
	struct timespec zero = { 0, 0 };
	CHECK("nanosleep of zero", nanosleep(&zero, NULL) == 0);
	struct timespec bad = { 0, 1000000000 };
	EXPECT_ERRNO("nanosleep with tv_nsec = 1e9", syscall(SYS_nanosleep, &bad, NULL), EINVAL);
	struct timespec neg = { -1, 0 };
	EXPECT_ERRNO("nanosleep with a negative time", syscall(SYS_nanosleep, &neg, NULL), EINVAL);
	EXPECT_ERRNO("clock_gettime into a bad pointer", syscall(SYS_clock_gettime, CLOCK_MONOTONIC, (void *)8), EFAULT);
	EXPECT_ERRNO("clock_getres into a bad pointer", syscall(SYS_clock_getres, CLOCK_MONOTONIC, (void *)8), EFAULT);
	EXPECT_ERRNO("gettimeofday into a bad pointer", syscall(SYS_gettimeofday, (void *)8, NULL), EFAULT);
	EXPECT_ERRNO("nanosleep from a bad pointer", syscall(SYS_nanosleep, (void *)8, NULL), EFAULT);
	return failures;
}
