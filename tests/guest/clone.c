/* clone and clone3 flags for processes: shared memory, descriptor table and working
 * directory; the tid pointers; no exit signal (__WCLONE, __WALL); the EINVAL
 * combinations; clone3's struct sizes. */
#include "check.h"
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* from <linux/sched.h>, which musl-gcc does not see */
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x1000
#endif
#ifndef __WCLONE
#define __WCLONE 0x80000000
#define __WALL 0x40000000
#endif

static int shared_value;
static int opened_fd = -1;
static pid_t tid_in_child;

static int set_value(void *arg)
{
	shared_value = 42;
	return 0;
}

static int open_file(void *arg)
{
	opened_fd = open("clone-file", O_CREAT | O_WRONLY, 0644);
	return 0;
}

static int change_dir(void *arg)
{
	mkdir("sub", 0755);
	return chdir("sub");
}

static int just_exit(void *arg)
{
	return 5;
}

static pid_t spawn(int (*fn)(void *), int flags, pid_t *ptid, pid_t *ctid)
{
	char *stack = malloc(65536);
	return clone(fn, stack + 65536, flags, NULL, ptid, NULL, ctid);
}

struct clone_args_v0 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

int main(void)
{
	int st;
	pid_t ptid = 0, c;
	char cwd[4096];

	c = spawn(set_value, CLONE_VM | SIGCHLD, NULL, NULL);
	CHECK("CLONE_VM: the child writes our memory", waitpid(c, &st, 0) == c && shared_value == 42);
	shared_value = 0;
	c = spawn(set_value, SIGCHLD, NULL, NULL);
	waitpid(c, &st, 0);
	CHECK("without CLONE_VM: it does not", shared_value == 0);

	c = spawn(open_file, CLONE_VM | CLONE_FILES | SIGCHLD, NULL, NULL);
	waitpid(c, &st, 0);
	CHECK("CLONE_FILES: its open file is ours", opened_fd >= 0 && fcntl(opened_fd, F_GETFD) >= 0);
	close(opened_fd);
	c = spawn(open_file, CLONE_VM | SIGCHLD, NULL, NULL);
	waitpid(c, &st, 0);
	CHECK("without CLONE_FILES: it is not", opened_fd >= 0 && fcntl(opened_fd, F_GETFD) == -1);
	unlink("clone-file");

	getcwd(cwd, sizeof cwd);
	c = spawn(change_dir, CLONE_FS | SIGCHLD, NULL, NULL);
	waitpid(c, &st, 0);
	char now[4096];
	getcwd(now, sizeof now);
	CHECK("CLONE_FS: its chdir moves us", strcmp(cwd, now) != 0);
	chdir(cwd);
	rmdir("sub");

	c = spawn(just_exit, CLONE_PARENT_SETTID, &ptid, NULL);
	CHECK("CLONE_PARENT_SETTID writes the tid in the parent", c > 0 && ptid == c);
	EXPECT_ERRNO("no exit signal: a plain wait does not see it", waitpid(c, &st, WNOHANG), ECHILD);
	CHECK("... __WCLONE does", waitpid(c, &st, __WCLONE) == c && WEXITSTATUS(st) == 5);
	c = spawn(just_exit, 0, NULL, NULL);
	CHECK("... and so does __WALL", waitpid(c, &st, __WALL) == c);
	c = spawn(just_exit, CLONE_VM | CLONE_CHILD_SETTID | SIGCHLD, NULL, &tid_in_child);
	waitpid(c, &st, 0);
	CHECK("CLONE_CHILD_SETTID writes the tid in the child", tid_in_child == c);

	EXPECT_ERRNO("CLONE_SIGHAND without CLONE_VM", spawn(just_exit, CLONE_SIGHAND | SIGCHLD, NULL, NULL), EINVAL);
	EXPECT_ERRNO("CLONE_THREAD without CLONE_SIGHAND", spawn(just_exit, CLONE_VM | CLONE_THREAD, NULL, NULL), EINVAL);

	struct clone_args_v0 ca = { .exit_signal = SIGCHLD };
	for (size_t size = 64; size <= 88; size += (size == 64 ? 16 : 8)) {
		long r = syscall(SYS_clone3, &ca, size);
		if (r == 0)
			_exit(6);
		CHECK("clone3 with this struct size", r > 0 && waitpid(r, &st, 0) == r && WEXITSTATUS(st) == 6);
	}
	EXPECT_ERRNO("clone3 with a struct smaller than 64 bytes", syscall(SYS_clone3, &ca, 56), EINVAL);
	ca.exit_signal = 99;
	EXPECT_ERRNO("clone3 with a bad exit signal", syscall(SYS_clone3, &ca, 64), EINVAL);
	return failures;
}
