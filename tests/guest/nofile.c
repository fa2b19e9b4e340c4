/* RLIMIT_NOFILE: the soft limit bounds new descriptors (open EMFILE, dup2 EBADF,
 * F_DUPFD EINVAL, poll EINVAL), raising it lets the table grow past 1024, the hard
 * limit stops at fs.nr_open, and limits are per process: a child's change stays
 * in the child, and prlimit reads another process's. Values that differ between
 * hosts (the hard limit) are never printed. */
#include "check.h"
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

/* The descriptors open below limit, plus those open can add before EMFILE: the
 * limit. (A test harness may leave one open beyond 0, 1 and 2.) */
static int open_all(int limit)
{
	int n = 0;

	for (int fd = 0; fd < limit; fd++)
		n += fcntl(fd, F_GETFD) >= 0;

	while (open("/dev/null", O_RDONLY) >= 0)
		n++;
	return errno == EMFILE ? n : -errno;
}

static void close_from(int first)
{
	for (int fd = first; fd < 5000; fd++)
		close(fd);
}

int main(void)
{
	struct rlimit r, old, child;
	struct pollfd pfd[101] = { { .fd = -1 } };

	CHECK("getrlimit", getrlimit(RLIMIT_NOFILE, &old) == 0 && old.rlim_cur <= old.rlim_max);
	r = (struct rlimit){ 100, old.rlim_max };
	CHECK("soft 100", setrlimit(RLIMIT_NOFILE, &r) == 0);
	printf("open below 100: %d\n", open_all(100));
	close_from(3);
	EXPECT_ERRNO("dup2 to 100 EBADF", dup2(0, 100), EBADF);
	CHECK("dup2 to 99", dup2(0, 99) == 99);
	EXPECT_ERRNO("F_DUPFD 100 EINVAL", fcntl(0, F_DUPFD, 100), EINVAL);
	CHECK("F_DUPFD 50", fcntl(0, F_DUPFD, 50) == 50);
	EXPECT_ERRNO("poll 101 EINVAL", poll(pfd, 101, 0), EINVAL);
	CHECK("poll 100", poll(pfd, 100, 0) == 0);
	CHECK("fds above the limit stay", setrlimit(RLIMIT_NOFILE, &(struct rlimit){ 10, old.rlim_max }) == 0 &&
	      fcntl(99, F_GETFD) == 0 && close(99) == 0 && close(50) == 0);

	int big = old.rlim_max < 3000 ? (int)old.rlim_max : 3000;
	r = (struct rlimit){ big, old.rlim_max };
	CHECK("soft raised", setrlimit(RLIMIT_NOFILE, &r) == 0);
	CHECK("open up to the raised limit", open_all(big) == big);
	close_from(3);
	CHECK("dup2 to the last", dup2(0, big - 1) == big - 1 && close(big - 1) == 0);
	EXPECT_ERRNO("hard above nr_open EPERM",
		     setrlimit(RLIMIT_NOFILE, &(struct rlimit){ 1024, 1024 * 1024 + 1 }), EPERM);
	EXPECT_ERRNO("soft above hard EINVAL",
		     setrlimit(RLIMIT_NOFILE, &(struct rlimit){ old.rlim_max, old.rlim_max - 1 }), EINVAL);

	fflush(stdout);
	int pipefd[2];
	pipe(pipefd);
	pid_t p = fork();
	if (p == 0) {
		setrlimit(RLIMIT_NOFILE, &(struct rlimit){ 77, old.rlim_max });
		write(pipefd[1], "x", 1);
		pause();
		_exit(0);
	}
	char c;
	read(pipefd[0], &c, 1);
	CHECK("prlimit of a child", prlimit(p, RLIMIT_NOFILE, NULL, &child) == 0 && child.rlim_cur == 77);
	CHECK("the parent's own stays", getrlimit(RLIMIT_NOFILE, &r) == 0 && (int)r.rlim_cur == big);
	CHECK("prlimit sets a child's", prlimit(p, RLIMIT_NOFILE, &(struct rlimit){ 66, old.rlim_max }, NULL) == 0 &&
	      prlimit(p, RLIMIT_NOFILE, NULL, &child) == 0 && child.rlim_cur == 66);
	kill(p, SIGKILL);
	waitpid(p, NULL, 0);
	EXPECT_ERRNO("prlimit of a reaped child ESRCH", prlimit(p, RLIMIT_NOFILE, NULL, &child), ESRCH);
	p = fork();
	if (p == 0)
		_exit(getrlimit(RLIMIT_NOFILE, &r) == 0 && (int)r.rlim_cur == big ? 0 : 1);
	int st;
	waitpid(p, &st, 0);
	CHECK("fork inherits", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	EXPECT_ERRNO("bad resource EINVAL", setrlimit(99, &r), EINVAL);
	return failures;
}
