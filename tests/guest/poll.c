/* poll and select on pipes: readiness, timeouts (which advance the clock by at
 * least their length), EOF as POLLHUP, a writer that wakes a sleeping poller, and
 * POLLNVAL for a closed descriptor. */
#include "check.h"
#include <poll.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(void)
{
	int a[2], b[2];
	struct pollfd p[2];
	fd_set rd;
	struct timeval tv;

	pipe(a);
	pipe(b);
	p[0] = (struct pollfd){ a[0], POLLIN, 0 };
	p[1] = (struct pollfd){ a[1], POLLOUT, 0 };
	CHECK("an empty pipe: only the write end is ready", poll(p, 2, 0) == 1 &&
	      p[0].revents == 0 && p[1].revents == POLLOUT);
	long long t0 = now_ms();
	CHECK("poll times out with 0", poll(p, 1, 30) == 0);
	CHECK("... after at least 30 ms", now_ms() - t0 >= 30);
	FD_ZERO(&rd);
	FD_SET(a[0], &rd);
	tv = (struct timeval){ 0, 20000 };
	CHECK("select times out with 0", select(a[0] + 1, &rd, NULL, NULL, &tv) == 0 && !FD_ISSET(a[0], &rd));

	pid_t c = fork();
	if (c == 0) {
		struct timespec d = { 0, 50000000 };
		nanosleep(&d, NULL);
		write(b[1], "b", 1);
		_exit(0);
	}
	p[0] = (struct pollfd){ a[0], POLLIN, 0 };
	p[1] = (struct pollfd){ b[0], POLLIN, 0 };
	CHECK("a writer wakes the poller", poll(p, 2, 5000) == 1 && p[1].revents == POLLIN &&
	      p[0].revents == 0);
	FD_ZERO(&rd);
	FD_SET(a[0], &rd);
	FD_SET(b[0], &rd);
	CHECK("select sees the same", select(b[0] + 1, &rd, NULL, NULL, NULL) == 1 && FD_ISSET(b[0], &rd));
	waitpid(c, NULL, 0);
	close(b[1]);
	char ch;
	read(b[0], &ch, 1);
	p[0] = (struct pollfd){ b[0], POLLIN, 0 };
	CHECK("all writers gone: POLLHUP", poll(p, 1, 0) == 1 && (p[0].revents & POLLHUP));
	close(a[0]);
	p[0] = (struct pollfd){ a[0], POLLIN, 0 };
	CHECK("a closed descriptor: POLLNVAL", poll(p, 1, 0) == 1 && p[0].revents == POLLNVAL);
	p[0] = (struct pollfd){ a[1], POLLOUT, 0 };
	CHECK("no reader left: POLLERR", poll(p, 1, 0) == 1 && (p[0].revents & POLLERR));
	p[0] = (struct pollfd){ -1, POLLIN, 0 };
	CHECK("a negative fd is skipped", poll(p, 1, 0) == 0 && p[0].revents == 0);
	FD_ZERO(&rd);
	FD_SET(a[0], &rd);
	EXPECT_ERRNO("select on a closed descriptor", select(a[0] + 1, &rd, NULL, NULL, NULL), EBADF);
	return failures;
}
