/* Planted bug: a fork/wait race. The parent waits for its child's SIGCHLD, but it
 * blocks the signal and installs the handler only after fork: if the child exits
 * first, its SIGCHLD is discarded (ignored by default) and the parent waits for
 * good (a deadlock). Built with -DFIXED the parent does both before fork. Exit
 * status 1 (or a deadlock) on the bug. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t done;

static void on_chld(int sig)
{
	(void)sig;
	done = 1;
}

static void prepare(sigset_t *old)
{
	sigset_t chld;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, old);
	signal(SIGCHLD, on_chld);
}

int main(void)
{
	sigset_t old;
	int status;

#ifdef FIXED
	prepare(&old);
#endif
	pid_t pid = fork();
	if (pid == 0)
		_exit(7);
#ifndef FIXED
	prepare(&old);
#endif
	while (!done)
		sigsuspend(&old);
	if (waitpid(pid, &status, 0) != pid)
		return 1;
	printf("the child exited with %d\n", WEXITSTATUS(status));
	return WEXITSTATUS(status) == 7 ? 0 : 1;
}
