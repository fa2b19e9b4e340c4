/* ETXTBSY both ways, per inode as Linux's i_writecount: a file open for writing
 * (by this process or another) cannot be executed, and a running program cannot be
 * opened for writing or truncated, until the writer closes or the program exits or
 * execs something else. And exec's permission check uses the task's credentials. */
#include "check.h"
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *self;

/* Runs "prog ARG" in a child: its exit status, or 100 + execve's errno. */
static int exec_prog(const char *arg)
{
	char *argv[] = { "prog", (char *)arg, NULL };
	int st;
	pid_t p;

	fflush(stdout);
	if (!(p = fork())) {
		execv("prog", argv);
		_exit(100 + errno);
	}
	waitpid(p, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* A child running "prog ARG" that has told us it started, and waits for SIGTERM. */
static pid_t start_prog(const char *arg)
{
	int fds[2];
	char c = 0, fdarg[16];
	pid_t p;

	pipe(fds);
	snprintf(fdarg, sizeof fdarg, "%d", fds[1]);
	fflush(stdout);
	if (!(p = fork())) {
		close(fds[0]);
		execl("prog", "prog", arg, fdarg, (char *)NULL);
		_exit(1);
	}
	close(fds[1]);
	read(fds[0], &c, 1);
	close(fds[0]);
	return c == 'r' ? p : -1;
}

static void stop(pid_t p)
{
	kill(p, SIGTERM);
	waitpid(p, NULL, 0);
}

static void copy_self(void)
{
	char buf[65536];
	int in = open(self, O_RDONLY), out = open("prog", O_WRONLY | O_CREAT | O_TRUNC, 0755);
	ssize_t n;

	while ((n = read(in, buf, sizeof buf)) > 0)
		write(out, buf, n);
	close(in);
	close(out);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "child"))
		return 42;
	if (argc > 2 && !strcmp(argv[1], "wait")) { /* running: say so, then wait */
		write(atoi(argv[2]), "r", 1);
		pause();
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "exec")) { /* run the original program instead */
		execl(self = getenv("EMU_TEST_SELF"), "self", "wait", argv[2], (char *)NULL);
		return 1;
	}
	self = argv[0];
	setenv("EMU_TEST_SELF", self, 1);
	EXPECT_ERRNO("self O_WRONLY", open(self, O_WRONLY), ETXTBSY);
	EXPECT_ERRNO("self O_RDWR", open(self, O_RDWR), ETXTBSY);
	EXPECT_ERRNO("self truncate", truncate(self, 0), ETXTBSY);
	int fd = open(self, O_RDONLY);
	CHECK("self O_RDONLY", fd >= 0 && close(fd) == 0);

	copy_self();
	CHECK("copy runs", exec_prog("child") == 42);
	fd = open("prog", O_WRONLY);
	CHECK("open for writing here: exec ETXTBSY", exec_prog("child") == 100 + ETXTBSY);
	int fd2 = dup(fd);
	close(fd);
	CHECK("a dup still writes: ETXTBSY", exec_prog("child") == 100 + ETXTBSY);
	close(fd2);
	CHECK("closed: runs", exec_prog("child") == 42);

	int sync[2];
	pipe(sync);
	fflush(stdout);
	pid_t w = fork();
	if (!w) {
		int wfd = open("prog", O_RDWR);
		write(sync[1], wfd >= 0 ? "w" : "x", 1);
		pause();
		_exit(0);
	}
	char c = 0;
	read(sync[0], &c, 1);
	CHECK("writer in another process: exec ETXTBSY", c == 'w' && exec_prog("child") == 100 + ETXTBSY);
	stop(w);
	CHECK("writer gone: runs", exec_prog("child") == 42);

	pid_t r = start_prog("wait");
	struct stat st, st2;
	stat("prog", &st);
	CHECK("running", r > 0);
	EXPECT_ERRNO("running: O_WRONLY", open("prog", O_WRONLY), ETXTBSY);
	EXPECT_ERRNO("running: O_TRUNC", open("prog", O_WRONLY | O_TRUNC), ETXTBSY);
	EXPECT_ERRNO("running: truncate", truncate("prog", 0), ETXTBSY);
	CHECK("running: size kept", stat("prog", &st2) == 0 && st2.st_size == st.st_size);
	CHECK("running: read-only opens", (fd = open("prog", O_RDONLY)) >= 0 && close(fd) == 0);
	CHECK("running twice", exec_prog("child") == 42);
	stop(r);
	CHECK("exited: writable", (fd = open("prog", O_WRONLY)) >= 0 && close(fd) == 0);

	r = start_prog("exec");
	CHECK("exec'd something else: writable", r > 0 && (fd = open("prog", O_WRONLY)) >= 0 && close(fd) == 0);
	stop(r);

	chmod("prog", 0644);
	CHECK("no x bit: EACCES", exec_prog("child") == 100 + EACCES);
	chmod("prog", 0700);
	fflush(stdout);
	pid_t n = fork();
	if (!n) {
		if (seteuid(65534))
			_exit(1); /* not root: nothing to see */
		_exit(exec_prog("child") == 100 + EACCES ? 0 : 2);
	}
	int s;
	waitpid(n, &s, 0);
	printf("0700 as another user: %s\n", WEXITSTATUS(s) == 1 ? "not root" :
	       WEXITSTATUS(s) == 0 ? "EACCES" : "ran");
	return failures;
}
