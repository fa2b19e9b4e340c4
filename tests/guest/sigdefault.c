/* Default actions of signals. argv[1] picks one run:
 *   sigterm, sigusr1, alarm, sigpipe   the program terminates itself (exit status 128+N)
 *   sigquit, abort                     ... with a core action (no core file: ulimit -c 0)
 *   unblock                            a fatal SIGTERM waits while blocked, kills on unblock
 *   children   wait statuses of children killed, stopped and continued; the SIGCHLD
 *              siginfo for each (CLD_*), SA_NOCLDSTOP; kill(0, ...) and kill(-pgid, ...)
 *   errors     kill with signal 0 and bad signals, rt_sigaction on SIGKILL/SIGSTOP,
 *              SIGKILL and SIGSTOP cannot be blocked, ignored signals, fork inheritance */
#include "check.h"
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void die_by(const char *mode)
{
	int p[2];
	if (!strcmp(mode, "sigterm"))
		kill(getpid(), SIGTERM);
	else if (!strcmp(mode, "sigusr1"))
		raise(SIGUSR1);
	else if (!strcmp(mode, "alarm")) {
		alarm(1);
		pause();
	} else if (!strcmp(mode, "sigpipe")) {
		pipe(p);
		close(p[0]);
		write(p[1], "x", 1);
	} else if (!strcmp(mode, "sigquit"))
		kill(getpid(), SIGQUIT);
	else if (!strcmp(mode, "abort"))
		abort();
	else if (!strcmp(mode, "unblock")) {
		sigset_t s;
		sigemptyset(&s);
		sigaddset(&s, SIGTERM);
		sigprocmask(SIG_BLOCK, &s, NULL);
		kill(getpid(), SIGTERM);
		printf("SIGTERM blocked and pending: still here\n");
		fflush(stdout);
		sigprocmask(SIG_UNBLOCK, &s, NULL);
	}
}

static volatile int nchld, codes[16], statuses[16], pids[16];
static void on_chld(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	if (nchld < 16) {
		codes[nchld] = si->si_code;
		statuses[nchld] = si->si_status;
		pids[nchld] = si->si_pid;
	}
	nchld++;
}

static sigset_t unblocked;
static void await_chld(int n) /* SIGCHLD is blocked outside of this */
{
	while (nchld < n)
		sigsuspend(&unblocked);
}

static const char *cld(int code)
{
	switch (code) {
	case CLD_EXITED: return "CLD_EXITED";
	case CLD_KILLED: return "CLD_KILLED";
	case CLD_DUMPED: return "CLD_DUMPED";
	case CLD_STOPPED: return "CLD_STOPPED";
	case CLD_CONTINUED: return "CLD_CONTINUED";
	}
	return "?";
}

static void event(const char *what, pid_t kid, int st)
{
	int i = nchld - 1;
	printf("%s: SIGCHLD %s status %d%s; ", what, cld(codes[i]), statuses[i],
	       pids[i] == kid ? "" : " (wrong si_pid)");
	if (WIFEXITED(st))
		printf("WIFEXITED, WEXITSTATUS %d\n", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("WIFSIGNALED, WTERMSIG %d, WCOREDUMP %d\n", WTERMSIG(st), !!WCOREDUMP(st));
	else if (WIFSTOPPED(st))
		printf("WIFSTOPPED, WSTOPSIG %d\n", WSTOPSIG(st));
	else if (WIFCONTINUED(st))
		printf("WIFCONTINUED\n");
	else
		printf("status %#x\n", st);
}

static pid_t spawn(void)
{
	fflush(stdout);
	return fork();
}

static void children(void)
{
	int go[2], never[2], ready[2], st;
	pid_t kid;
	struct sigaction sa = {0};
	sigset_t chld;

	pipe(go);
	pipe(never);
	pipe(ready);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &unblocked);
	sa.sa_sigaction = on_chld;
	sa.sa_flags = SA_SIGINFO | SA_RESTART;
	sigaction(SIGCHLD, &sa, NULL);

	/* stop, continue, exit: each SIGCHLD is awaited before the next event happens */
	char c;
	if ((kid = spawn()) == 0) {
		raise(SIGSTOP);
		read(go[0], &c, 1);
		_exit(7);
	}
	await_chld(1);
	waitpid(kid, &st, WUNTRACED);
	event("child raise(SIGSTOP)", kid, st);
	kill(kid, SIGCONT);
	await_chld(2);
	waitpid(kid, &st, WCONTINUED);
	event("kill SIGCONT", kid, st);
	write(go[1], "g", 1);
	await_chld(3);
	waitpid(kid, &st, 0);
	event("child _exit(7)", kid, st);

	int sigs[4] = {SIGKILL, SIGTERM, SIGQUIT, SIGSEGV};
	for (int i = 0; i < 4; i++) {
		if ((kid = spawn()) == 0) {
			struct rlimit none = {0, 0};
			setrlimit(RLIMIT_CORE, &none); /* no core, so no core bit */
			prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
			if (sigs[i] == SIGSEGV)
				*(volatile int *)0 = 1;
			read(never[0], &c, 1);
			_exit(0);
		}
		if (sigs[i] != SIGSEGV)
			kill(kid, sigs[i]);
		await_chld(4 + i);
		waitpid(kid, &st, 0);
		printf("signal %d: ", sigs[i]);
		event("child killed", kid, st);
	}

	/* SA_NOCLDSTOP: only the exit is signalled */
	sa.sa_flags |= SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sa, NULL);
	int before = nchld;
	if ((kid = spawn()) == 0) {
		raise(SIGSTOP);
		read(go[0], &c, 1);
		_exit(8);
	}
	waitpid(kid, &st, WUNTRACED);
	CHECK("SA_NOCLDSTOP: waitpid still sees the stop", WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP);
	kill(kid, SIGCONT);
	waitpid(kid, &st, WCONTINUED);
	CHECK("... and the continue", WIFCONTINUED(st));
	write(go[1], "g", 1);
	await_chld(before + 1);
	waitpid(kid, &st, 0);
	CHECK("one SIGCHLD, for the exit", nchld == before + 1 && codes[before] == CLD_EXITED &&
	      statuses[before] == 8 && WEXITSTATUS(st) == 8);
	sigprocmask(SIG_SETMASK, &unblocked, NULL);
	signal(SIGCHLD, SIG_DFL);

	/* kill(0, sig) from a child leading its own group with two more members */
	if ((kid = spawn()) == 0) {
		setpgid(0, 0);
		signal(SIGUSR1, SIG_IGN);
		pid_t g[2];
		for (int i = 0; i < 2; i++) {
			if ((g[i] = fork()) == 0) {
				signal(SIGUSR1, SIG_DFL);
				write(ready[1], "r", 1);
				read(never[0], &c, 1);
				_exit(0);
			}
		}
		read(ready[0], &c, 1);
		read(ready[0], &c, 1);
		int n = 0;
		if (kill(0, SIGUSR1) != 0)
			_exit(99);
		for (int i = 0; i < 2; i++)
			if (waitpid(g[i], &st, 0) == g[i] && WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1)
				n++;
		_exit(n);
	}
	waitpid(kid, &st, 0);
	CHECK("kill(0, SIGUSR1) killed both other members of the group, not the sender",
	      WIFEXITED(st) && WEXITSTATUS(st) == 2);

	/* kill(-pgid, sig) from outside reaches both members and nobody else */
	pid_t a, b;
	if ((a = spawn()) == 0) {
		setpgid(0, 0);
		read(never[0], &c, 1);
		_exit(0);
	}
	setpgid(a, a);
	if ((b = spawn()) == 0) {
		setpgid(0, a);
		read(never[0], &c, 1);
		_exit(0);
	}
	setpgid(b, a);
	CHECK("kill(-pgid, SIGTERM)", kill(-a, SIGTERM) == 0);
	int sa_ = 0, sb = 0;
	waitpid(a, &sa_, 0);
	waitpid(b, &sb, 0);
	CHECK("... both died of SIGTERM", WIFSIGNALED(sa_) && WTERMSIG(sa_) == SIGTERM &&
	      WIFSIGNALED(sb) && WTERMSIG(sb) == SIGTERM);
	EXPECT_ERRNO("kill(-pgid) of an empty group: ESRCH", kill(-a, SIGTERM), ESRCH);
}

struct ksigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	unsigned long mask;
};

static void errors(void)
{
	struct ksigaction ka = {0}, old = {(void *)1, 1, 0, 1};
	sigset_t s, cur;
	int st;

	CHECK("kill(self, 0)", kill(getpid(), 0) == 0);
	pid_t kid = spawn();
	if (kid == 0)
		_exit(0);
	siginfo_t si;
	waitid(P_PID, kid, &si, WEXITED | WNOWAIT);
	CHECK("kill(zombie, 0) succeeds", kill(kid, 0) == 0);
	EXPECT_ERRNO("tgkill(our pid, the child's tid): ESRCH", syscall(SYS_tgkill, getpid(), kid, 0), ESRCH);
	waitpid(kid, &st, 0);
	EXPECT_ERRNO("kill(reaped child, 0): ESRCH", kill(kid, 0), ESRCH);
	EXPECT_ERRNO("kill with signal 65: EINVAL", kill(getpid(), 65), EINVAL);
	EXPECT_ERRNO("kill with signal -1: EINVAL", kill(getpid(), -1), EINVAL);
	EXPECT_ERRNO("tgkill with signal 65: EINVAL", syscall(SYS_tgkill, getpid(), getpid(), 65), EINVAL);

	ka.handler = SIG_IGN;
	EXPECT_ERRNO("rt_sigaction SIGKILL: EINVAL", syscall(SYS_rt_sigaction, SIGKILL, &ka, NULL, 8), EINVAL);
	EXPECT_ERRNO("rt_sigaction SIGSTOP: EINVAL", syscall(SYS_rt_sigaction, SIGSTOP, &ka, NULL, 8), EINVAL);
	EXPECT_ERRNO("rt_sigaction 0: EINVAL", syscall(SYS_rt_sigaction, 0, NULL, &old, 8), EINVAL);
	EXPECT_ERRNO("rt_sigaction 65: EINVAL", syscall(SYS_rt_sigaction, 65, NULL, &old, 8), EINVAL);
	EXPECT_ERRNO("rt_sigaction sigsetsize 4: EINVAL", syscall(SYS_rt_sigaction, SIGUSR1, NULL, &old, 4), EINVAL);
	CHECK("reading SIGKILL's action: SIG_DFL", syscall(SYS_rt_sigaction, SIGKILL, NULL, &old, 8) == 0 &&
	      old.handler == SIG_DFL && old.flags == 0 && old.mask == 0);
	CHECK("raw rt_sigaction on signal 64", syscall(SYS_rt_sigaction, 64, &ka, NULL, 8) == 0 &&
	      syscall(SYS_rt_sigaction, 64, NULL, &old, 8) == 0 && old.handler == SIG_IGN);

	sigfillset(&s);
	sigprocmask(SIG_SETMASK, &s, &cur);
	sigprocmask(SIG_SETMASK, NULL, &s);
	CHECK("blocking everything leaves SIGKILL and SIGSTOP out", !sigismember(&s, SIGKILL) &&
	      !sigismember(&s, SIGSTOP) && sigismember(&s, SIGTERM) && sigismember(&s, SIGCONT));
	sigprocmask(SIG_SETMASK, &cur, NULL);
	EXPECT_ERRNO("rt_sigprocmask bad how: EINVAL", syscall(SYS_rt_sigprocmask, 7, &cur, NULL, 8), EINVAL);
	EXPECT_ERRNO("rt_sigprocmask sigsetsize 4: EINVAL", syscall(SYS_rt_sigprocmask, SIG_BLOCK, &cur, NULL, 4),
		     EINVAL);

	signal(SIGTERM, SIG_IGN);
	raise(SIGTERM);
	signal(SIGTERM, SIG_DFL);
	raise(SIGCHLD);
	raise(SIGURG);
	raise(SIGWINCH);
	raise(SIGCONT);
	CHECK("ignored SIGTERM, default-ignored SIGCHLD SIGURG SIGWINCH SIGCONT: alive", 1);

	/* fork: the mask and the actions are inherited, the pending signals are not */
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	signal(SIGUSR2, SIG_IGN);
	raise(SIGUSR1);
	if ((kid = spawn()) == 0) {
		sigset_t m, p;
		struct sigaction a;
		sigprocmask(SIG_SETMASK, NULL, &m);
		sigpending(&p);
		sigaction(SIGUSR2, NULL, &a);
		_exit((sigismember(&m, SIGUSR1) ? 1 : 0) | (sigismember(&p, SIGUSR1) ? 2 : 0) |
		      (a.sa_handler == SIG_IGN ? 4 : 0));
	}
	waitpid(kid, &st, 0);
	CHECK("fork: mask and SIG_IGN inherited, pending signal not", WIFEXITED(st) && WEXITSTATUS(st) == 5);
	sigpending(&cur);
	CHECK("... still pending in the parent", sigismember(&cur, SIGUSR1));
	signal(SIGUSR1, SIG_IGN); /* discard it */
	sigprocmask(SIG_UNBLOCK, &s, NULL);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "children";
	printf("mode %s\n", mode);
	fflush(stdout);
	if (!strcmp(mode, "children"))
		children();
	else if (!strcmp(mode, "errors"))
		errors();
	else {
		die_by(mode);
		printf("still alive after %s\n", mode);
		return 100;
	}
	return failures;
}
