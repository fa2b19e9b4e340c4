/* flock(2): an open file description holds the lock (a dup shares it, a second open
 * is another owner), shared and exclusive locks, LOCK_NB's EWOULDBLOCK, conversion,
 * LOCK_UN, the errors, and a child of fork that waits for the parent's lock. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int show(const char *what, int r)
{
	if (r < 0)
		printf("%s: -1 %s\n", what, errno == EWOULDBLOCK ? "EWOULDBLOCK" :
					     errno == EBADF ? "EBADF" :
					     errno == EINVAL ? "EINVAL" : strerror(errno));
	else
		printf("%s: %d\n", what, r);
	fflush(stdout);
	return r;
}
#define SHOW(call) show(#call, (call))

int main(void)
{
	int a = open("lockfile", O_RDWR | O_CREAT, 0644), b = open("lockfile", O_RDONLY);
	int c = dup(a), p[2];

	SHOW(flock(a, LOCK_EX));
	SHOW(flock(b, LOCK_EX | LOCK_NB));
	SHOW(flock(b, LOCK_SH | LOCK_NB));
	SHOW(flock(c, LOCK_EX | LOCK_NB)); /* the same description: already its own */
	SHOW(flock(c, LOCK_UN));           /* ... so this unlocks a's lock */
	SHOW(flock(b, LOCK_SH | LOCK_NB));
	SHOW(flock(a, LOCK_SH | LOCK_NB)); /* two shared locks */
	SHOW(flock(a, LOCK_EX | LOCK_NB)); /* no conversion while b shares it */
	SHOW(flock(b, LOCK_UN));
	SHOW(flock(a, LOCK_EX | LOCK_NB));
	SHOW(flock(a, 0));
	SHOW(flock(a, LOCK_SH | LOCK_EX));
	SHOW(flock(99, LOCK_SH));
	SHOW(flock(b, LOCK_UN)); /* nothing held: still 0 */

	/* a child waits for the parent's exclusive lock */
	pipe(p);
	pid_t pid = fork();
	if (pid == 0) {
		int d = open("lockfile", O_RDONLY);
		SHOW(flock(d, LOCK_SH | LOCK_NB));
		write(p[1], "x", 1); /* only now may the parent go on: the order is fixed */
		SHOW(flock(d, LOCK_SH)); /* waits */
		printf("child: has the lock\n");
		fflush(stdout);
		_exit(0);
	}
	char x;
	read(p[0], &x, 1);
	struct timespec ts = { 0, 100000000 };
	nanosleep(&ts, NULL);
	printf("parent: unlocking\n");
	fflush(stdout);
	int r = flock(a, LOCK_UN);
	waitpid(pid, NULL, 0); /* the child prints first */
	show("flock(a, LOCK_UN)", r);
	close(a);
	close(b);
	close(c);
	unlink("lockfile");
	return 0;
}
