/* sockfuzz SEED [CALLS]: a seeded random walk over the socket calls. It keeps a few
 * sockets of every family and type (and forks once, so that two processes share
 * them), and calls socket, bind, connect, listen, accept4, send/recv and their msg
 * forms, shutdown, setsockopt, getsockopt, poll, ioctl, close and dup on them with
 * arguments drawn from edge values, short and bad buffers and random bytes, always
 * non-blocking or with a short timeout so that nothing waits for good. Whatever the
 * guest gets, emu must not fail (fuzz.sh and sockfuzz.sh judge that). */
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#define NFD 12

static uint64_t state;
static int fds[NFD];

static uint64_t next(void)
{
	state += 0x9e3779b97f4a7c15ULL;
	uint64_t z = state;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static long pick(const long *v, int n)
{
	return v[next() % n];
}

static char buf[70000];
static struct sockaddr_storage addrs[8];
static socklen_t addrlens[8];

static void make_addrs(void)
{
	struct sockaddr_un *u = (struct sockaddr_un *)&addrs[0];
	u->sun_family = AF_UNIX;
	strcpy(u->sun_path, "f.sock");
	addrlens[0] = sizeof *u;
	u = (struct sockaddr_un *)&addrs[1];
	u->sun_family = AF_UNIX;
	memcpy(u->sun_path, "\0abs", 4);
	addrlens[1] = 2 + 4;
	struct sockaddr_in *in = (struct sockaddr_in *)&addrs[2];
	in->sin_family = AF_INET;
	in->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	in->sin_port = htons(40000);
	addrlens[2] = sizeof *in;
	in = (struct sockaddr_in *)&addrs[3];
	in->sin_family = AF_INET;
	addrlens[3] = sizeof *in;
	struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&addrs[4];
	in6->sin6_family = AF_INET6;
	in6->sin6_addr = in6addr_loopback;
	in6->sin6_port = htons(40000);
	addrlens[4] = sizeof *in6;
	in6 = (struct sockaddr_in6 *)&addrs[5];
	in6->sin6_family = AF_INET6;
	addrlens[5] = sizeof *in6;
	addrs[6].ss_family = AF_UNSPEC;
	addrlens[6] = sizeof(struct sockaddr);
	for (size_t i = 0; i < sizeof addrs[7]; i++)
		((unsigned char *)&addrs[7])[i] = (unsigned char)next();
	addrlens[7] = next() % 130;
}

static int some_fd(void)
{
	static const long odd[] = { -1, 0, 1, 2, 1000, 99999 };

	return next() % 8 ? fds[next() % NFD] : (int)pick(odd, 6);
}

static void *some_buf(void)
{
	return next() % 10 ? (void *)buf : next() % 2 ? NULL : (void *)8;
}

static socklen_t some_len(void)
{
	static const long lens[] = { 0, 1, 2, 4, 8, 15, 16, 24, 28, 110, 128, 200, -1, 65536 };

	return (socklen_t)pick(lens, 14);
}

static void new_socket(int slot)
{
	static const long fam[] = { AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_UNIX, 12345 };
	static const long type[] = { SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW, 9 };
	int flags = SOCK_NONBLOCK | (next() % 2 ? SOCK_CLOEXEC : 0);

	close(fds[slot]);
	if (next() % 4 == 0) {
		int sv[2];
		if (socketpair(AF_UNIX, (int)pick(type, 3) | flags, 0, sv) == 0) {
			fds[slot] = sv[0];
			close(fds[(slot + 1) % NFD]);
			fds[(slot + 1) % NFD] = sv[1];
			return;
		}
	}
	fds[slot] = socket((int)pick(fam, 6), (int)pick(type, 5) | flags, next() % 8 ? 0 : (int)(next() % 20));
}

static void msg_call(int fd, bool send)
{
	struct iovec iov[3] = { { buf, next() % 100 }, { some_buf(), next() % 50 }, { buf + 200, 10 } };
	char ctl[256];
	struct msghdr m = { .msg_iov = iov, .msg_iovlen = next() % 4 };
	int pass[2] = { some_fd(), some_fd() };

	if (next() % 3 == 0) {
		m.msg_name = &addrs[next() % 8];
		m.msg_namelen = some_len();
	}
	if (next() % 2) {
		memset(ctl, 0, sizeof ctl);
		struct cmsghdr *c = (struct cmsghdr *)ctl;
		c->cmsg_level = next() % 4 ? SOL_SOCKET : (int)next();
		c->cmsg_type = next() % 3 ? SCM_RIGHTS : next() % 2 ? SCM_CREDENTIALS : (int)next();
		c->cmsg_len = next() % 4 ? CMSG_LEN(sizeof pass) : next() % 300;
		memcpy(CMSG_DATA(c), pass, sizeof pass);
		m.msg_control = next() % 10 ? ctl : (void *)8;
		m.msg_controllen = next() % 4 ? sizeof ctl : next() % 300;
	}
	int flags = MSG_DONTWAIT | (int)(next() % 2 ? next() & (MSG_PEEK | MSG_TRUNC | MSG_WAITALL | MSG_NOSIGNAL | MSG_OOB | MSG_CMSG_CLOEXEC) : 0);
	if (send)
		sendmsg(fd, &m, flags);
	else
		recvmsg(fd, &m, flags);
}

static void one_call(void)
{
	int fd = some_fd(), v = (int)next();
	socklen_t len = some_len();
	int a = next() % 8;
	static const long levels[] = { SOL_SOCKET, IPPROTO_TCP, IPPROTO_IP, IPPROTO_IPV6, IPPROTO_UDP, 270 };
	static const long ioctls[] = { FIONREAD, TIOCOUTQ, FIONBIO, SIOCGIFINDEX, SIOCGIFCONF, SIOCGIFFLAGS, TCGETS };

	switch (next() % 20) {
	case 0: new_socket(next() % NFD); break;
	case 1: bind(fd, (struct sockaddr *)&addrs[a], next() % 4 ? addrlens[a] : len); break;
	case 2: connect(fd, (struct sockaddr *)&addrs[a], next() % 4 ? addrlens[a] : len); break;
	case 3: listen(fd, (int)(next() % 4 ? next() % 5 : next())); break;
	case 4: {
		int n = accept4(fd, next() % 2 ? (struct sockaddr *)buf : NULL, next() % 2 ? &len : NULL,
				SOCK_NONBLOCK | (next() % 8 ? 0 : (int)next()));
		if (n >= 0) {
			close(fds[next() % NFD]);
			fds[next() % NFD] = n;
		}
		break;
	}
	case 5: send(fd, some_buf(), next() % 2 ? next() % 100 : next() % sizeof buf, MSG_DONTWAIT | MSG_NOSIGNAL); break;
	case 6: recv(fd, some_buf(), next() % 200, MSG_DONTWAIT | (next() % 2 ? MSG_PEEK : 0)); break;
	case 7: sendto(fd, buf, next() % 2000, MSG_DONTWAIT | MSG_NOSIGNAL, (struct sockaddr *)&addrs[a], addrlens[a]); break;
	case 8: recvfrom(fd, buf, next() % 2000, MSG_DONTWAIT, (struct sockaddr *)&addrs[7], next() % 2 ? &len : NULL); break;
	case 9: msg_call(fd, true); break;
	case 10: msg_call(fd, false); break;
	case 11: shutdown(fd, (int)(next() % 4)); break;
	case 12: setsockopt(fd, (int)pick(levels, 6), (int)(next() % 70), next() % 8 ? &v : some_buf(), len); break;
	case 13: getsockopt(fd, (int)pick(levels, 6), (int)(next() % 70), some_buf(), next() % 8 ? &len : (socklen_t *)8); break;
	case 14: {
		struct pollfd p[3] = { { fds[0], POLLIN | POLLOUT | POLLRDHUP, 0 }, { fd, POLLIN, 0 }, { fds[3], POLLOUT, 0 } };
		poll(p, 3, 0);
		break;
	}
	case 15: { /* FIONBIO only ever turns non-blocking on: nothing may wait for good */
		static int one = 1;
		unsigned long req = (unsigned long)pick(ioctls, 7);
		ioctl(fd, req, req == FIONBIO ? (void *)&one : next() % 8 ? (void *)buf : (void *)8);
		break;
	}
	case 16: getsockname(fd, (struct sockaddr *)buf, next() % 8 ? &len : NULL); getpeername(fd, (struct sockaddr *)buf, &len); break;
	case 17: { int n = dup(fd); if (n >= 0) { close(fds[next() % NFD]); fds[next() % NFD] = n; } break; }
	case 18: write(fd, buf, next() % 300); read(fd, buf, next() % 300); break;
	default: close(fds[next() % NFD]); fds[next() % NFD] = -1; break;
	}
}

int main(int argc, char **argv)
{
	long calls = argc > 2 ? atol(argv[2]) : 3000;

	state = argc > 1 ? strtoull(argv[1], NULL, 0) : 1;
	signal(SIGPIPE, SIG_IGN);
	make_addrs();
	for (int i = 0; i < NFD; i++)
		fds[i] = -1;
	for (int i = 0; i < NFD; i++)
		new_socket(i);
	pid_t child = fork(); /* two processes share the sockets; each walks its own way */
	if (child == 0)
		state ^= 0x5555;
	for (long i = 0; i < calls; i++)
		one_call();
	if (child > 0)
		waitpid(child, NULL, 0);
	return 0;
}
