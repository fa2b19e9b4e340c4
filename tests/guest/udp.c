/* UDP over loopback, IPv4 and IPv6: an echo server in a child, datagram boundaries,
 * MSG_TRUNC and MSG_PEEK, sender addresses, connect for a default peer (and
 * ECONNREFUSED when nobody is there, reported on the next call), AF_UNSPEC to
 * disconnect, EMSGSIZE, EDESTADDRREQ, SO_REUSEADDR, FIONREAD, poll, and an IPv6
 * socket that also takes IPv4 (and not with IPV6_V6ONLY). Argument: 4 or 6. */
#include "inet.h"
#include "net.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void show_from(const struct sockaddr_storage *ss, socklen_t len, int expect_port)
{
	char ip[64] = "?";
	int port = 0;

	if (ss->ss_family == AF_INET) {
		inet_ntop(AF_INET, &((struct sockaddr_in *)ss)->sin_addr, ip, sizeof ip);
		port = ntohs(((struct sockaddr_in *)ss)->sin_port);
	} else if (ss->ss_family == AF_INET6) {
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)ss)->sin6_addr, ip, sizeof ip);
		port = ntohs(((struct sockaddr_in6 *)ss)->sin6_port);
	}
	printf("  from family %d len %d addr %s, the sender's port %d\n", ss->ss_family, (int)len, ip,
	       port == expect_port);
}

static int bound_socket(int fam, const char *ip)
{
	struct sockaddr_storage ss;
	int s = socket(fam, SOCK_DGRAM, 0);
	socklen_t len = make_addr_of(fam, &ss, ip, 0);

	if (bind(s, (struct sockaddr *)&ss, len) < 0)
		printf("bind: %s\n", ename(errno));
	return s;
}

static void echo(void)
{
	int srv = bound_socket(family, loop_ip()), port = port_of(srv), st;
	struct sockaddr_storage to, from;
	socklen_t tl = make_addr_of(family, &to, loop_ip(), port), fl;
	char buf[2048];

	pid_t p = fork();
	if (p == 0) {
		for (int i = 0; i < 3; i++) {
			fl = sizeof from;
			ssize_t n = recvfrom(srv, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl);
			sendto(srv, buf, n, 0, (struct sockaddr *)&from, fl);
		}
		_exit(0);
	}
	int c = SHOW(socket(family, SOCK_DGRAM, 0));
	for (int i = 0; i < 3; i++) {
		int len = 100 * (i + 1);
		memset(buf, 'a' + i, len);
		SHOW(sendto(c, buf, len, 0, (struct sockaddr *)&to, tl));
		fl = sizeof from;
		ssize_t n = SHOW(recvfrom(c, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
		printf("  %zd bytes of %c\n", n, buf[0]);
		show_from(&from, fl, port);
	}
	waitpid(p, &st, 0);
	printf("server exit %d\n", WEXITSTATUS(st));
	close(c);
	close(srv);
}

static void datagrams(void)
{
	int r = bound_socket(family, loop_ip()), s = bound_socket(family, loop_ip());
	int rport = port_of(r), n;
	struct sockaddr_storage to, from;
	socklen_t tl = make_addr_of(family, &to, loop_ip(), rport), fl;
	char buf[64];

	SHOW(sendto(s, "first", 5, 0, (struct sockaddr *)&to, tl));
	SHOW(sendto(s, "second!", 7, 0, (struct sockaddr *)&to, tl));
	SHOW(sendto(s, "", 0, 0, (struct sockaddr *)&to, tl));
	SHOW(ioctl(r, FIONREAD, &n));
	printf("FIONREAD %d\n", n);
	SHOW(recv(r, buf, 2, MSG_PEEK | MSG_TRUNC));
	SHOW(recv(r, buf, 2, 0));
	struct iovec iov = { buf, 3 };
	struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof from, .msg_iov = &iov, .msg_iovlen = 1 };
	SHOW(recvmsg(r, &m, 0));
	printf("msg_flags MSG_TRUNC %d, namelen %d\n", !!(m.msg_flags & MSG_TRUNC), (int)m.msg_namelen);
	SHOW(recv(r, buf, sizeof buf, 0));
	SHOW(recv(r, buf, sizeof buf, MSG_DONTWAIT));
	struct pollfd p = { r, POLLIN | POLLOUT, 0 };
	SHOW(poll(&p, 1, 0));
	printf("revents %#x\n", p.revents);
	/* errors */
	SHOW(send(s, "x", 1, 0));
	SHOW(sendto(s, "x", 1, 0, (struct sockaddr *)&to, tl - 1));
	static char big[70000];
	SHOW(sendto(s, big, sizeof big, 0, (struct sockaddr *)&to, tl));
	SHOW(sendto(s, big, 65507, 0, (struct sockaddr *)&to, tl));
	SHOW(recv(r, big, sizeof big, 0));
	SHOW(recv(r, big, sizeof big, MSG_DONTWAIT));
	make_addr_of(family, &from, loop_ip(), 0);
	SHOW(sendto(s, "x", 1, 0, (struct sockaddr *)&from, tl)); /* port 0 */
	SHOW(listen(s, 1));
	SHOW(accept(s, NULL, NULL));
	SHOW(shutdown(s, SHUT_RD)); /* not connected: ENOTCONN, yet it is done */
	SHOW(recv(s, buf, sizeof buf, 0));
	/* connected */
	int c = socket(family, SOCK_DGRAM, 0);
	SHOW(connect(c, (struct sockaddr *)&to, tl));
	SHOW(send(c, "via connect", 11, 0));
	fl = sizeof from;
	SHOW(recvfrom(r, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
	show_from(&from, fl, port_of(c));
	SHOW(sendto(r, "stranger", 8, 0, (struct sockaddr *)&from, fl)); /* c only takes r's */
	fl = sizeof from;
	SHOW(getpeername(c, (struct sockaddr *)&from, &fl));
	/* nobody at the peer: the send goes, the next call says ECONNREFUSED */
	close(r);
	SHOW(send(c, "x", 1, 0));
	SHOW(recv(c, buf, sizeof buf, MSG_DONTWAIT));
	SHOW(send(c, "x", 1, 0));
	SHOW(send(c, "x", 1, 0));
	int v;
	socklen_t vl = sizeof v;
	SHOW(send(c, "x", 1, 0));
	SHOW(getsockopt(c, SOL_SOCKET, SO_ERROR, &v, &vl));
	printf("SO_ERROR %s\n", v ? ename(v) : "0");
	struct sockaddr unspec = { .sa_family = AF_UNSPEC };
	SHOW(connect(c, &unspec, sizeof unspec));
	fl = sizeof from;
	SHOW(getpeername(c, (struct sockaddr *)&from, &fl));
	SHOW(send(c, "x", 1, 0));
	close(c);
	close(s);
}

/* several datagrams per call: sendmmsg, and recvmmsg with MSG_WAITFORONE */
static void mmsg(void)
{
	int r = bound_socket(family, loop_ip()), s = socket(family, SOCK_DGRAM, 0);
	struct sockaddr_storage to;
	socklen_t tl = make_addr_of(family, &to, loop_ip(), port_of(r));
	struct iovec out[3] = { { "one", 3 }, { "two!", 4 }, { "three", 5 } };
	struct mmsghdr sm[3], rm[4];
	char bufs[4][16];
	struct iovec in[4];

	memset(sm, 0, sizeof sm);
	memset(rm, 0, sizeof rm);
	for (int i = 0; i < 3; i++) {
		sm[i].msg_hdr.msg_name = &to;
		sm[i].msg_hdr.msg_namelen = tl;
		sm[i].msg_hdr.msg_iov = &out[i];
		sm[i].msg_hdr.msg_iovlen = 1;
	}
	for (int i = 0; i < 4; i++) {
		in[i] = (struct iovec){ bufs[i], sizeof bufs[i] };
		rm[i].msg_hdr.msg_iov = &in[i];
		rm[i].msg_hdr.msg_iovlen = 1;
	}
	SHOW(sendmmsg(s, sm, 3, 0));
	printf("sent %u %u %u\n", sm[0].msg_len, sm[1].msg_len, sm[2].msg_len);
	int n = SHOW(recvmmsg(r, rm, 4, MSG_WAITFORONE, NULL));
	for (int i = 0; i < n; i++)
		printf("  got %.*s (%u)\n", (int)rm[i].msg_len, bufs[i], rm[i].msg_len);
	SHOW(recvmmsg(r, rm, 4, MSG_DONTWAIT, NULL));
	close(r);
	close(s);
}

static void reuse(void)
{
	int a = socket(family, SOCK_DGRAM, 0), b = socket(family, SOCK_DGRAM, 0), one = 1;
	struct sockaddr_storage ss;
	socklen_t len = make_addr_of(family, &ss, loop_ip(), 0);

	SHOW(bind(a, (struct sockaddr *)&ss, len));
	len = make_addr_of(family, &ss, loop_ip(), port_of(a));
	SHOW(bind(b, (struct sockaddr *)&ss, len));
	setsockopt(a, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	setsockopt(b, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	SHOW(bind(b, (struct sockaddr *)&ss, len));
	close(a);
	close(b);
}

/* An IPv6 socket on :: takes IPv4 datagrams too, as v4-mapped addresses. */
static void dual_stack(void)
{
	int s6 = bound_socket(AF_INET6, "::"), v4 = socket(AF_INET, SOCK_DGRAM, 0);
	struct sockaddr_storage to, from;
	socklen_t tl = make_addr_of(AF_INET, &to, "127.0.0.1", port_of(s6)), fl = sizeof from;
	char buf[16];

	SHOW(sendto(v4, "over v4", 7, 0, (struct sockaddr *)&to, tl));
	SHOW(recvfrom(s6, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
	show_from(&from, fl, port_of(v4));
	close(s6);
	int only = socket(AF_INET6, SOCK_DGRAM, 0), one = 1;
	SHOW(setsockopt(only, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one));
	socklen_t l6 = make_addr_of(AF_INET6, &from, "::", 0);
	SHOW(bind(only, (struct sockaddr *)&from, l6));
	SHOW(setsockopt(only, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one)); /* bound: too late */
	tl = make_addr_of(AF_INET, &to, "127.0.0.1", port_of(only));
	SHOW(sendto(v4, "lost", 4, 0, (struct sockaddr *)&to, tl));
	SHOW(recv(only, buf, sizeof buf, MSG_DONTWAIT));
	/* v4-mapped destinations from an IPv6 socket */
	int m = socket(AF_INET6, SOCK_DGRAM, 0), r4 = bound_socket(AF_INET, "127.0.0.1");
	l6 = make_addr_of(AF_INET6, &to, "::ffff:127.0.0.1", port_of(r4));
	SHOW(sendto(m, "mapped", 6, 0, (struct sockaddr *)&to, l6));
	fl = sizeof from;
	SHOW(recvfrom(r4, buf, sizeof buf, 0, (struct sockaddr *)&from, &fl));
	show_from(&from, fl, port_of(m));
	SHOW(sendto(only, "x", 1, 0, (struct sockaddr *)&to, l6)); /* v6 only: unreachable */
	close(m);
	close(r4);
	close(only);
	close(v4);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	family = argc > 1 && !strcmp(argv[1], "6") ? AF_INET6 : AF_INET;
	echo();
	datagrams();
	mmsg();
	reuse();
	if (family == AF_INET6)
		dual_stack();
	return 0;
}
