/* AF_UNIX buffers, timeouts and readiness: SO_SNDBUF and SO_RCVBUF as Linux rounds
 * them, a writer that blocks on a full buffer until the reader drains it, a 1 MB
 * transfer in both directions at once, SO_RCVTIMEO and SO_SNDTIMEO (EAGAIN after the
 * timeout, on virtual time under emu), a signal interrupting a blocked read (EINTR
 * with a timeout, restarted without), the listen backlog (EAGAIN for a non-blocking
 * connect, a blocking one waits for accept), and poll, select and epoll with
 * EPOLLRDHUP and EPOLLHUP. */
#include "net.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/syscall.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static void options(void)
{
	int s = socket(AF_UNIX, SOCK_STREAM, 0), v;
	socklen_t len = sizeof v;
	struct timeval tv;

	SHOW(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len));
	printf("SO_TYPE %d\n", v);
	SHOW(getsockopt(s, SOL_SOCKET, SO_DOMAIN, &v, &len));
	printf("SO_DOMAIN %d\n", v);
	SHOW(getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &len));
	printf("SO_ACCEPTCONN %d\n", v);
	SHOW(getsockopt(s, SOL_SOCKET, SO_ERROR, &v, &len));
	printf("SO_ERROR %d\n", v);
	SHOW(getsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, &len));
	printf("default SO_SNDBUF %d\n", v);
	int sizes[] = { 0, 1, 3000, 8192, 100000, -5 };
	for (unsigned i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		SHOW(setsockopt(s, SOL_SOCKET, SO_SNDBUF, &sizes[i], sizeof sizes[i]));
		SHOW(setsockopt(s, SOL_SOCKET, SO_RCVBUF, &sizes[i], sizeof sizes[i]));
		if (sizes[i] >= 0 && sizes[i] <= 100000) { /* above net.core.wmem_max: the host's */
			getsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, &len);
			printf("SO_SNDBUF %d -> %d\n", sizes[i], v);
			getsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, &len);
			printf("SO_RCVBUF %d -> %d\n", sizes[i], v);
		}
	}
	SHOW(setsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, 2));
	tv = (struct timeval){ 1, 500001 };
	SHOW(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
	len = sizeof tv;
	SHOW(getsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, &len));
	printf("SO_RCVTIMEO %ld.%06ld\n", (long)tv.tv_sec, (long)tv.tv_usec);
	tv = (struct timeval){ 0, 1000000 };
	SHOW(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
	SHOW(setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, 8));
	int one = 1;
	SHOW(setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one));
	SHOW(setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
	len = sizeof v;
	SHOW(getsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, &len));
	printf("SO_REUSEADDR %d\n", v);
	SHOW(getsockopt(s, SOL_SOCKET, 9999, &v, &len));
	SHOW(setsockopt(s, SOL_SOCKET, 9999, &v, sizeof v));
	SHOW(setsockopt(s, SOL_SOCKET, SO_TYPE, &v, sizeof v));
	SHOW(setsockopt(s, 6, 1, &v, sizeof v)); /* TCP_NODELAY on a unix socket */
	len = -1;
	SHOW(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len));
	len = 2;
	v = 0;
	SHOW(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len));
	printf("short SO_TYPE: %d, len %d\n", v, (int)len);
	SHOW(getsockopt(s, SOL_SOCKET, SO_TYPE, (void *)8, &len));
	close(s);
}

static void full_buffer(void)
{
	int sv[2], st, small = 8192;
	static char big[1 << 20];
	long total = 0;

	socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv);
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
	ssize_t n;
	while ((n = write(sv[0], big, 1000)) > 0)
		total += n;
	printf("filled: %s, some written %d\n", ename(errno), total > 0);
	struct pollfd p = { sv[0], POLLOUT, 0 };
	SHOW(poll(&p, 1, 0));
	char buf[65536];
	while (read(sv[1], buf, sizeof buf) > 0)
		;
	SHOW(poll(&p, 1, 0));
	printf("revents %#x\n", p.revents);
	close(sv[0]);
	close(sv[1]);

	/* a blocking writer: 1 MB each way at once, through small buffers */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
	for (int i = 0; i < (int)sizeof big; i++)
		big[i] = (char)(i * 7);
	pid_t c = fork();
	if (c == 0) {
		close(sv[0]);
		unsigned sum = 0;
		long got = 0;
		if (fork() == 0) {
			_exit(write(sv[1], big, sizeof big) == sizeof big ? 0 : 1);
		}
		while ((n = read(sv[1], buf, sizeof buf)) > 0) {
			for (ssize_t i = 0; i < n; i++)
				sum = sum * 31 + (unsigned char)buf[i];
			got += n;
		}
		wait(&st);
		printf("child got %ld bytes, sum %u, its writer %d\n", got, sum, WEXITSTATUS(st));
		_exit(0);
	}
	close(sv[1]);
	SHOW(write(sv[0], big, sizeof big));
	SHOW(shutdown(sv[0], SHUT_WR));
	total = 0;
	while ((n = read(sv[0], buf, sizeof buf)) > 0)
		total += n;
	printf("parent got %ld bytes back\n", total);
	waitpid(c, &st, 0);
	close(sv[0]);
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void timeouts(void)
{
	int sv[2], small = 4096;
	char buf[16];
	static char big[65536];
	struct timeval tv = { 0, 200000 };

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	SHOW(setsockopt(sv[0], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv));
	SHOW(read(sv[0], buf, sizeof buf));
	SHOW(setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &small, sizeof small));
	SHOW(setsockopt(sv[0], SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv));
	ssize_t n = write(sv[0], big, sizeof big); /* part of it, then the timeout */
	printf("timed-out write wrote some: %d\n", n > 0 && n < (ssize_t)sizeof big);
	SHOW(write(sv[0], big, sizeof big));
	/* a signal: EINTR for a read with a timeout; without one, SA_RESTART restarts it */
	struct sigaction sa = { .sa_handler = on_alarm };
	sigaction(SIGALRM, &sa, NULL);
	tv = (struct timeval){ 5, 0 };
	setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	while (read(sv[1], big, sizeof big) == sizeof big)
		;
	ualarm(100000, 0);
	SHOW(read(sv[1], buf, sizeof buf)); /* EINTR at 0.1 s, before the 5 s timeout */
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	tv = (struct timeval){ 0, 0 };
	setsockopt(sv[1], SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	if (fork() == 0) {
		usleep(300000);
		write(sv[0], "late", 4);
		_exit(0);
	}
	ualarm(100000, 0);
	SHOW(read(sv[1], buf, sizeof buf)); /* interrupted at 0.1 s, restarted, data at 0.3 s */
	wait(NULL);
	close(sv[0]);
	close(sv[1]);
}

static void backlog(void)
{
	struct sockaddr_un a = { AF_UNIX, "bl.sock" };
	socklen_t al = offsetof(struct sockaddr_un, sun_path) + 8;
	int l = socket(AF_UNIX, SOCK_STREAM, 0), c[4], st;

	bind(l, (struct sockaddr *)&a, al);
	SHOW(listen(l, 1));
	for (int i = 0; i < 3; i++) {
		c[i] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
		SHOW(connect(c[i], (struct sockaddr *)&a, al)); /* backlog 1: two fit, the third EAGAIN */
	}
	struct pollfd p = { l, POLLIN, 0 };
	SHOW(poll(&p, 1, 0));
	pid_t k = fork();
	if (k == 0) { /* a blocking connect waits until accept makes room */
		int s = socket(AF_UNIX, SOCK_STREAM, 0);
		_exit(connect(s, (struct sockaddr *)&a, al) == 0 ? 0 : 1);
	}
	usleep(100000);
	int a1 = SHOW(accept(l, NULL, NULL));
	waitpid(k, &st, 0);
	printf("blocked connect: %d\n", WEXITSTATUS(st));
	int a2 = SHOW(accept(l, NULL, NULL));
	int a3 = SHOW(accept(l, NULL, NULL));
	fcntl(l, F_SETFL, O_NONBLOCK);
	SHOW(accept4(l, NULL, NULL, SOCK_NONBLOCK));
	SHOW(syscall(SYS_accept4, l, NULL, NULL, 0x1234)); /* musl's accept4 would retry */
	fcntl(l, F_SETFL, 0);
	/* the connection accepted last lost its client; the never-accepted one is reset */
	close(a3);
	close(a1);
	close(a2);
	char buf[4];
	SHOW(read(c[2], buf, 1));
	close(c[0]);
	close(c[1]);
	close(c[2]);
	/* connections waiting in the backlog when the listener closes are reset */
	int w = socket(AF_UNIX, SOCK_STREAM, 0);
	SHOW(listen(l, 5)); /* listen again: a new backlog */
	SHOW(connect(w, (struct sockaddr *)&a, al));
	SHOW(write(w, "x", 1));
	close(l);
	SHOW(read(w, buf, 1));
	SHOW(read(w, buf, 1));
	close(w);
	unlink("bl.sock");
}

static void readiness(void)
{
	int sv[2], ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET, .data.u32 = 7 }, out[4];
	char buf[8];

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	SHOW(epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev));
	int n = SHOW(epoll_wait(ep, out, 4, 0));
	printf("events %#x data %u\n", n > 0 ? out[0].events : 0, n > 0 ? out[0].data.u32 : 0);
	SHOW(epoll_wait(ep, out, 4, 0)); /* edge-triggered: nothing new */
	write(sv[1], "ab", 2);
	n = SHOW(epoll_wait(ep, out, 4, 0));
	printf("events %#x\n", n > 0 ? out[0].events : 0);
	shutdown(sv[1], SHUT_WR);
	n = SHOW(epoll_wait(ep, out, 4, 0));
	printf("events %#x\n", n > 0 ? out[0].events : 0);
	read(sv[0], buf, sizeof buf);
	close(sv[1]);
	n = SHOW(epoll_wait(ep, out, 4, 0));
	printf("events %#x\n", n > 0 ? out[0].events : 0);
	struct pollfd p = { sv[0], POLLIN | POLLOUT | POLLRDHUP, 0 };
	SHOW(poll(&p, 1, 0));
	printf("poll revents %#x\n", p.revents);
	fd_set r, w;
	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_SET(sv[0], &r);
	FD_SET(sv[0], &w);
	SHOW(select(sv[0] + 1, &r, &w, NULL, &(struct timeval){ 0, 0 }));
	printf("select: readable %d writable %d\n", FD_ISSET(sv[0], &r), FD_ISSET(sv[0], &w));
	close(sv[0]);

	/* a child sends after a while: epoll_wait and poll sleep until it does */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	ev.events = EPOLLIN;
	epoll_ctl(ep, EPOLL_CTL_ADD, sv[0], &ev);
	if (fork() == 0) {
		usleep(300000);
		write(sv[1], "wake", 4);
		usleep(300000);
		write(sv[1], "more", 4);
		_exit(0);
	}
	n = SHOW(epoll_wait(ep, out, 4, 5000));
	printf("events %#x\n", n > 0 ? out[0].events : 0);
	SHOW(read(sv[0], buf, sizeof buf));
	p = (struct pollfd){ sv[0], POLLIN, 0 };
	SHOW(poll(&p, 1, 5000));
	SHOW(read(sv[0], buf, sizeof buf));
	wait(NULL);
	close(sv[0]);
	close(sv[1]);
	close(ep);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	options();
	full_buffer();
	timeouts();
	backlog();
	readiness();
	return 0;
}
