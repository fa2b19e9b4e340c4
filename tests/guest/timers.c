/* POSIX timers: timer_create with SIGEV_SIGNAL, SIGEV_NONE, SIGEV_THREAD_ID and
 * glibc's or musl's SIGEV_THREAD, one-shot and periodic, relative and absolute,
 * overruns, timer_gettime, timer_delete; alarm; ITIMER_VIRTUAL and ITIMER_PROF. Only orders of magnitude are printed: the real kernel's timing varies. */
#include "check.h"
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#ifdef __GLIBC__
#define SIGEV_TID _sigev_un._tid /* glibc before 2.35 has no name for it */
#else
#define SIGEV_TID sigev_notify_thread_id
#endif

static volatile int thread_calls, vtalrms, profs;

static void on_cpu_timer(int sig)
{
	if (sig == SIGVTALRM)
		vtalrms++;
	else
		profs++;
}

/* ITIMER_VIRTUAL and ITIMER_PROF count CPU time: spin until five SIGVTALRMs. */
static void test_cpu_itimers(void)
{
	struct itimerval v = { { 0, 10000 }, { 0, 10000 } }, g, off = { { 0, 0 }, { 0, 0 } };
	volatile unsigned long spins = 0;

	signal(SIGVTALRM, on_cpu_timer);
	signal(SIGPROF, on_cpu_timer);
	CHECK("setitimer ITIMER_VIRTUAL", setitimer(ITIMER_VIRTUAL, &v, NULL) == 0);
	CHECK("setitimer ITIMER_PROF", setitimer(ITIMER_PROF, &v, NULL) == 0);
	while (vtalrms < 5)
		spins++;
	CHECK("CPU time ran out five times: five SIGVTALRMs, SIGPROFs too", profs >= 4);
	getitimer(ITIMER_VIRTUAL, &g);
	CHECK("getitimer ITIMER_VIRTUAL: the interval, and at most that left",
	      g.it_interval.tv_usec == 10000 && g.it_value.tv_sec == 0 && g.it_value.tv_usec <= 10000);
	setitimer(ITIMER_VIRTUAL, &off, NULL);
	setitimer(ITIMER_PROF, &off, NULL);
	getitimer(ITIMER_PROF, &g);
	CHECK("disarmed", g.it_value.tv_sec == 0 && g.it_value.tv_usec == 0);
	errno = 0;
	CHECK("setitimer(3): EINVAL", setitimer(3, &v, NULL) == -1 && errno == EINVAL);
}

static void notify(union sigval v)
{
	if (v.sival_int == 77)
		thread_calls++;
}

static long ms_left(timer_t t)
{
	struct itimerspec v;
	timer_gettime(t, &v);
	return v.it_value.tv_sec * 1000 + v.it_value.tv_nsec / 1000000;
}

static void arm(timer_t t, long value_ms, long interval_ms, int flags)
{
	struct itimerspec v = { { interval_ms / 1000, interval_ms % 1000 * 1000000 },
				{ value_ms / 1000, value_ms % 1000 * 1000000 } };
	timer_settime(t, flags, &v, NULL);
}

int main(void)
{
	struct sigevent ev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN + 1 };
	sigset_t set;
	siginfo_t si;
	timer_t t, none, thr;
	int ok = 1;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 1);
	sigprocmask(SIG_BLOCK, &set, NULL);
	ev.sigev_value.sival_int = 42;
	CHECK("timer_create SIGEV_SIGNAL", timer_create(CLOCK_MONOTONIC, &ev, &t) == 0);
	arm(t, 10, 10, 0);
	for (int i = 0; i < 5; i++) {
		int sig = sigwaitinfo(&set, &si);
		ok &= sig == SIGRTMIN + 1 && si.si_code == SI_TIMER && si.si_value.sival_int == 42;
	}
	CHECK("five periodic expirations, SI_TIMER with the value", ok);
	arm(t, 1, 1, 0);
	usleep(30000);
	sigwaitinfo(&set, &si);
	CHECK("a blocked periodic timer counts overruns", si.si_overrun > 5 && timer_getoverrun(t) > 5);
	arm(t, 0, 0, 0);
	CHECK("disarmed: nothing left", ms_left(t) == 0);
	CHECK("timer_delete", timer_delete(t) == 0);
	errno = 0;
	CHECK("a deleted timer: EINVAL", timer_gettime(t, &(struct itimerspec){ 0 }) == -1 && errno == EINVAL);

	ev.sigev_notify = SIGEV_NONE;
	timer_create(CLOCK_REALTIME, &ev, &none);
	arm(none, 5000, 0, 0);
	usleep(10000);
	long left = ms_left(none);
	CHECK("SIGEV_NONE counts down", left < 5000 && left > 4000);
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	struct itimerspec abs = { { 0, 0 }, { now.tv_sec - 1, 0 } };
	ev.sigev_notify = SIGEV_SIGNAL;
	timer_create(CLOCK_REALTIME, &ev, &t);
	timer_settime(t, TIMER_ABSTIME, &abs, NULL);
	struct timespec zero = { 1, 0 };
	CHECK("TIMER_ABSTIME in the past fires at once", sigtimedwait(&set, &si, &zero) == SIGRTMIN + 1);

	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.SIGEV_TID = syscall(SYS_gettid);
	CHECK("SIGEV_THREAD_ID to this thread", timer_create(CLOCK_MONOTONIC, &ev, &thr) == 0);
	arm(thr, 2, 0, 0);
	CHECK("... delivered to it", sigwaitinfo(&set, &si) == SIGRTMIN + 1 && si.si_code == SI_TIMER);

	struct sigevent tev = { .sigev_notify = SIGEV_THREAD, .sigev_notify_function = notify };
	tev.sigev_value.sival_int = 77;
	CHECK("SIGEV_THREAD", timer_create(CLOCK_MONOTONIC, &tev, &thr) == 0);
	arm(thr, 5, 0, 0);
	for (int i = 0; i < 100 && !thread_calls; i++)
		usleep(1000);
	CHECK("... its function ran in a thread", thread_calls == 1);

	errno = 0;
	CHECK("an unknown clock: EINVAL", timer_create(12345, &ev, &t) == -1 && errno == EINVAL);
	CHECK("alarm(5), then alarm(0) returns 5", (alarm(5), alarm(0)) == 5);
	test_cpu_itimers();
	return failures;
}
