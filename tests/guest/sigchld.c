/* SIGCHLD is generated for the parent at each child exit: while blocked it stays
 * pending, whether its action is the default (ignore) or a handler. */
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>
static void h(int s)
{
	(void)s;
}
int main(void)
{
	sigset_t set, pend;
	sigemptyset(&set); sigaddset(&set, SIGCHLD);
	sigprocmask(SIG_BLOCK, &set, NULL);
	pid_t c = fork(); if (c == 0) _exit(0);
	waitpid(c, NULL, 0);
	sigpending(&pend);
	printf("default SIGCHLD pending: %d\n", sigismember(&pend, SIGCHLD));
	signal(SIGCHLD, h);
	c = fork(); if (c == 0) _exit(0);
	waitpid(c, NULL, 0);
	sigpending(&pend);
	printf("handled SIGCHLD pending: %d\n", sigismember(&pend, SIGCHLD));
	return 0;
}
