/* Socket calls as strace decodes them: every family's sockaddr (AF_UNIX paths and
 * abstract names, AF_INET, AF_INET6, AF_NETLINK), socket types and flags, socket
 * options by level and name, shutdown's SHUT_*, MSG_* flags, and msghdr with its
 * control messages (SCM_RIGHTS, SCM_CREDENTIALS) in sendmsg, recvmsg, sendmmsg and
 * recvmmsg. Ephemeral ports differ between the kernels (normalise.awk). */
#include <arpa/inet.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void unix_names(void)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	int s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int d = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);

	strcpy(a.sun_path, "sock-trace");
	unlink(a.sun_path);
	bind(s, (struct sockaddr *)&a, sizeof(a));
	listen(s, 4);
	memcpy(a.sun_path, "\0abstract-trace", 15);
	bind(d, (struct sockaddr *)&a, offsetof(struct sockaddr_un, sun_path) + 15);
	socklen_t len = sizeof(a);
	getsockname(d, (struct sockaddr *)&a, &len);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	strcpy(a.sun_path, "no-such-socket");
	connect(c, (struct sockaddr *)&a, sizeof(a));
	unlink("sock-trace");
	close(c);
	close(d);
	close(s);
}

/* SCM_RIGHTS and SCM_CREDENTIALS over a socketpair, then MSG_* flags and shutdown. */
static void unix_messages(void)
{
	int sv[2], one = 1, fd = 2;
	char data[8] = "hi", cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { data, 2 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	sendmsg(sv[0], &m, 0);
	iov.iov_len = sizeof(data);
	m.msg_controllen = sizeof(cbuf);
	recvmsg(sv[1], &m, MSG_CMSG_CLOEXEC);
	close(*(int *)CMSG_DATA(CMSG_FIRSTHDR(&m)));

	char cred[CMSG_SPACE(sizeof(struct ucred))];
	struct ucred uc = { getpid(), getuid(), getgid() };
	setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one));
	m.msg_control = cred;
	m.msg_controllen = sizeof(cred);
	cm = CMSG_FIRSTHDR(&m);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_CREDENTIALS;
	cm->cmsg_len = CMSG_LEN(sizeof(uc));
	memcpy(CMSG_DATA(cm), &uc, sizeof(uc));
	iov.iov_len = 2;
	sendmsg(sv[0], &m, MSG_NOSIGNAL);
	iov.iov_len = sizeof(data);
	m.msg_controllen = sizeof(cred);
	recvmsg(sv[1], &m, 0);

	send(sv[0], "abc", 3, MSG_DONTWAIT | MSG_NOSIGNAL);
	recv(sv[1], data, sizeof(data), MSG_PEEK);
	recv(sv[1], data, sizeof(data), MSG_WAITALL | MSG_DONTWAIT);
	recv(sv[1], data, sizeof(data), MSG_DONTWAIT);
	shutdown(sv[0], SHUT_WR);
	shutdown(sv[1], SHUT_RDWR);
	shutdown(sv[1], 7);
	close(sv[0]);
	close(sv[1]);
}

static void options(int s)
{
	int one = 1, v;
	socklen_t len = sizeof(v);
	struct linger lg = { 1, 0 };
	struct timeval tv = { 1, 500000 };

	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	setsockopt(s, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
	setsockopt(s, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len);
	getsockopt(s, SOL_SOCKET, SO_ERROR, &v, &len);
	getsockopt(s, SOL_SOCKET, SO_REUSEADDR, &v, &len);
	getsockopt(s, IPPROTO_TCP, TCP_NODELAY, &v, &len);
	getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &len);
	setsockopt(s, SOL_SOCKET, 12345, &one, sizeof(one));
}

static void inet(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(0),
				 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);

	options(l);
	bind(l, (struct sockaddr *)&a, sizeof(a));
	listen(l, 8);
	getsockname(l, (struct sockaddr *)&a, &len);
	int c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, sizeof(a));
	int s = accept4(l, (struct sockaddr *)&a, &len, SOCK_CLOEXEC);
	sendto(c, "tcp", 3, MSG_NOSIGNAL, NULL, 0);
	recvfrom(s, (char[8]){ 0 }, 8, 0, NULL, NULL);
	getpeername(s, (struct sockaddr *)&a, &len);
	close(s);
	close(c);
	close(l);
}

static void inet6_and_mmsg(void)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	socklen_t len = sizeof(a);
	int r = socket(AF_INET6, SOCK_DGRAM, 0), w = socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);

	bind(r, (struct sockaddr *)&a, sizeof(a));
	getsockname(r, (struct sockaddr *)&a, &len);
	char b1[4] = "one", b2[4] = "two", r1[8], r2[8];
	struct iovec iov[4] = { { b1, 3 }, { b2, 3 }, { r1, 8 }, { r2, 8 } };
	struct mmsghdr out[2] = {
		{ .msg_hdr = { .msg_name = &a, .msg_namelen = sizeof(a), .msg_iov = &iov[0], .msg_iovlen = 1 } },
		{ .msg_hdr = { .msg_name = &a, .msg_namelen = sizeof(a), .msg_iov = &iov[1], .msg_iovlen = 1 } },
	};
	sendmmsg(w, out, 2, 0);
	struct mmsghdr in[2] = {
		{ .msg_hdr = { .msg_iov = &iov[2], .msg_iovlen = 1 } },
		{ .msg_hdr = { .msg_iov = &iov[3], .msg_iovlen = 1 } },
	};
	recvmmsg(r, in, 2, MSG_DONTWAIT, NULL);
	close(r);
	close(w);
}

/* A datagram's sender in recvmsg (msg_namelen in => out), an unnamed AF_UNIX
 * address, an IPv4-mapped IPv6 address, accept without an address, and failures
 * that show addresses. One process: strace's lines of two would interleave as the
 * host schedules them. */
static void more(void)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6 };
	struct sockaddr_storage from;
	socklen_t len = sizeof(a);
	int r = socket(AF_INET6, SOCK_DGRAM, 0), w = socket(AF_INET, SOCK_DGRAM, 0);
	char buf[8];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr m = { .msg_name = &from, .msg_namelen = sizeof(from), .msg_iov = &iov, .msg_iovlen = 1 };
	struct linger lg;

	bind(r, (struct sockaddr *)&a, sizeof(a));
	getsockname(r, (struct sockaddr *)&a, &len);
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = a.sin6_port,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	sendto(w, "v4", 2, 0, (struct sockaddr *)&to, sizeof(to));
	recvmsg(r, &m, 0);
	recvmsg(r, &m, MSG_DONTWAIT);
	len = sizeof(lg);
	getsockopt(r, SOL_SOCKET, SO_LINGER, &lg, &len);
	getsockopt(r, SOL_SOCKET, SO_TYPE, NULL, &len);
	close(w);
	close(r);

	struct sockaddr_un un;
	int sv[2];
	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	len = sizeof(un);
	getsockname(sv[0], (struct sockaddr *)&un, &len);
	close(sv[0]);
	close(sv[1]);

	struct sockaddr_in l4 = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int l = socket(AF_INET, SOCK_STREAM, 0);
	len = sizeof(l4);
	bind(l, (struct sockaddr *)&l4, sizeof(l4));
	listen(l, 2);
	getsockname(l, (struct sockaddr *)&l4, &len);
	int c = socket(AF_INET, SOCK_STREAM, 0), c2 = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&l4, sizeof(l4));
	connect(c2, (struct sockaddr *)&l4, sizeof(l4));
	int s = accept(l, NULL, NULL);
	int s2 = accept4(l, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	close(s2);
	close(s);
	close(c2);
	close(c);
	close(l);
}

static void netlink(void)
{
	struct sockaddr_nl a = { .nl_family = AF_NETLINK };
	socklen_t len = sizeof(a);
	int s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);

	bind(s, (struct sockaddr *)&a, sizeof(a));
	getsockname(s, (struct sockaddr *)&a, &len);
	close(s);
}

/* Values strace has no name for. */
static void unknown(void)
{
	struct sockaddr_storage a = { .ss_family = 0x858c };
	int s = socket(AF_INET, SOCK_DGRAM, 0), v = 1;

	socket(12345, SOCK_STREAM, 0);
	socket(AF_INET, 9, 0);
	socket(AF_NETLINK, SOCK_RAW, 99);
	bind(s, (struct sockaddr *)&a, 20);
	setsockopt(s, 0x2a2a, 1, &v, sizeof v);
	setsockopt(s, SOL_IP, 0x7777, &v, sizeof v);
	close(s);
}

int main(void)
{
	unix_names();
	unix_messages();
	inet();
	inet6_and_mmsg();
	more();
	netlink();
	unknown();
	return 0;
}
