/* Waits for stdin with poll ("poll") or epoll ("epoll") and a 10 ms timeout, and
 * prints how many timeouts passed before each piece of input: a count that depends
 * on when the writer sent it (on the host's time), which --replay must repeat. */
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

static int wait_stdin(int ep)
{
	struct pollfd p = { 0, POLLIN, 0 };
	struct epoll_event ev;

	return ep >= 0 ? epoll_wait(ep, &ev, 1, 10) : poll(&p, 1, 10);
}

int main(int argc, char **argv)
{
	int ep = -1, timeouts = 0, n;
	char buf[64];

	if (argc > 1 && !strcmp(argv[1], "epoll")) {
		struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 42 };
		ep = epoll_create1(0);
		if (epoll_ctl(ep, EPOLL_CTL_ADD, 0, &ev) < 0)
			return 1;
	}
	for (;;) {
		if ((n = wait_stdin(ep)) == 0) {
			timeouts++;
			continue;
		}
		if (n < 0 || (n = read(0, buf, sizeof buf)) <= 0)
			break;
		printf("after %s timeouts: %d bytes: %.*s", timeouts > 5 ? "some" : "few", n, n, buf);
		printf(" (%d)\n", timeouts);
		timeouts = 0;
	}
	printf("end, %d timeouts\n", timeouts);
	return 0;
}
