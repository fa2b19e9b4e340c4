/* Two children, each waited for: the first while SIGCHLD has a handler, the second
 * with SIGCHLD back to its default (ignored, which strace still shows delivered).
 * The trace shows "[pid N] " once the second task exists, the parent's wait4 cut
 * by the child's lines ("<unfinished ...>", then "<... wait4 resumed>"), and the
 * SIGCHLD lines.
 *
 * strace on the real kernel must give the same order every run, so the tasks take
 * turns through shared memory, with no system call: the parent goes on only once
 * the child runs (strace has seen it start then, so it prints "[pid N] " on the
 * parent's next line), and the child makes its first call only after the parent has
 * said it is about to call wait4, and a while longer (the one margin in time: it
 * covers the instructions between the word and the call). fork is the raw system
 * call: glibc's fork has the child call set_robust_list at once. */
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SPIN 100000000L /* some tens of milliseconds natively */

static volatile int *turn; /* shared: [CHILD_RUNS], [PARENT_WAITS] */
enum { CHILD_RUNS, PARENT_WAITS };
static volatile int handled;

static void on_sigchld(int sig)
{
	handled = sig;
}

static void spin(void)
{
	for (volatile long i = 0; i < SPIN; i++)
		;
}

static int fork_and_wait(int code)
{
	int status;

	turn[CHILD_RUNS] = turn[PARENT_WAITS] = 0;
	pid_t pid = (pid_t)syscall(SYS_fork);
	if (pid == 0) {
		turn[CHILD_RUNS] = 1;
		while (!turn[PARENT_WAITS])
			;
		spin();
		write(1, "child\n", 6);
		_exit(code);
	}
	while (!turn[CHILD_RUNS])
		;
	turn[PARENT_WAITS] = 1;
	if (wait4(pid, &status, 0, NULL) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

int main(void)
{
	struct sigaction sa;

	turn = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (turn == MAP_FAILED)
		return 1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigchld;
	sigaction(SIGCHLD, &sa, NULL);
	if (fork_and_wait(3) != 3 || handled != SIGCHLD)
		return 2;
	sa.sa_handler = SIG_DFL;
	sigaction(SIGCHLD, &sa, NULL);
	if (fork_and_wait(4) != 4)
		return 3;
	write(1, "parent\n", 7);
	return 0;
}
