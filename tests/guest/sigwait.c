/* Blocking calls and signals (signal(7)): a handler without SA_RESTART makes read,
 * write and wait4 fail with EINTR, with SA_RESTART they go on; nanosleep, pause,
 * poll, select, epoll_wait and sigtimedwait fail with EINTR either way; an ignored or
 * a blocked signal interrupts nothing. sigsuspend, sigwaitinfo, sigtimedwait (with
 * its timeout) and sigwait take signals synchronously. setitimer, getitimer and alarm.
 * The interruptions come from an ITIMER_REAL in this process that keeps firing every
 * 20 ms, so a call that started late is still interrupted. */
#include "check.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile int alarms, usr1s;
static int feed_fd = -1;  /* the first SIGALRM writes a byte here */
static int drain_fd = -1; /* the first SIGALRM reads 4096 bytes from here */

static void on_alarm(int sig)
{
	char buf[4096];
	(void)sig;
	if (alarms++ == 0) {
		if (feed_fd >= 0)
			write(feed_fd, "x", 1);
		if (drain_fd >= 0)
			read(drain_fd, buf, sizeof buf);
	}
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1s++;
}

static void install(int sig, void (*fn)(int), int flags)
{
	struct sigaction sa = {0};
	sa.sa_handler = fn;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* the timer: first after 20 ms, then every 20 ms */
static void arm(void)
{
	struct itimerval it = {{0, 20000}, {0, 20000}};
	alarms = 0;
	setitimer(ITIMER_REAL, &it, NULL);
}

static void disarm(void)
{
	struct itimerval it = {{0, 0}, {0, 0}};
	setitimer(ITIMER_REAL, &it, NULL);
	feed_fd = drain_fd = -1;
}

static void mask(int how, int sig)
{
	sigset_t s;
	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(how, &s, NULL);
}

int main(void)
{
	int p[2];
	char c = 0;
	long r;

	/* timers */
	struct itimerval it = {{0, 0}, {1, 0}}, old, now;
	CHECK("setitimer 1 s", setitimer(ITIMER_REAL, &it, &old) == 0 && old.it_value.tv_sec == 0 &&
	      old.it_value.tv_usec == 0);
	getitimer(ITIMER_REAL, &now);
	CHECK("getitimer: 0 < remaining <= 1 s", now.it_value.tv_sec * 1000000L + now.it_value.tv_usec > 0 &&
	      now.it_value.tv_sec * 1000000L + now.it_value.tv_usec <= 1000000 &&
	      now.it_interval.tv_sec == 0 && now.it_interval.tv_usec == 0);
	it.it_value.tv_sec = 0;
	setitimer(ITIMER_REAL, &it, &old);
	CHECK("disarming returns what was left", old.it_value.tv_sec * 1000000L + old.it_value.tv_usec > 0 &&
	      old.it_value.tv_sec * 1000000L + old.it_value.tv_usec <= 1000000);
	getitimer(ITIMER_REAL, &now);
	CHECK("then getitimer is 0", now.it_value.tv_sec == 0 && now.it_value.tv_usec == 0);
	CHECK("alarm(10) with none before returns 0", alarm(10) == 0);
	CHECK("alarm(5) returns the 10 s left", alarm(5) == 10);
	getitimer(ITIMER_REAL, &now);
	CHECK("alarm is ITIMER_REAL: 4 s < remaining <= 5 s", now.it_value.tv_sec == 4 ||
	      (now.it_value.tv_sec == 5 && now.it_value.tv_usec == 0));
	CHECK("alarm(0) returns 5 and cancels", alarm(0) == 5 && alarm(0) == 0);

	/* read and write on pipes */
	pipe(p);
	install(SIGALRM, on_alarm, 0);
	arm();
	errno = 0;
	r = read(p[0], &c, 1);
	disarm();
	CHECK("read on an empty pipe, no SA_RESTART: EINTR", r == -1 && errno == EINTR && alarms >= 1);
	install(SIGALRM, on_alarm, SA_RESTART);
	feed_fd = p[1];
	arm();
	r = read(p[0], &c, 1);
	disarm();
	CHECK("with SA_RESTART: the read goes on and gets the handler's byte", r == 1 && c == 'x' && alarms >= 1);

	/* fill the pipe, then a blocking write waits for room */
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	static char big[65536];
	while (write(p[1], big, sizeof big) > 0)
		;
	fcntl(p[1], F_SETFL, 0);
	install(SIGALRM, on_alarm, 0);
	arm();
	errno = 0;
	r = write(p[1], "y", 1);
	disarm();
	CHECK("write to a full pipe, no SA_RESTART: EINTR", r == -1 && errno == EINTR);
	install(SIGALRM, on_alarm, SA_RESTART);
	drain_fd = p[0];
	arm();
	r = write(p[1], "y", 1);
	disarm();
	CHECK("with SA_RESTART: the write goes on once the handler made room", r == 1);
	close(p[0]);
	close(p[1]);

	/* never restarted */
	struct timespec req = {5, 0}, rem = {0, 0};
	arm();
	errno = 0;
	r = nanosleep(&req, &rem);
	disarm();
	CHECK("nanosleep, SA_RESTART: EINTR", r == -1 && errno == EINTR);
	CHECK("... with 0 < rem <= 5 s", (rem.tv_sec > 0 || rem.tv_nsec > 0) &&
	      (rem.tv_sec < 5 || (rem.tv_sec == 5 && rem.tv_nsec == 0)));
	arm();
	r = clock_nanosleep(CLOCK_MONOTONIC, 0, &req, NULL);
	disarm();
	CHECK("clock_nanosleep, SA_RESTART: returns EINTR", r == EINTR);
	arm();
	errno = 0;
	r = pause();
	disarm();
	CHECK("pause: -1 EINTR after the handler", r == -1 && errno == EINTR && alarms >= 1);
	pipe(p);
	struct pollfd pfd = {.fd = p[0], .events = POLLIN};
	arm();
	errno = 0;
	r = poll(&pfd, 1, 5000);
	disarm();
	CHECK("poll, SA_RESTART: EINTR", r == -1 && errno == EINTR);
	fd_set rd;
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	struct timeval tv = {5, 0};
	arm();
	errno = 0;
	r = select(p[0] + 1, &rd, NULL, NULL, &tv);
	disarm();
	CHECK("select, SA_RESTART: EINTR", r == -1 && errno == EINTR);
	int ep = epoll_create1(0);
	struct epoll_event ev = {.events = EPOLLIN}, evs[1];
	epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &ev);
	arm();
	errno = 0;
	r = epoll_wait(ep, evs, 1, 5000);
	disarm();
	CHECK("epoll_wait, SA_RESTART: EINTR", r == -1 && errno == EINTR);
	close(ep);

	/* what does not interrupt */
	signal(SIGALRM, SIG_IGN);
	arm();
	r = poll(&pfd, 1, 100);
	disarm();
	CHECK("an ignored SIGALRM does not interrupt poll: it times out", r == 0);
	install(SIGALRM, on_alarm, 0);
	mask(SIG_BLOCK, SIGALRM);
	arm();
	r = poll(&pfd, 1, 100);
	disarm();
	CHECK("nor does a blocked one", r == 0 && alarms == 0);
	sigset_t none;
	sigemptyset(&none);
	arm();
	errno = 0;
	r = sigsuspend(&none);
	disarm();
	CHECK("sigsuspend lets the blocked SIGALRM in: -1 EINTR", r == -1 && errno == EINTR && alarms >= 1);
	mask(SIG_UNBLOCK, SIGALRM);

	/* wait4 */
	for (int restart = 0; restart < 2; restart++) {
		fflush(stdout);
		pid_t kid = fork();
		if (kid == 0) {
			read(p[0], &c, 1);
			_exit(3);
		}
		int st = 0;
		install(SIGALRM, on_alarm, restart ? SA_RESTART : 0);
		if (restart)
			feed_fd = p[1];
		arm();
		errno = 0;
		r = waitpid(kid, &st, 0);
		disarm();
		if (restart) {
			CHECK("waitpid, SA_RESTART: goes on until the child exits", r == kid &&
			      WIFEXITED(st) && WEXITSTATUS(st) == 3);
		} else {
			CHECK("waitpid, no SA_RESTART: EINTR", r == -1 && errno == EINTR);
			write(p[1], "z", 1);
			CHECK("... then it waits", waitpid(kid, &st, 0) == kid && WEXITSTATUS(st) == 3);
		}
	}

	/* synchronous waits */
	install(SIGUSR1, on_usr1, 0);
	mask(SIG_BLOCK, SIGUSR1);
	raise(SIGUSR1);
	errno = 0;
	r = sigsuspend(&none);
	sigset_t cur;
	sigprocmask(SIG_SETMASK, NULL, &cur);
	CHECK("sigsuspend with SIGUSR1 pending: the handler runs once, -1 EINTR",
	      r == -1 && errno == EINTR && usr1s == 1);
	CHECK("... and SIGUSR1 is blocked again after", sigismember(&cur, SIGUSR1));

	sigset_t set;
	siginfo_t si;
	union sigval v;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGRTMIN);
	sigprocmask(SIG_BLOCK, &set, NULL);
	v.sival_int = 99;
	sigqueue(getpid(), SIGUSR1, v);
	r = sigwaitinfo(&set, &si);
	CHECK("sigwaitinfo: SIGUSR1, SI_QUEUE, value 99, pid, no handler", r == SIGUSR1 &&
	      si.si_signo == SIGUSR1 && si.si_code == SI_QUEUE && si.si_value.sival_int == 99 &&
	      si.si_pid == getpid() && usr1s == 1);
	struct timespec zero = {0, 0}, ten_ms = {0, 10000000};
	EXPECT_ERRNO("sigtimedwait, nothing pending, 10 ms: EAGAIN", sigtimedwait(&set, &si, &ten_ms), EAGAIN);
	EXPECT_ERRNO("sigtimedwait, zero timeout: EAGAIN", sigtimedwait(&set, &si, &zero), EAGAIN);
	for (int i = 1; i <= 2; i++) {
		v.sival_int = i;
		sigqueue(getpid(), SIGRTMIN, v);
	}
	kill(getpid(), SIGUSR2);
	int got[3], vals[3];
	for (int i = 0; i < 3; i++) {
		got[i] = sigtimedwait(&set, &si, &zero);
		vals[i] = si.si_value.sival_int;
	}
	CHECK("sigtimedwait takes SIGUSR2 (SI_USER) first, then SIGRTMIN 1 and 2",
	      got[0] == SIGUSR2 && got[1] == SIGRTMIN && vals[1] == 1 && got[2] == SIGRTMIN && vals[2] == 2);
	raise(SIGUSR2);
	int s = 0;
	CHECK("sigwait", sigwait(&set, &s) == 0 && s == SIGUSR2);
	sigpending(&cur);
	CHECK("nothing left pending", !sigismember(&cur, SIGUSR1) && !sigismember(&cur, SIGUSR2) &&
	      !sigismember(&cur, SIGRTMIN));
	install(SIGALRM, on_alarm, SA_RESTART);
	arm();
	errno = 0;
	/* the system call: musl's sigtimedwait retries on EINTR */
	r = syscall(SYS_rt_sigtimedwait, &set, &si, &(struct timespec){5, 0}, 8);
	disarm();
	CHECK("rt_sigtimedwait interrupted by a handled SIGALRM: EINTR", r == -1 && errno == EINTR);
	return failures;
}
