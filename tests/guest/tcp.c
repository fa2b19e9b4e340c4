/* TCP over loopback, IPv4 and IPv6: an echo server in a child with clients in order,
 * accept order, addresses (never the ports the kernel chose), the errors of bind,
 * connect and listen, ECONNREFUSED, a half-close with shutdown, EOF, ECONNRESET for
 * unread data, EPIPE after the peer is gone, SO_LINGER 0, a non-blocking connect
 * with EINPROGRESS and SO_ERROR, and TCP options. Argument: 4 or 6. */
#include "inet.h"
#include "net.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static socklen_t make_addr(struct sockaddr_storage *ss, const char *ip, int port)
{
	return make_addr_of(family, ss, ip, port);
}

static const char *any_ip(void)
{
	return family == AF_INET ? "0.0.0.0" : "::";
}

/* "addr (port set)" for an address: the port is the kernel's choice, so it is only
 * said to be there. */
static void show_addr(const char *what, int fd, int peer)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	char ip[64] = "?";
	int port = 0;
	int r = peer ? getpeername(fd, (struct sockaddr *)&ss, &len)
		     : getsockname(fd, (struct sockaddr *)&ss, &len);

	if (r < 0) {
		printf("%s: -1 %s\n", what, ename(errno));
		return;
	}
	if (ss.ss_family == AF_INET) {
		inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, ip, sizeof ip);
		port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	} else if (ss.ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, ip, sizeof ip);
		port = ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	}
	printf("%s: family %d len %d addr %s port %s\n", what, ss.ss_family, (int)len, ip,
	       port ? "set" : "0");
}

static int listener(const char *ip, int backlog)
{
	struct sockaddr_storage ss;
	int l = socket(family, SOCK_STREAM, 0);
	socklen_t len = make_addr(&ss, ip, 0);

	if (bind(l, (struct sockaddr *)&ss, len) < 0 || listen(l, backlog) < 0)
		printf("listener: %s\n", ename(errno));
	return l;
}

static int connect_to(int port, int flags)
{
	struct sockaddr_storage ss;
	socklen_t len = make_addr(&ss, loop_ip(), port);
	int c = socket(family, SOCK_STREAM | flags, 0);

	if (connect(c, (struct sockaddr *)&ss, len) < 0 && errno != EINPROGRESS)
		printf("connect: %s\n", ename(errno));
	return c;
}

static void echo_server(void)
{
	int l = listener(any_ip(), 8), st;
	int port = port_of(l);
	char buf[256];

	show_addr("listener", l, 0);
	show_addr("listener peer", l, 1);
	pid_t p = fork();
	if (p == 0) { /* exits with the bytes it echoed, in hundreds; prints nothing */
		ssize_t total = 0;
		for (int i = 0; i < 4; i++) {
			struct sockaddr_storage from;
			socklen_t fl = sizeof from;
			int c = accept(l, (struct sockaddr *)&from, &fl);
			ssize_t n;
			if (fl != (family == AF_INET ? 16 : 28))
				_exit(255);
			while ((n = read(c, buf, sizeof buf)) > 0) {
				write(c, buf, n);
				total += n;
			}
			close(c);
		}
		_exit(total);
	}
	for (int i = 0; i < 4; i++) {
		int c = connect_to(port, 0);
		show_addr("client local", c, 0);
		show_addr("client peer", c, 1);
		snprintf(buf, sizeof buf, "request %d from the client", i);
		size_t len = strlen(buf);
		SHOW(write(c, buf, len));
		SHOW(shutdown(c, SHUT_WR));
		SHOW(write(c, "x", 1) < 0 ? -1 : 0); /* EPIPE after SHUT_WR (SIGPIPE ignored) */
		ssize_t n = SHOW(recv(c, buf, len, MSG_WAITALL));
		printf("reply: %.*s\n", (int)(n > 0 ? n : 0), buf);
		SHOW(read(c, buf, sizeof buf));
		close(c);
	}
	waitpid(p, &st, 0);
	printf("server echoed %d bytes\n", WEXITSTATUS(st));
	close(l);
	int c = socket(family, SOCK_STREAM, 0);
	struct sockaddr_storage ss;
	socklen_t len = make_addr(&ss, loop_ip(), port);
	SHOW(connect(c, (struct sockaddr *)&ss, len)); /* nobody listens now */
	show_addr("after refused", c, 0);
	SHOW(connect(c, (struct sockaddr *)&ss, len));
	close(c);
}

static void accept_order(void)
{
	int l = listener(loop_ip(), 16), port = port_of(l), c[5];
	char buf[8];

	for (int i = 0; i < 5; i++) {
		c[i] = connect_to(port, 0);
		buf[0] = '0' + i;
		write(c[i], buf, 1);
	}
	int n;
	SHOW(ioctl(l, FIONREAD, &n));
	for (int i = 0; i < 5; i++) {
		int a = accept(l, NULL, NULL);
		SHOW(ioctl(a, FIONREAD, &n));
		read(a, buf, 1);
		printf("accepted connection %c (%d bytes were waiting)\n", buf[0], n);
		close(a);
		close(c[i]);
	}
	close(l);
}

static void errors(void)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int s = socket(family, SOCK_STREAM, 0), t = socket(family, SOCK_STREAM, 0);
	char buf[8];

	SHOW(socket(family, SOCK_STREAM, IPPROTO_UDP));
	SHOW(socket(family, SOCK_SEQPACKET, 0));
	SHOW(socketpair(family, SOCK_STREAM, 0, (int[2]){ 0, 0 }));
	SHOW(read(s, buf, sizeof buf));
	SHOW(send(s, buf, 1, MSG_NOSIGNAL));
	SHOW(recv(s, buf, 1, MSG_DONTWAIT));
	SHOW(shutdown(s, SHUT_RDWR));
	SHOW(accept(s, NULL, NULL));
	show_addr("unbound", s, 0);
	show_addr("unbound peer", s, 1);
	len = make_addr(&ss, loop_ip(), 0);
	SHOW(bind(s, (struct sockaddr *)&ss, len - 1));
	SHOW(bind(s, (struct sockaddr *)&ss, len));
	SHOW(bind(s, (struct sockaddr *)&ss, len));
	show_addr("bound", s, 0);
	int port = port_of(s);
	len = make_addr(&ss, loop_ip(), port);
	SHOW(bind(t, (struct sockaddr *)&ss, len)); /* in use */
	len = make_addr(&ss, any_ip(), port);
	SHOW(bind(t, (struct sockaddr *)&ss, len)); /* the wildcard overlaps */
	int one = 1;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	setsockopt(t, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	SHOW(bind(t, (struct sockaddr *)&ss, len)); /* both SO_REUSEADDR, neither listening */
	SHOW(listen(s, 1));
	SHOW(listen(t, 1)); /* but only one may listen */
	close(t);
	len = make_addr(&ss, family == AF_INET ? "10.1.2.3" : "2001:db8::1", 0);
	t = socket(family, SOCK_STREAM, 0);
	SHOW(bind(t, (struct sockaddr *)&ss, len));
	len = make_addr(&ss, loop_ip(), 80);
	ss.ss_family = AF_UNIX;
	SHOW(connect(t, (struct sockaddr *)&ss, len));
	SHOW(connect(t, (struct sockaddr *)&ss, 3));
	SHOW(listen(s, 1)); /* again: fine */
	len = make_addr(&ss, loop_ip(), port);
	SHOW(connect(s, (struct sockaddr *)&ss, len)); /* a listener cannot connect */
	close(s);
	close(t);
}

static void closing(void)
{
	int l = listener(loop_ip(), 4), port = port_of(l), a, c;
	char buf[16];

	signal(SIGPIPE, SIG_IGN);
	/* peer closes with our data unread: ECONNRESET, then EOF; writes EPIPE */
	c = connect_to(port, 0);
	a = accept(l, NULL, NULL);
	SHOW(write(c, "unread", 6));
	close(a);
	SHOW(read(c, buf, sizeof buf));
	SHOW(read(c, buf, sizeof buf));
	SHOW(write(c, "x", 1));
	close(c);
	/* peer closes cleanly: EOF; the first write still goes, the second is EPIPE */
	c = connect_to(port, 0);
	a = accept(l, NULL, NULL);
	SHOW(write(a, "bye", 3));
	close(a);
	SHOW(read(c, buf, sizeof buf));
	SHOW(read(c, buf, sizeof buf));
	SHOW(write(c, "x", 1));
	SHOW(write(c, "x", 1));
	SHOW(read(c, buf, sizeof buf));
	close(c);
	/* SO_LINGER with 0: a reset instead of the FIN */
	c = connect_to(port, 0);
	a = accept(l, NULL, NULL);
	struct linger lg = { 1, 0 };
	SHOW(setsockopt(a, SOL_SOCKET, SO_LINGER, &lg, sizeof lg));
	close(a);
	struct pollfd p = { c, POLLIN | POLLOUT | POLLRDHUP, 0 };
	SHOW(poll(&p, 1, 0));
	printf("revents %#x\n", p.revents);
	SHOW(read(c, buf, sizeof buf));
	close(c);
	/* half-close the other way: the server shuts down its writing, still reads */
	c = connect_to(port, 0);
	a = accept(l, NULL, NULL);
	SHOW(shutdown(a, SHUT_WR));
	SHOW(read(c, buf, sizeof buf));
	SHOW(write(c, "still", 5));
	SHOW(read(a, buf, sizeof buf));
	p = (struct pollfd){ c, POLLIN | POLLOUT | POLLRDHUP, 0 };
	SHOW(poll(&p, 1, 0));
	printf("revents %#x\n", p.revents);
	close(a);
	close(c);
	/* connections in the accept queue when the listener closes are reset */
	c = connect_to(port, 0);
	close(l);
	SHOW(read(c, buf, sizeof buf));
	close(c);
	signal(SIGPIPE, SIG_DFL);
}

static void nonblocking(void)
{
	int l = listener(loop_ip(), 4), port = port_of(l), v;
	socklen_t vl = sizeof v;
	struct sockaddr_storage ss;
	socklen_t len = make_addr(&ss, loop_ip(), port);
	int c = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	char buf[8];

	SHOW(fcntl(l, F_SETFL, O_NONBLOCK));
	SHOW(accept(l, NULL, NULL));
	SHOW(connect(c, (struct sockaddr *)&ss, len));
	struct pollfd p = { c, POLLOUT, 0 };
	SHOW(poll(&p, 1, 1000));
	printf("revents %#x\n", p.revents);
	SHOW(getsockopt(c, SOL_SOCKET, SO_ERROR, &v, &vl));
	printf("SO_ERROR %d\n", v);
	SHOW(connect(c, (struct sockaddr *)&ss, len)); /* done now */
	SHOW(connect(c, (struct sockaddr *)&ss, len));
	p = (struct pollfd){ l, POLLIN, 0 };
	SHOW(poll(&p, 1, 1000));
	int a = SHOW(accept4(l, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC));
	printf("accepted: nonblock %d cloexec %d\n", !!(fcntl(a, F_GETFL) & O_NONBLOCK),
	       !!(fcntl(a, F_GETFD) & FD_CLOEXEC));
	SHOW(read(a, buf, sizeof buf));
	close(a);
	close(c);
	close(l);
	/* no listener: EINPROGRESS, then the error in SO_ERROR and poll */
	c = socket(family, SOCK_STREAM | SOCK_NONBLOCK, 0);
	SHOW(connect(c, (struct sockaddr *)&ss, len));
	p = (struct pollfd){ c, POLLIN | POLLOUT | POLLRDHUP, 0 };
	SHOW(poll(&p, 1, 1000));
	printf("revents %#x\n", p.revents);
	vl = sizeof v;
	SHOW(getsockopt(c, SOL_SOCKET, SO_ERROR, &v, &vl));
	printf("SO_ERROR %s\n", ename(v));
	SHOW(connect(c, (struct sockaddr *)&ss, len));
	close(c);
}

/* sendfile from a file into a connection (Go's io.Copy, nginx), with and without
 * an offset, to a reader in a child process. */
static void file_to_socket(void)
{
	int l = listener(loop_ip(), 4), port = port_of(l), st;
	int f = open("payload", O_CREAT | O_RDWR | O_TRUNC, 0644);
	static char data[300000];

	for (int i = 0; i < (int)sizeof data; i++)
		data[i] = (char)(i % 251);
	write(f, data, sizeof data);
	lseek(f, 1000, SEEK_SET);
	pid_t p = fork();
	if (p == 0) {
		int a = accept(l, NULL, NULL);
		char buf[8192];
		long total = 0;
		unsigned sum = 0;
		ssize_t n;
		while ((n = read(a, buf, sizeof buf)) > 0) {
			for (ssize_t i = 0; i < n; i++)
				sum = sum * 31 + (unsigned char)buf[i];
			total += n;
		}
		printf("reader got %ld bytes, sum %u\n", total, sum);
		_exit(0);
	}
	int c = connect_to(port, 0);
	long sent = 0;
	ssize_t n;
	while ((n = sendfile(c, f, NULL, 100000)) > 0) /* from the file offset, 1000 */
		sent += n;
	printf("sendfile sent %ld bytes, offset now %ld\n", sent, (long)lseek(f, 0, SEEK_CUR));
	off_t off = 10;
	SHOW(sendfile(c, f, &off, 90));
	printf("offset argument now %ld, file offset still %ld\n", (long)off, (long)lseek(f, 0, SEEK_CUR));
	close(c);
	waitpid(p, &st, 0);
	SHOW(sendfile(f, c, NULL, 10)); /* a closed descriptor */
	int sv[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	SHOW(sendfile(sv[0], sv[1], NULL, 10)); /* from a socket: EINVAL */
	close(sv[0]);
	close(sv[1]);
	close(f);
	close(l);
}

static void options(void)
{
	int s = socket(family, SOCK_STREAM, 0), v, one = 1;
	socklen_t len = sizeof v;

	SHOW(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len));
	printf("SO_TYPE %d\n", v);
	SHOW(getsockopt(s, SOL_SOCKET, SO_PROTOCOL, &v, &len));
	printf("SO_PROTOCOL %d\n", v);
	SHOW(getsockopt(s, SOL_SOCKET, SO_SNDBUF, &v, &len));
	printf("SO_SNDBUF %d\n", v);
	SHOW(getsockopt(s, SOL_SOCKET, SO_RCVBUF, &v, &len));
	printf("SO_RCVBUF %d\n", v);
	SHOW(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one));
	SHOW(getsockopt(s, IPPROTO_TCP, TCP_NODELAY, &v, &len));
	printf("TCP_NODELAY %d\n", v);
	SHOW(setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one));
	SHOW(getsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &v, &len));
	printf("SO_KEEPALIVE %d\n", v);
	v = 30;
	SHOW(setsockopt(s, IPPROTO_TCP, TCP_KEEPIDLE, &v, sizeof v));
	SHOW(setsockopt(s, IPPROTO_TCP, TCP_KEEPINTVL, &v, sizeof v));
	v = 0;
	SHOW(setsockopt(s, IPPROTO_TCP, TCP_KEEPCNT, &v, sizeof v));
	SHOW(getsockopt(s, IPPROTO_TCP, TCP_KEEPIDLE, &v, &len));
	printf("TCP_KEEPIDLE %d\n", v);
	SHOW(getsockopt(s, IPPROTO_TCP, TCP_MAXSEG, &v, &len));
	printf("TCP_MAXSEG %d\n", v);
	SHOW(setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, 2));
	SHOW(getsockopt(s, IPPROTO_TCP, 9999, &v, &len));
	SHOW(getsockopt(s, IPPROTO_IP, IP_TTL, &v, &len));
	printf("IP_TTL %d\n", v);
	v = 300;
	SHOW(setsockopt(s, IPPROTO_IP, IP_TTL, &v, sizeof v));
	SHOW(setsockopt(s, SOL_SOCKET, SO_PASSCRED, &one, sizeof one));
	SHOW(setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one));
	if (family == AF_INET6) {
		SHOW(getsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &v, &len));
		printf("IPV6_V6ONLY %d\n", v);
	} else {
		SHOW(getsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &v, &len));
	}
	close(s);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	family = argc > 1 && !strcmp(argv[1], "6") ? AF_INET6 : AF_INET;
	signal(SIGPIPE, SIG_IGN);
	echo_server();
	signal(SIGPIPE, SIG_DFL);
	accept_order();
	errors();
	closing();
	nonblocking();
	file_to_socket();
	options();
	return 0;
}
