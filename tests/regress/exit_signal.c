/* Regression (architecture issue): the exit signal a child gets, as Linux's
 * copy_process and de_thread give it. CLONE_PARENT takes the exit signal of the
 * caller's process, not the one asked for; a thread sends none; clone(2) does not
 * check the signal (an invalid one is never sent); execve makes it SIGCHLD; and
 * CLONE_PARENT from the first program makes a child that is not its own. */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>

static volatile int usr1_count;
static char *self;
static char stack[65536] __attribute__((aligned(16)));

static void on_usr1(int sig)
{
	usr1_count++;
}

static int exit_7(void *arg)
{
	_exit(7);
}

static int exec_self(void *arg)
{
	char *argv[] = { self, "exit7", NULL };

	execv(self, argv);
	_exit(1);
}

static pid_t spawn(int (*fn)(void *), int flags)
{
	return clone(fn, stack + sizeof stack, flags, NULL);
}

/* A child asks for a sibling with SIGUSR1: the sibling sends SIGCHLD, as its
 * creator's process does, so our plain waits collect both. */
static void clone_parent_signal(void)
{
	int st, sum = 0, found = 0;
	pid_t c = fork();

	if (c == 0) {
		pid_t s = spawn(exit_7, CLONE_PARENT | SIGUSR1);
		_exit(s > 0 ? 3 : 99);
	}
	for (pid_t r; (r = waitpid(-1, &st, 0)) > 0; found++)
		sum += WEXITSTATUS(st);
	printf("CLONE_PARENT|SIGUSR1 from a child: %d children waited for, statuses sum to %d, "
	       "SIGUSR1 seen %d times\n", found, sum, usr1_count);
}

/* A thread's exit signal is ignored: it ends without telling anyone. */
static int thread_exit(void *arg)
{
	syscall(SYS_exit, 0);
	return 0;
}

static void thread_signal(void)
{
	int st;
	pid_t c = fork();

	if (c == 0) {
		static char tstack[65536] __attribute__((aligned(16)));
		static volatile pid_t tid = 1;
		clone(thread_exit, tstack + sizeof tstack,
		      CLONE_VM | CLONE_SIGHAND | CLONE_THREAD | CLONE_CHILD_CLEARTID | SIGUSR1, NULL,
		      NULL, NULL, &tid);
		while (tid)
			syscall(SYS_futex, &tid, 0 /* FUTEX_WAIT */, tid, NULL);
		_exit(3);
	}
	waitpid(c, &st, 0);
	printf("a thread made with SIGUSR1 ended: SIGUSR1 seen %d times, its process exited %d\n",
	       usr1_count, WEXITSTATUS(st));
}

/* clone(2) with signal 100: a child that sends nothing, seen with __WCLONE only. */
static void invalid_signal(void)
{
	int st;
	pid_t c = spawn(exit_7, 100);

	if (c < 0) {
		printf("clone with exit signal 100: failed\n");
		return;
	}
	pid_t r = waitpid(c, &st, __WCLONE);
	printf("clone with exit signal 100: a child, __WCLONE finds it: %s, status %d\n",
	       r == c ? "yes" : "no", WEXITSTATUS(st));
}

/* A child without an exit signal that execs sends SIGCHLD after all: a plain wait
 * finds it. The pipe's end closes at its exec. */
static void exec_resets_signal(void)
{
	int fds[2], st;
	char b;

	pipe2(fds, O_CLOEXEC);
	pid_t c = spawn(exec_self, 0);
	close(fds[1]);
	read(fds[0], &b, 1);
	close(fds[0]);
	pid_t r = waitpid(c, &st, 0);
	printf("no exit signal, then execve: a plain wait finds it: %s, status %d\n",
	       r == c ? "yes" : "no", r == c ? WEXITSTATUS(st) : -1);
	if (r != c)
		waitpid(c, &st, __WALL);
}

/* Our own parent gets the child: we cannot wait for it. */
static void parent_of_first(void)
{
	int st;
	pid_t c = spawn(exit_7, CLONE_PARENT | SIGCHLD);

	printf("CLONE_PARENT from the first program: %s", c > 0 ? "a child" : "failed");
	if (c > 0)
		printf(", ours to wait for: %s", waitpid(c, &st, __WALL) == c ? "yes" : "no");
	printf("\n");
}

/* CLONE_CLEAR_SIGHAND: handled signals are back to their default in the child,
 * ignored ones stay ignored. */
static void clear_sighand(void)
{
	struct { uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size,
		 tls; } ca = { .flags = CLONE_CLEAR_SIGHAND, .exit_signal = SIGCHLD };
	int st;

	signal(SIGUSR2, SIG_IGN);
	long c = syscall(SYS_clone3, &ca, sizeof ca);
	if (c == 0) {
		struct sigaction a1, a2;
		sigaction(SIGUSR1, NULL, &a1);
		sigaction(SIGUSR2, NULL, &a2);
		_exit((a1.sa_handler == SIG_DFL) | (a2.sa_handler == SIG_IGN) << 1);
	}
	waitpid(c, &st, 0);
	printf("CLONE_CLEAR_SIGHAND: %s, handler reset: %s, ignored stays ignored: %s\n",
	       c > 0 ? "a child" : "failed", c > 0 && (WEXITSTATUS(st) & 1) ? "yes" : "no",
	       c > 0 && (WEXITSTATUS(st) & 2) ? "yes" : "no");
}

int main(int argc, char **argv)
{
	if (argc > 1)
		return 7;
	self = argv[0];
	setvbuf(stdout, NULL, _IONBF, 0);
	signal(SIGUSR1, on_usr1);
	clone_parent_signal();
	thread_signal();
	invalid_signal();
	exec_resets_signal();
	parent_of_first();
	clear_sighand();
	return 0;
}
