/* The pids controller under emu: pids.max, pids.current, pids.events. */
#include "cg.h"
#include <sys/wait.h>

static pid_t hold(const char *dir)
{
	pid_t pid = clone_into(dir);

	if (pid == 0) {
		pause(); /* until killed */
		_exit(0);
	}
	return pid;
}

int main(void)
{
	pid_t a, b, c, d;
	int st;

	check("mkdir " CG "/p", !mkdir(CG "/p", 0755));
	check("+pids in the root's cgroup.subtree_control", !cg_write(CG "/cgroup.subtree_control", "+pids"));
	/* "pids.max ... exists on non-root cgroups. The default is "max"." */
	check("pids.max is max", !strcmp(cg_read(CG "/p/pids.max"), "max\n"));
	check("pids.max abc: EINVAL", cg_write(CG "/p/pids.max", "abc") == -EINVAL);
	check("pids.max -1: EINVAL", cg_write(CG "/p/pids.max", "-1") == -EINVAL);
	check("pids.max 2", !cg_write(CG "/p/pids.max", "2") && cg_read_long(CG "/p/pids.max") == 2);
	a = hold(CG "/p");
	b = hold(CG "/p");
	check("two forks into the group", a > 0 && b > 0);
	/* "pids.current ... The number of processes currently in the cgroup and its
	 * descendants." */
	check("pids.current 2", cg_read_long(CG "/p/pids.current") == 2);
	/* "pids.max ... Hard limit of number of processes"; fork(2): EAGAIN "the
	 * process's PID limit (pids.max) ... was reached" */
	errno = 0;
	c = hold(CG "/p");
	check("the third fork fails with EAGAIN", c < 0 && errno == EAGAIN);
	/* pids.events "max: The number of times the cgroup's total number of processes
	 * hit the pids.max limit" */
	check("pids.events max 1", cg_key(CG "/p/pids.events", "max") == 1);
	check("pids.events.local max 1", cg_key(CG "/p/pids.events.local", "max") == 1);
	check("pids.peak 2", cg_read_long(CG "/p/pids.peak") == 2);
	kill(a, SIGKILL);
	waitpid(a, &st, 0);
	check("a reaped child leaves pids.current", cg_read_long(CG "/p/pids.current") == 1);
	c = hold(CG "/p");
	check("then a fork fits again", c > 0);
	/* "Organisational operations are not blocked by cgroup policies, so it is
	 * possible to have pids.current > pids.max." */
	d = fork();
	if (d == 0) {
		pause();
		_exit(0);
	}
	char text[32];
	snprintf(text, sizeof text, "%d", d);
	check("moving a process in past pids.max", !cg_write(CG "/p/cgroup.procs", text));
	check("pids.current 3 > pids.max", cg_read_long(CG "/p/pids.current") == 3);
	check("-pids while p has no children using it", !cg_write(CG "/cgroup.subtree_control", "-pids"));
	check("pids.max is gone with the controller", access(CG "/p/pids.max", F_OK) && errno == ENOENT);
	for (pid_t *p = (pid_t[]){ b, c, d, 0 }; *p; p++) {
		kill(*p, SIGKILL);
		waitpid(*p, &st, 0);
	}
	check("rmdir " CG "/p", !rmdir(CG "/p"));
	return failures;
}
