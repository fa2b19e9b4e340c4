/* Resource usage: getrusage (self, children, thread), times, wait4's rusage, the
 * CPU-time clocks. Only relations are checked (work shows as user time, page
 * touches as minor faults, a reaped child's time moves to the parent's children
 * counts): the real kernel's numbers vary from run to run, emu's are virtual. */
#include "check.h"
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long sink;

static void spin(long n)
{
	for (long i = 0; i < n; i++)
		sink += i * i;
}

static long tv_us(struct timeval tv)
{
	return tv.tv_sec * 1000000 + tv.tv_usec;
}

static long clock_ns(clockid_t c)
{
	struct timespec ts;
	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

int main(void)
{
	struct rusage self, before, ch, waited;
	int status;

	getrusage(RUSAGE_SELF, &before);
	long p0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	spin(30000000);
	getrusage(RUSAGE_SELF, &self);
	CHECK("work shows as user time", tv_us(self.ru_utime) > tv_us(before.ru_utime));
	CHECK("... and on the process CPU clock", clock_ns(CLOCK_PROCESS_CPUTIME_ID) > p0);
	CHECK("thread clock <= process clock",
	      clock_ns(CLOCK_THREAD_CPUTIME_ID) <= clock_ns(CLOCK_PROCESS_CPUTIME_ID));
	char *mem = mmap(NULL, 4096 * 1000, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < 1000; i++)
		mem[i * 4096] = 1;
	getrusage(RUSAGE_SELF, &self);
	CHECK("1000 touched pages: at least 1000 minor faults",
	      self.ru_minflt - before.ru_minflt >= 1000);
	getrusage(RUSAGE_CHILDREN, &ch);
	CHECK("no children yet: zero", tv_us(ch.ru_utime) == 0 && ch.ru_minflt == 0);

	pid_t pid = fork();
	if (pid == 0) {
		spin(30000000);
		_exit(0);
	}
	wait4(pid, &status, 0, &waited);
	CHECK("wait4's rusage: the child's user time", tv_us(waited.ru_utime) > 0);
	getrusage(RUSAGE_CHILDREN, &ch);
	/* Linux splits a task's run time into user and system again at each report
	 * (cputime_adjust), so the two reports of one child may split it differently:
	 * only the sum is compared, with the children's report at least half of it. */
	long child_total = tv_us(waited.ru_utime) + tv_us(waited.ru_stime);
	long children = tv_us(ch.ru_utime) + tv_us(ch.ru_stime);
	CHECK("the reaped child's time is the children's now",
	      children > 0 && 2 * children >= child_total);
	struct tms t;
	CHECK("times() runs", times(&t) != (clock_t)-1);
	CHECK("times: children's user time counted", t.tms_cutime >= 0 && t.tms_utime >= 0);
	errno = 0;
	CHECK("getrusage(42): EINVAL", getrusage(42, &self) == -1 && errno == EINVAL);
	return failures;
}
