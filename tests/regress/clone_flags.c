/* Regression (architecture issue, copy_process in Linux's order): every argument check
 * of clone and clone3 (copy_process, kernel_clone, clone3_args_valid,
 * copy_clone_args_from_user, alloc_pid's set_tid rules) gives Linux's errno. Only
 * checks that do not depend on privileges: the test may run as root. */
#include <errno.h>
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

#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

struct clone3_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

static const char *errname(int e)
{
	static char buf[16];

	switch (e) {
	case EINVAL: return "EINVAL";
	case E2BIG: return "E2BIG";
	case EFAULT: return "EFAULT";
	case EPERM: return "EPERM";
	case EBADF: return "EBADF";
	case ECHILD: return "ECHILD";
	}
	snprintf(buf, sizeof buf, "%d", e);
	return buf;
}

/* A created child runs child_main: it must end at once. */
static int child_main(void *arg)
{
	_exit(0);
}

/* The result of a clone or clone3; a child it made is waited for. */
static void report(const char *name, long r)
{
	int st;

	if (r < 0) {
		printf("%s: -1 %s\n", name, errname(errno));
		return;
	}
	printf("%s: a child\n", name);
	waitpid(r, &st, __WALL);
}

static long do_clone(unsigned long flags)
{
	static char stack[65536] __attribute__((aligned(16)));

	errno = 0;
	return clone(child_main, stack + sizeof stack, (int)flags, NULL, NULL, NULL, NULL);
}

/* clone3 without CLONE_VM: a child returns here and ends. */
static long do_clone3(const void *args, size_t size)
{
	errno = 0;
	long r = syscall(SYS_clone3, args, size);
	if (r == 0)
		_exit(0);
	return r;
}

static void clone_checks(void)
{
	int ptid;

	report("clone CLONE_NEWNS|CLONE_FS", do_clone(CLONE_NEWNS | CLONE_FS | SIGCHLD));
	report("clone CLONE_NEWUSER|CLONE_FS", do_clone(CLONE_NEWUSER | CLONE_FS | SIGCHLD));
	report("clone CLONE_THREAD without CLONE_SIGHAND", do_clone(CLONE_THREAD | CLONE_VM));
	report("clone CLONE_SIGHAND without CLONE_VM", do_clone(CLONE_SIGHAND | SIGCHLD));
	report("clone CLONE_THREAD|CLONE_NEWUSER",
	       do_clone(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_NEWUSER));
	report("clone CLONE_THREAD|CLONE_NEWPID",
	       do_clone(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM | CLONE_NEWPID));
	report("clone CLONE_PIDFD|CLONE_DETACHED", do_clone(CLONE_PIDFD | CLONE_DETACHED | SIGCHLD));
	errno = 0;
	report("clone CLONE_PIDFD|CLONE_PARENT_SETTID (one pointer)",
	       syscall(SYS_clone, CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, &ptid, 0, 0));
	/* clone(2) takes the low 32 bits: CLONE_CLEAR_SIGHAND is not seen, this is a fork */
	errno = 0;
	long r = syscall(SYS_clone, CLONE_CLEAR_SIGHAND | (1ULL << 40) | SIGCHLD, 0, 0, 0, 0);
	if (r == 0)
		_exit(0);
	report("clone with bits above 31 (ignored)", r);
	report("clone CLONE_DETACHED (ignored)", do_clone(CLONE_DETACHED | SIGCHLD));
}

static void clone3_size_checks(void)
{
	static char big[8192];
	struct clone3_args *ca = (void *)big;

	ca->exit_signal = SIGCHLD;
	report("clone3 size 63", do_clone3(ca, 63));
	report("clone3 size 64", do_clone3(ca, 64));
	report("clone3 size 4096, zero tail", do_clone3(ca, 4096));
	report("clone3 size 4097", do_clone3(ca, 4097));
	big[200] = 1;
	report("clone3 size 256, non-zero tail", do_clone3(ca, 256));
	report("clone3 size 200, the non-zero byte just past it", do_clone3(ca, 200));
	big[200] = 0;
	report("clone3 unreadable", do_clone3((void *)8, 64));
	report("clone3 struct runs off the end of memory", do_clone3((void *)0x7ffffffffff8, 64));
}

static void clone3_flag_checks(void)
{
	struct clone3_args ca = { .exit_signal = SIGCHLD };

	ca.flags = 1ULL << 40;
	report("clone3 unknown flag", do_clone3(&ca, sizeof ca));
	ca.flags = CLONE_DETACHED;
	report("clone3 CLONE_DETACHED", do_clone3(&ca, sizeof ca));
	ca.flags = SIGCHLD;
	report("clone3 a signal in flags", do_clone3(&ca, sizeof ca));
	ca.flags = CLONE_SIGHAND | CLONE_CLEAR_SIGHAND | CLONE_VM;
	report("clone3 CLONE_SIGHAND|CLONE_CLEAR_SIGHAND", do_clone3(&ca, sizeof ca));
	ca.flags = CLONE_PARENT;
	report("clone3 CLONE_PARENT with an exit signal", do_clone3(&ca, sizeof ca));
	ca.flags = CLONE_THREAD | CLONE_SIGHAND | CLONE_VM;
	report("clone3 CLONE_THREAD with an exit signal", do_clone3(&ca, sizeof ca));
	ca.flags = CLONE_SIGHAND;
	report("clone3 CLONE_SIGHAND without CLONE_VM", do_clone3(&ca, sizeof ca));
	ca.flags = CLONE_PIDFD | CLONE_DETACHED;
	report("clone3 CLONE_PIDFD|CLONE_DETACHED", do_clone3(&ca, sizeof ca));
	ca.flags = CLONE_CLEAR_SIGHAND;
	report("clone3 CLONE_CLEAR_SIGHAND", do_clone3(&ca, sizeof ca));
	ca.flags = CLONE_INTO_CGROUP;
	ca.cgroup = 1ULL << 31;
	report("clone3 CLONE_INTO_CGROUP, cgroup above INT_MAX", do_clone3(&ca, sizeof ca));
	ca.cgroup = 0;
	report("clone3 CLONE_INTO_CGROUP in a struct without cgroup", do_clone3(&ca, 80));
}

static void clone3_arg_checks(void)
{
	struct clone3_args ca = { .exit_signal = 65 };
	int pidfd = -1, ptid = 0;

	report("clone3 exit signal 65", do_clone3(&ca, sizeof ca));
	ca.exit_signal = (1ULL << 32) | SIGCHLD;
	report("clone3 exit signal with high bits", do_clone3(&ca, sizeof ca));
	ca.exit_signal = 0;
	report("clone3 exit signal 0", do_clone3(&ca, sizeof ca));
	ca.exit_signal = SIGCHLD;
	ca.stack_size = 4096;
	report("clone3 stack_size without stack", do_clone3(&ca, sizeof ca));
	ca.stack_size = 0;
	ca.stack = 0x10000;
	report("clone3 stack without stack_size", do_clone3(&ca, sizeof ca));
	ca.stack = 0x7ffffffff000;
	ca.stack_size = 0x2000;
	report("clone3 stack past the end of user memory", do_clone3(&ca, sizeof ca));
	ca.stack = 0;
	ca.stack_size = 0;
	ca.flags = CLONE_PIDFD | CLONE_PARENT_SETTID;
	ca.pidfd = ca.parent_tid = (uint64_t)&ptid;
	report("clone3 CLONE_PIDFD|CLONE_PARENT_SETTID, one pointer", do_clone3(&ca, sizeof ca));
	ca.pidfd = (uint64_t)&pidfd;
	report("clone3 CLONE_PIDFD|CLONE_PARENT_SETTID, two pointers", do_clone3(&ca, sizeof ca));
	printf("... the pidfd is a descriptor: %s, the tid written: %s\n", pidfd > 2 ? "yes" : "no",
	       ptid > 0 ? "yes" : "no");
	close(pidfd);
	ca.flags = CLONE_PIDFD;
	ca.pidfd = 8;
	report("clone3 CLONE_PIDFD to an unwritable address", do_clone3(&ca, sizeof ca));
}

static void set_tid_checks(void)
{
	struct clone3_args ca = { .exit_signal = SIGCHLD };
	int tids[40] = { 0 };

	ca.set_tid_size = 1;
	report("clone3 set_tid_size without set_tid", do_clone3(&ca, sizeof ca));
	ca.set_tid = (uint64_t)tids;
	ca.set_tid_size = 0;
	report("clone3 set_tid without set_tid_size", do_clone3(&ca, sizeof ca));
	ca.set_tid_size = 33;
	report("clone3 set_tid_size above 32", do_clone3(&ca, sizeof ca));
	ca.set_tid_size = 2;
	report("clone3 set_tid_size deeper than the pid namespace", do_clone3(&ca, sizeof ca));
	ca.set_tid_size = 1;
	report("clone3 set_tid 0", do_clone3(&ca, sizeof ca));
	tids[0] = -5;
	report("clone3 set_tid negative", do_clone3(&ca, sizeof ca));
	tids[0] = 0x7fffffff;
	report("clone3 set_tid above pid_max", do_clone3(&ca, sizeof ca));
	ca.set_tid = 8;
	report("clone3 set_tid unreadable", do_clone3(&ca, sizeof ca));
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	clone_checks();
	clone3_size_checks();
	clone3_flag_checks();
	clone3_arg_checks();
	set_tid_checks();
	return 0;
}
