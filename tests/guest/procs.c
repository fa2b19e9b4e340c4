/* Process relations: process groups and sessions, prctl (name, child subreaper,
 * parent-death signal), waitid, wait4 by group, WNOHANG, orphans and their reaper. */
#include "check.h"
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static pid_t spawn(int code)
{
	pid_t p = fork();
	if (p == 0)
		_exit(code);
	return p;
}

int main(void)
{
	char name[16];
	siginfo_t si;
	int st;

	CHECK("getpgrp() == getpgid(0)", getpgrp() == getpgid(0));
	CHECK("getsid(0) == getsid(getpid())", getsid(0) == getsid(getpid()));
	CHECK("PR_SET_NAME", prctl(PR_SET_NAME, "renamed-proc", 0, 0, 0) == 0);
	CHECK("PR_GET_NAME", prctl(PR_GET_NAME, name, 0, 0, 0) == 0 && !strcmp(name, "renamed-proc"));
	EXPECT_ERRNO("an unknown prctl", prctl(9999, 0, 0, 0, 0), EINVAL);

	pid_t c = fork();
	if (c == 0) {
		int ok = setpgid(0, 0) == 0 && getpgrp() == getpid();
		_exit(ok ? 10 : 1);
	}
	CHECK("a child makes its own group", waitpid(c, &st, 0) == c && WEXITSTATUS(st) == 10);

	c = fork();
	if (c == 0) {
		pid_t sid = setsid();
		_exit(sid == getpid() && getsid(0) == getpid() && getpgrp() == getpid() ? 11 : 1);
	}
	CHECK("a child starts a session", waitpid(c, &st, 0) == c && WEXITSTATUS(st) == 11);

	c = spawn(3);
	CHECK("waitid P_PID WEXITED|WNOWAIT", waitid(P_PID, c, &si, WEXITED | WNOWAIT) == 0 &&
	      si.si_pid == c && si.si_code == CLD_EXITED && si.si_status == 3 && si.si_signo == SIGCHLD);
	CHECK("... the zombie is still there", waitid(P_PID, c, &si, WEXITED) == 0 && si.si_pid == c);
	EXPECT_ERRNO("... and then it is gone", waitid(P_PID, c, &si, WEXITED), ECHILD);
	EXPECT_ERRNO("waitid without WEXITED etc.", waitid(P_ALL, 0, &si, 0), EINVAL);

	c = spawn(4);
	CHECK("wait4 on our own group", waitpid(0, &st, 0) == c && WEXITSTATUS(st) == 4);
	c = spawn(5);
	CHECK("wait4 on -pgid", waitpid(-getpgrp(), &st, 0) == c && WEXITSTATUS(st) == 5);

	int fds[2];
	pipe(fds);
	c = fork();
	if (c == 0) {
		char b;
		read(fds[0], &b, 1); /* runs until the parent writes */
		_exit(6);
	}
	CHECK("WNOHANG with a running child returns 0", waitpid(c, &st, WNOHANG) == 0);
	si.si_pid = 1234;
	CHECK("waitid WNOHANG with a running child", waitid(P_PID, c, &si, WEXITED | WNOHANG) == 0 &&
	      si.si_pid == 0);
	write(fds[1], "x", 1);
	CHECK("... then it exits", waitpid(c, &st, 0) == c && WEXITSTATUS(st) == 6);

	/* An orphan is reparented to the nearest child subreaper: us. */
	CHECK("PR_SET_CHILD_SUBREAPER", prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0);
	int is;
	CHECK("PR_GET_CHILD_SUBREAPER", prctl(PR_GET_CHILD_SUBREAPER, &is, 0, 0, 0) == 0 && is == 1);
	c = fork();
	if (c == 0) {
		pid_t g = fork();
		if (g == 0) {
			char b;
			read(fds[0], &b, 1); /* outlives its parent */
			_exit(7);
		}
		_exit(0);
	}
	waitpid(c, &st, 0);
	write(fds[1], "y", 1);
	pid_t orphan = wait(&st);
	CHECK("the orphaned grandchild is ours to wait for", orphan > 0 && WEXITSTATUS(st) == 7);
	EXPECT_ERRNO("no child left", wait(&st), ECHILD);

	/* PR_SET_PDEATHSIG: the grandchild dies with SIGKILL when its parent exits. */
	int ready[2];
	pipe(ready);
	c = fork();
	if (c == 0) {
		if (fork() == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
			write(ready[1], "r", 1);
			char b;
			read(fds[0], &b, 1); /* never written: only the signal ends this */
			_exit(0);
		}
		char b;
		read(ready[0], &b, 1);
		_exit(0);
	}
	waitpid(c, &st, 0);
	pid_t g = wait(&st);
	CHECK("the parent-death signal killed the grandchild", g > 0 && WIFSIGNALED(st) &&
	      WTERMSIG(st) == SIGKILL);
	return failures;
}
