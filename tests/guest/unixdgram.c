/* AF_UNIX SOCK_DGRAM and SOCK_SEQPACKET: message boundaries, MSG_TRUNC, sender
 * addresses, connect for a default peer (EPERM to one connected elsewhere,
 * ECONNREFUSED once it is gone, AF_UNSPEC to disconnect), the receive queue limit
 * (EAGAIN, then a blocked sender that a reader releases), EMSGSIZE, a seqpacket
 * echo server in a child, and EOF. */
#include "net.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static socklen_t path_addr(struct sockaddr_un *a, const char *path)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	strcpy(a->sun_path, path);
	return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

static void boundaries(void)
{
	struct sockaddr_un a, b, from;
	socklen_t la = path_addr(&a, "a.sock"), lb = path_addr(&b, "b.sock"), fl;
	int sa = socket(AF_UNIX, SOCK_DGRAM, 0), sb = socket(AF_UNIX, SOCK_DGRAM, 0), n;
	char buf[64];

	SHOW(bind(sa, (struct sockaddr *)&a, la));
	SHOW(bind(sb, (struct sockaddr *)&b, lb));
	SHOW(sendto(sa, "one", 3, 0, (struct sockaddr *)&b, lb));
	SHOW(sendto(sa, "two two", 7, 0, (struct sockaddr *)&b, lb));
	SHOW(sendto(sa, "", 0, 0, (struct sockaddr *)&b, lb));
	SHOW(ioctl(sb, FIONREAD, &n));
	printf("FIONREAD (first datagram) %d\n", n);
	fl = sizeof from;
	SHOW(recvfrom(sb, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
	printf("from a.sock: %d\n", fl == la && !strcmp(from.sun_path, "a.sock"));
	SHOW(recv(sb, buf, 3, 0)); /* the rest of "two two" is lost */
	SHOW(recv(sb, buf, sizeof buf, 0)); /* the empty datagram */
	SHOW(sendto(sa, "truncated", 9, 0, (struct sockaddr *)&b, lb));
	SHOW(recv(sb, buf, 2, MSG_TRUNC | MSG_PEEK));
	SHOW(recv(sb, buf, 2, MSG_TRUNC));
	struct iovec iov = { buf, 4 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };
	SHOW(sendto(sa, "flagged", 7, 0, (struct sockaddr *)&b, lb));
	SHOW(recvmsg(sb, &m, 0));
	printf("msg_flags MSG_TRUNC: %d\n", !!(m.msg_flags & MSG_TRUNC));
	SHOW(recv(sb, buf, sizeof buf, MSG_DONTWAIT));
	/* connected: a default peer, and only it may send to us */
	int sc = socket(AF_UNIX, SOCK_DGRAM, 0);
	SHOW(send(sa, "x", 1, 0));
	SHOW(connect(sa, (struct sockaddr *)&b, lb));
	SHOW(send(sa, "to b", 4, 0));
	SHOW(connect(sb, (struct sockaddr *)&a, la));
	SHOW(sendto(sc, "stranger", 8, 0, (struct sockaddr *)&b, lb));
	SHOW(recv(sb, buf, sizeof buf, 0));
	printf("got %.4s\n", buf);
	fl = sizeof from;
	SHOW(getpeername(sb, (struct sockaddr *)&from, &fl));
	SHOW(connect(sb, (struct sockaddr *)&(struct sockaddr){ .sa_family = AF_UNSPEC },
		     sizeof(struct sockaddr)));
	SHOW(getpeername(sb, (struct sockaddr *)&from, &fl));
	SHOW(sendto(sc, "stranger", 8, 0, (struct sockaddr *)&b, lb));
	SHOW(recv(sb, buf, sizeof buf, 0));
	/* the peer goes: ECONNREFUSED, and the socket is no longer connected */
	close(sb);
	SHOW(send(sa, "x", 1, 0));
	SHOW(send(sa, "x", 1, 0));
	close(sa);
	close(sc);
	unlink("a.sock");
	unlink("b.sock");
}

static void queue_limit(void)
{
	struct sockaddr_un a;
	socklen_t la = path_addr(&a, "q.sock");
	int r = socket(AF_UNIX, SOCK_DGRAM, 0), w = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
	int sent = 0, st;
	char buf[16];

	bind(r, (struct sockaddr *)&a, la);
	SHOW(connect(w, (struct sockaddr *)&a, la));
	while (send(w, "m", 1, 0) == 1)
		sent++;
	printf("queued before EAGAIN: %d (%s)\n", sent, ename(errno));
	struct pollfd p = { w, POLLOUT, 0 };
	SHOW(poll(&p, 1, 0));
	pid_t c = fork();
	if (c == 0) { /* a blocking sender waits until the reader makes room */
		int fl = fcntl(w, F_GETFL);
		fcntl(w, F_SETFL, fl & ~O_NONBLOCK);
		_exit(send(w, "late", 4, 0) == 4 ? 0 : 1);
	}
	usleep(100000);
	for (int i = 0; i < sent; i++)
		recv(r, buf, sizeof buf, 0);
	waitpid(c, &st, 0);
	printf("blocked sender status %d\n", WEXITSTATUS(st));
	SHOW(recv(r, buf, sizeof buf, 0));
	printf("got %.4s\n", buf);
	/* larger than the send buffer */
	int small = 4096;
	setsockopt(w, SOL_SOCKET, SO_SNDBUF, &small, sizeof small);
	static char big[16384];
	SHOW(send(w, big, sizeof big, 0));
	close(r);
	close(w);
	unlink("q.sock");
}

static void seqpacket(void)
{
	struct sockaddr_un a;
	socklen_t la = path_addr(&a, "seq.sock");
	int l = socket(AF_UNIX, SOCK_SEQPACKET, 0), st;
	char buf[64];

	SHOW(bind(l, (struct sockaddr *)&a, la));
	SHOW(listen(l, 1));
	pid_t p = fork();
	if (p == 0) {
		int c = accept(l, NULL, NULL);
		ssize_t n;
		while ((n = recv(c, buf, sizeof buf, 0)) > 0)
			send(c, buf, n, 0);
		_exit(n == 0 ? 0 : 1);
	}
	int c = SHOW(socket(AF_UNIX, SOCK_SEQPACKET, 0));
	SHOW(send(c, "x", 1, MSG_NOSIGNAL)); /* not connected */
	SHOW(recv(c, buf, 1, 0));
	SHOW(connect(c, (struct sockaddr *)&a, la));
	SHOW(send(c, "first", 5, 0));
	SHOW(send(c, "second message", 14, 0));
	SHOW(recv(c, buf, sizeof buf, 0));
	SHOW(recv(c, buf, 3, 0));
	SHOW(sendto(c, "x", 1, 0, (struct sockaddr *)&a, la)); /* the address is ignored */
	SHOW(recv(c, buf, sizeof buf, 0));
	SHOW(shutdown(c, SHUT_WR));
	waitpid(p, &st, 0);
	printf("server exit %d\n", WEXITSTATUS(st));
	SHOW(recv(c, buf, sizeof buf, 0)); /* EOF */
	signal(SIGPIPE, SIG_IGN);
	SHOW(send(c, "x", 1, 0));
	close(c);
	close(l);
	unlink("seq.sock");
}

static void dgram_pair(void)
{
	int sv[2];
	char buf[8];

	SHOW(socketpair(AF_UNIX, SOCK_DGRAM, 0, sv));
	SHOW(send(sv[0], "ab", 2, 0));
	SHOW(send(sv[0], "cd", 2, 0));
	SHOW(recv(sv[1], buf, sizeof buf, 0));
	SHOW(shutdown(sv[1], SHUT_RD));
	SHOW(recv(sv[1], buf, sizeof buf, 0)); /* a queued datagram still comes */
	SHOW(recv(sv[1], buf, sizeof buf, 0));
	SHOW(recv(sv[1], buf, sizeof buf, MSG_DONTWAIT));
	SHOW(send(sv[0], "ef", 2, 0));
	close(sv[0]);
	close(sv[1]);
}

/* EPIPE from a datagram or seqpacket send comes without SIGPIPE (left at its
 * default, it would kill us here). */
static void no_sigpipe(void)
{
	int sv[2];

	signal(SIGPIPE, SIG_DFL);
	socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv);
	close(sv[1]);
	SHOW(send(sv[0], "x", 1, 0));
	close(sv[0]);
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	shutdown(sv[1], SHUT_RD);
	SHOW(send(sv[0], "x", 1, 0));
	close(sv[0]);
	close(sv[1]);
	printf("still alive\n");
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	boundaries();
	queue_limit();
	seqpacket();
	dgram_pair();
	no_sigpipe();
	return 0;
}
