/* Regression (architecture issue): orphans go to a child subreaper as Linux's
 * forget_original_parent and reparent_leader move them: the subreaper may wait for
 * them, they send it SIGCHLD whatever exit signal they had, and one that is a zombie
 * already is announced at once (its SIGCHLD comes before its dead parent's). */
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static char stack[65536] __attribute__((aligned(16)));

static int exit_5(void *arg)
{
	_exit(5);
}

/* A middle process makes a grandchild with no exit signal, lets it become a zombie
 * without collecting it, and ends. */
static pid_t middle(void)
{
	pid_t m = fork();

	if (m == 0) {
		siginfo_t si;
		pid_t g = clone(exit_5, stack + sizeof stack, 0, NULL);
		waitid(P_PID, g, &si, WEXITED | WNOWAIT | __WCLONE);
		_exit(4);
	}
	return m;
}

int main(void)
{
	sigset_t chld;
	siginfo_t si;
	int st;

	setvbuf(stdout, NULL, _IONBF, 0);
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, NULL);
	pid_t m = middle();
	waitpid(m, &st, 0);
	printf("the middle process exited %d\n", WEXITSTATUS(st));
	sigwaitinfo(&chld, &si);
	printf("the first SIGCHLD names %s, status %d\n", si.si_pid == m ? "the middle process" :
	       "the orphan", si.si_status);
	pid_t g = waitpid(-1, &st, WNOHANG);
	printf("a plain wait collects the orphan: %s, status %d\n", g > 0 ? "yes" : "no",
	       g > 0 ? WEXITSTATUS(st) : -1);
	if (g <= 0)
		waitpid(-1, &st, __WALL);
	printf("no child is left: %s\n", waitpid(-1, &st, __WALL | WNOHANG) < 0 ? "yes" : "no");
	return 0;
}
