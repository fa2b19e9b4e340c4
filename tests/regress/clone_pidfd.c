/* Regression (architecture issue): CLONE_PIDFD makes the descriptor after the
 * child's descriptor table and memory are copied, as Linux's copy_process does: a
 * forked child has no pidfd open and its variable keeps its old value; a child
 * sharing the memory sees the number but not the descriptor; one sharing the table
 * has both. */
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/sched.h>

static volatile int pidfd = -1;

static void show(const char *who)
{
	int fd = pidfd;

	printf("%s: the pidfd variable is %d, descriptor %d is %s\n", who, fd, fd < 0 ? 3 : fd,
	       fcntl(fd < 0 ? 3 : fd, F_GETFD) < 0 ? "closed" : "open");
}

static int child(void *arg)
{
	show(arg);
	return 0;
}

static void run(const char *name, int flags)
{
	static char stack[65536] __attribute__((aligned(16)));
	int st;

	pidfd = -1;
	pid_t c = clone(child, stack + sizeof stack, flags | CLONE_PIDFD | SIGCHLD, (void *)name,
			&pidfd);
	if (c < 0) {
		perror("clone");
		exit(1);
	}
	waitpid(c, &st, 0);
	show("... and the parent");
	close(pidfd);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	/* the raw call: the child returns from clone on the parent's (copied) stack */
	pid_t c = syscall(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &pidfd, 0, 0);
	if (c == 0) {
		show("fork with CLONE_PIDFD, child");
		_exit(0);
	}
	waitpid(c, NULL, 0);
	show("... and the parent");
	close(pidfd);
	run("CLONE_VM child", CLONE_VM);
	run("CLONE_VM|CLONE_FILES child", CLONE_VM | CLONE_FILES);
	return 0;
}
