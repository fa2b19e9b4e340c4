/* One server, many clients: an epoll server (edge-triggered, non-blocking accept4
 * and reads until EAGAIN) answers 24 client processes that each connect without
 * blocking, wait for EPOLLOUT, check SO_ERROR, send a request and read the answer.
 * Then a client that writes 1 MB to a server that reads slowly blocks on the full
 * buffers and finishes; and a TCP listener on IPv6 :: takes an IPv4 client.
 * Argument: the family, unix, 4 or 6. */
#include "net.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define CLIENTS 24

static int family;
static struct sockaddr_storage server_addr;
static socklen_t server_len;

static int make_listener(void)
{
	int l = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);

	memset(&server_addr, 0, sizeof server_addr);
	if (family == AF_UNIX) {
		struct sockaddr_un *u = (struct sockaddr_un *)&server_addr;
		u->sun_family = AF_UNIX;
		strcpy(u->sun_path, "server.sock");
		server_len = offsetof(struct sockaddr_un, sun_path) + 12;
	} else if (family == AF_INET) {
		struct sockaddr_in *s = (struct sockaddr_in *)&server_addr;
		s->sin_family = AF_INET;
		s->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		server_len = sizeof *s;
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&server_addr;
		s6->sin6_family = AF_INET6;
		s6->sin6_addr = in6addr_loopback;
		server_len = sizeof *s6;
	}
	if (bind(l, (struct sockaddr *)&server_addr, server_len) < 0 || listen(l, 64) < 0)
		printf("listener: %s\n", ename(errno));
	getsockname(l, (struct sockaddr *)&server_addr, &server_len);
	return l;
}

/* A client process: exits 0 if the answer to its request was right. */
static void client(int i)
{
	int c = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0), ep = epoll_create1(0), err;
	struct epoll_event ev = { .events = EPOLLOUT }, out;
	socklen_t len = sizeof err;
	char req[32], ans[64], want[64];

	int r = connect(c, (struct sockaddr *)&server_addr, server_len);
	if (r < 0 && errno != EINPROGRESS && errno != EAGAIN)
		_exit(10);
	if (r < 0 && errno == EAGAIN) { /* a unix backlog full: connect again, blocking */
		fcntl(c, F_SETFL, 0);
		if (connect(c, (struct sockaddr *)&server_addr, server_len) < 0)
			_exit(11);
	}
	epoll_ctl(ep, EPOLL_CTL_ADD, c, &ev);
	if (epoll_wait(ep, &out, 1, 10000) != 1 || !(out.events & EPOLLOUT))
		_exit(12);
	getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len);
	if (err)
		_exit(13);
	fcntl(c, F_SETFL, 0);
	int n = snprintf(req, sizeof req, "client %d", i);
	if (write(c, req, n) != n)
		_exit(14);
	shutdown(c, SHUT_WR);
	snprintf(want, sizeof want, "hello, client %d", i);
	ssize_t got = recv(c, ans, sizeof ans, MSG_WAITALL);
	_exit(got == (ssize_t)strlen(want) && !memcmp(ans, want, got) ? 0 : 15);
}

struct conn {
	int fd;
	char buf[64];
	size_t len;
};

/* Reads what a connection has (edge-triggered: until EAGAIN); answers at EOF. */
static bool serve(struct conn *c)
{
	for (;;) {
		ssize_t n = read(c->fd, c->buf + c->len, sizeof c->buf - 1 - c->len);
		if (n > 0) {
			c->len += n;
			continue;
		}
		if (n < 0 && errno == EAGAIN)
			return false;
		char ans[80];
		int m = snprintf(ans, sizeof ans, "hello, %.*s", (int)c->len, c->buf);
		write(c->fd, ans, m);
		close(c->fd);
		return true;
	}
}

static void many_clients(void)
{
	int l = make_listener(), ep = epoll_create1(EPOLL_CLOEXEC), served = 0, ok = 0, st;
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET, .data.ptr = NULL }, evs[16];
	static struct conn conns[CLIENTS];
	int nconn = 0;

	SHOW(epoll_ctl(ep, EPOLL_CTL_ADD, l, &ev));
	for (int i = 0; i < CLIENTS; i++)
		if (fork() == 0)
			client(i);
	while (served < CLIENTS) {
		int n = epoll_wait(ep, evs, 16, 10000);
		if (n < 0 && errno == EINTR)
			continue; /* a SIGCHLD under strace or emu --trace */
		if (n <= 0) {
			printf("epoll_wait: %d %s\n", n, ename(errno));
			break;
		}
		for (int i = 0; i < n; i++) {
			struct conn *c = evs[i].data.ptr;
			if (c) {
				served += serve(c);
				continue;
			}
			int fd;
			while ((fd = accept4(l, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
				c = &conns[nconn++];
				c->fd = fd;
				struct epoll_event cev = { .events = EPOLLIN | EPOLLRDHUP | EPOLLET, .data.ptr = c };
				epoll_ctl(ep, EPOLL_CTL_ADD, fd, &cev);
			}
			if (errno != EAGAIN)
				printf("accept4: %s\n", ename(errno));
		}
	}
	for (int i = 0; i < CLIENTS; i++)
		if (wait(&st) > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0)
			ok++;
	printf("served %d connections, %d clients got their answer\n", served, ok);
	close(ep);
	close(l);
	if (family == AF_UNIX)
		unlink("server.sock");
}

static void slow_reader(void)
{
	int l = make_listener(), st;
	static char big[1 << 20];

	fcntl(l, F_SETFL, 0);
	for (int i = 0; i < (int)sizeof big; i++)
		big[i] = (char)(i * 13 + 1);
	pid_t p = fork();
	if (p == 0) {
		int c = socket(family, SOCK_STREAM, 0);
		connect(c, (struct sockaddr *)&server_addr, server_len);
		_exit(write(c, big, sizeof big) == sizeof big ? 0 : 1);
	}
	int a = accept(l, NULL, NULL);
	char buf[4096];
	ssize_t n;
	long total = 0;
	unsigned sum = 0;
	usleep(200000); /* the writer fills the buffers and waits */
	while ((n = read(a, buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			sum = sum * 33 + (unsigned char)buf[i];
		total += n;
	}
	waitpid(p, &st, 0);
	printf("slow reader got %ld bytes, sum %u; writer status %d\n", total, sum, WEXITSTATUS(st));
	close(a);
	close(l);
	if (family == AF_UNIX)
		unlink("server.sock");
}

static void v4_to_v6_listener(void)
{
	int l = socket(AF_INET6, SOCK_STREAM, 0), c = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in6 any = { .sin6_family = AF_INET6 };
	struct sockaddr_in6 got;
	socklen_t len = sizeof any;
	char ip[64];

	SHOW(bind(l, (struct sockaddr *)&any, sizeof any));
	SHOW(listen(l, 4));
	getsockname(l, (struct sockaddr *)&any, &len);
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = any.sin6_port,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	SHOW(connect(c, (struct sockaddr *)&to, sizeof to));
	len = sizeof got;
	int a = SHOW(accept(l, (struct sockaddr *)&got, &len));
	inet_ntop(AF_INET6, &got.sin6_addr, ip, sizeof ip);
	printf("accepted from %s (len %d)\n", ip, (int)len);
	len = sizeof got;
	getsockname(a, (struct sockaddr *)&got, &len);
	inet_ntop(AF_INET6, &got.sin6_addr, ip, sizeof ip);
	printf("accepted socket's own address %s\n", ip);
	SHOW(write(c, "v4", 2));
	SHOW(read(a, ip, sizeof ip));
	close(a);
	close(c);
	close(l);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	family = argc < 2 ? AF_INET : !strcmp(argv[1], "unix") ? AF_UNIX
		 : !strcmp(argv[1], "6") ? AF_INET6 : AF_INET;
	many_clients();
	slow_reader();
	if (family == AF_INET6)
		v4_to_v6_listener();
	return 0;
}
