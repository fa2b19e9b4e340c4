/* hostnet IP TCPPORT UDPPORT [unreach]: talks to the echo servers on the host's own
 * non-loopback address IP (tests/net/echo_server.py): a blocking TCP connect, poll
 * and read; a non-blocking connect and 300,000 bytes echoed under epoll; shutdown
 * and EOF; answers that come late, inside SO_RCVTIMEO and poll's timeout; UDP
 * connected and unconnected. With "unreach" it only tries the TCP
 * connect and a UDP sendto and names their errors (emu without --net=host). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define BULK 300000

static struct sockaddr_in addr_of(const char *ip, const char *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(port)) };

	inet_pton(AF_INET, ip, &a.sin_addr);
	return a;
}

static const char *err_name(int e)
{
	return e == ENETUNREACH ? "ENETUNREACH" : e == ECONNREFUSED ? "ECONNREFUSED"
	       : e == EINPROGRESS ? "EINPROGRESS" : strerror(e);
}

static int unreach(struct sockaddr_in t, struct sockaddr_in u)
{
	int s = socket(AF_INET, SOCK_STREAM, 0), d = socket(AF_INET, SOCK_DGRAM, 0);

	printf("connect: %s\n", connect(s, (struct sockaddr *)&t, sizeof t) ? err_name(errno) : "0");
	printf("sendto: %s\n", sendto(d, "x", 1, 0, (struct sockaddr *)&u, sizeof u) < 0
				       ? err_name(errno) : "sent");
	return 0;
}

static void blocking(struct sockaddr_in t)
{
	struct sockaddr_in peer;
	socklen_t len = sizeof peer;
	char buf[16] = "";
	int s = socket(AF_INET, SOCK_STREAM, 0), one = 1, got = 0;

	printf("connect: %d\n", connect(s, (struct sockaddr *)&t, sizeof t));
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	getpeername(s, (struct sockaddr *)&peer, &len);
	printf("peer is the server: %d\n", peer.sin_addr.s_addr == t.sin_addr.s_addr &&
						   peer.sin_port == t.sin_port);
	write(s, "hello", 5);
	struct pollfd p = { s, POLLIN, 0 };
	int ready = poll(&p, 1, -1);
	printf("poll: %d %s\n", ready, p.revents & POLLIN ? "POLLIN" : "-");
	while (got < 5) {
		int n = read(s, buf + got, sizeof buf - 1 - got);
		if (n <= 0)
			break;
		got += n;
	}
	printf("echo: %s\n", buf);
	close(s);
}

/* Writes and reads at once under epoll, as a non-blocking client does. */
static void bulk(struct sockaddr_in t)
{
	static char out[BULK], in[65536];
	int s = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), ep = epoll_create1(0), err = -1;
	long sent = 0, echoed = 0, bad = 0;
	struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT, .data.fd = s };
	socklen_t len = sizeof err;

	for (int i = 0; i < BULK; i++)
		out[i] = (char)(i % 251);
	int r = connect(s, (struct sockaddr *)&t, sizeof t);
	printf("nonblocking connect: %s\n", !r || errno == EINPROGRESS ? "0 or EINPROGRESS" : err_name(errno));
	epoll_ctl(ep, EPOLL_CTL_ADD, s, &ev);
	epoll_wait(ep, &ev, 1, -1);
	getsockopt(s, SOL_SOCKET, SO_ERROR, &err, &len);
	printf("writable: %d, SO_ERROR %d\n", !!(ev.events & EPOLLOUT), err);
	while (echoed < BULK) {
		if (sent < BULK) {
			ssize_t n = write(s, out + sent, BULK - sent);
			if (n > 0)
				sent += n;
		}
		ssize_t n = read(s, in, sizeof in);
		if (n > 0) {
			for (ssize_t i = 0; i < n; i++)
				bad += in[i] != (char)((echoed + i) % 251);
			echoed += n;
			continue;
		}
		if (n == 0)
			break;
		ev.events = EPOLLIN | (sent < BULK ? EPOLLOUT : 0);
		epoll_ctl(ep, EPOLL_CTL_MOD, s, &ev);
		epoll_wait(ep, &ev, 1, -1);
	}
	printf("echoed %ld of %d, %ld wrong\n", echoed, BULK, bad);
	shutdown(s, SHUT_WR);
	{
		struct pollfd p = { s, POLLIN, 0 };
		poll(&p, 1, -1);
		printf("after shutdown: read %zd\n", read(s, in, sizeof in));
	}
	close(ep);
	close(s);
}

/* The answer comes 0.2 s late, inside the timeouts (SO_RCVTIMEO, poll's): emu
 * must wait for the host for real, not jump its virtual clock to the deadline. */
static void timeouts(struct sockaddr_in t)
{
	struct timeval tv = { 5, 0 };
	char buf[16] = "";
	int s = socket(AF_INET, SOCK_STREAM, 0);

	connect(s, (struct sockaddr *)&t, sizeof t);
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
	write(s, "slow1", 5);
	ssize_t n = recv(s, buf, 5, MSG_WAITALL);
	printf("SO_RCVTIMEO 5 s, slow echo: %zd %.*s\n", n, n > 0 ? (int)n : 0, buf);
	write(s, "slow2", 5);
	struct pollfd p = { s, POLLIN, 0 };
	int ready = poll(&p, 1, 5000);
	n = recv(s, buf, 5, MSG_WAITALL);
	printf("poll 5 s, slow echo: %d, %zd %.*s\n", ready, n, n > 0 ? (int)n : 0, buf);
	close(s);
}

static void udp(struct sockaddr_in u)
{
	char buf[16] = "";
	struct sockaddr_in from;
	socklen_t len = sizeof from;
	int c = socket(AF_INET, SOCK_DGRAM, 0), d = socket(AF_INET, SOCK_DGRAM, 0);

	printf("udp connect: %d\n", connect(c, (struct sockaddr *)&u, sizeof u));
	send(c, "ping", 4, 0);
	printf("udp echo: %.*s\n", (int)recv(c, buf, sizeof buf, 0), buf);
	sendto(d, "dgram", 5, 0, (struct sockaddr *)&u, sizeof u);
	ssize_t n = recvfrom(d, buf, sizeof buf, 0, (struct sockaddr *)&from, &len);
	printf("udp echo: %.*s from the server: %d\n", (int)n, buf,
	       from.sin_addr.s_addr == u.sin_addr.s_addr && from.sin_port == u.sin_port);
	close(c);
	close(d);
}

int main(int argc, char **argv)
{
	if (argc < 4)
		return 2;
	struct sockaddr_in t = addr_of(argv[1], argv[2]), u = addr_of(argv[1], argv[3]);
	if (argc > 4 && !strcmp(argv[4], "unreach"))
		return unreach(t, u);
	blocking(t);
	bulk(t);
	timeouts(t);
	udp(u);
	return 0;
}
