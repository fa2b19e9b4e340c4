/* Descriptor passing and credentials over AF_UNIX: SCM_RIGHTS with a pipe, a file, a
 * socket and an eventfd sent to a child that uses them; MSG_CTRUNC when the control
 * buffer is short (the extra descriptors are closed); MSG_CMSG_CLOEXEC; MSG_PEEK;
 * SO_PEERCRED of socketpair and connect; SO_PASSCRED and SCM_CREDENTIALS, sent by
 * default and given explicitly; bad control messages. */
#include "net.h"
#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

/* Which of the first 64 descriptors are open, as a bit mask: a test compares two
 * masks rather than fd numbers, so that a descriptor inherited from outside
 * cannot change what it prints. */
static unsigned long long open_fds(void)
{
	unsigned long long m = 0;

	for (int fd = 0; fd < 64; fd++)
		if (fcntl(fd, F_GETFD) >= 0)
			m |= 1ULL << fd;
	return m;
}

static int send_fds(int s, const char *data, const int *fds, int n)
{
	char ctl[CMSG_SPACE(sizeof(int) * 8)] = { 0 };
	struct iovec iov = { (void *)data, strlen(data) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (n) {
		m.msg_control = ctl;
		m.msg_controllen = CMSG_SPACE(sizeof(int) * n);
		struct cmsghdr *c = CMSG_FIRSTHDR(&m);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * n);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	}
	return sendmsg(s, &m, 0);
}

/* Receives with a control buffer of ctl_len bytes; the descriptors go to fds. */
static int recv_fds(int s, char *data, size_t len, int *fds, size_t ctl_len, int flags, int *nfds)
{
	char ctl[256];
	struct iovec iov = { data, len };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl_len ? ctl : NULL,
			    .msg_controllen = ctl_len };
	int r = recvmsg(s, &m, flags);

	*nfds = 0;
	if (r < 0)
		return r;
	printf("  recvmsg %d bytes, msg_flags CTRUNC=%d CMSG_CLOEXEC=%d, controllen %zu\n", r,
	       !!(m.msg_flags & MSG_CTRUNC), !!(m.msg_flags & MSG_CMSG_CLOEXEC),
	       (size_t)m.msg_controllen);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&m); c; c = CMSG_NXTHDR(&m, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
			int n = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
			memcpy(fds + *nfds, CMSG_DATA(c), n * sizeof(int));
			*nfds += n;
		} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS) {
			struct ucred u;
			memcpy(&u, CMSG_DATA(c), sizeof u);
			printf("  creds: pid is sender %d, uid ok %d, gid ok %d (len %zu)\n",
			       u.pid == getppid() || u.pid == getpid(), u.uid == getuid(),
			       u.gid == getgid(), (size_t)c->cmsg_len);
		}
	}
	return r;
}

static void pass_to_child(void)
{
	int sv[2], p[2], st, n, fds[8];
	char buf[64];

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	pipe(p);
	int file = open("data.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
	write(file, "file contents", 13);
	int efd = eventfd(5, 0);
	int inner[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, inner);
	pid_t c = fork();
	if (c == 0) {
		close(sv[0]);
		close(p[0]);
		close(p[1]);
		close(file);
		close(efd);
		close(inner[1]);
		int r = recv_fds(sv[1], buf, sizeof buf, fds, 256, 0, &n);
		printf("child: %d bytes \"%.*s\", %d descriptors\n", r, r > 0 ? r : 0, buf, n);
		if (n == 4) {
			write(fds[0], "through the pipe", 16);
			lseek(fds[1], 0, SEEK_SET);
			r = read(fds[1], buf, sizeof buf);
			printf("child read the file: %.*s\n", r > 0 ? r : 0, buf);
			write(fds[2], "via socket", 10);
			uint64_t v;
			read(fds[3], &v, sizeof v);
			printf("child read the eventfd: %llu\n", (unsigned long long)v);
		}
		_exit(0);
	}
	close(sv[1]);
	int send[4] = { p[1], file, inner[1], efd };
	long sent = send_fds(sv[0], "four fds", send, 4);
	close(p[1]);
	close(inner[1]);
	waitpid(c, &st, 0); /* the child's lines first, whichever process the host runs */
	printf("send_fds(sv[0], \"four fds\", send, 4): %ld\n", sent);
	n = read(p[0], buf, sizeof buf);
	printf("parent read the pipe: %.*s\n", n > 0 ? n : 0, buf);
	n = read(inner[0], buf, sizeof buf);
	printf("parent read the socket: %.*s\n", n > 0 ? n : 0, buf);
	SHOW(read(p[0], buf, sizeof buf)); /* EOF: the child's copy went with it */
	close(p[0]);
	close(inner[0]);
	close(file);
	close(efd);
	close(sv[0]);
}

static void truncation(void)
{
	int sv[2], fds[8], n, p[2];
	char buf[64];

	socketpair(AF_UNIX, SOCK_DGRAM, 0, sv);
	pipe(p);
	unsigned long long before = open_fds();
	int three[3] = { p[0], p[1], 0 };
	SHOW(send_fds(sv[0], "three", three, 3));
	/* room for one descriptor: the others are closed, MSG_CTRUNC */
	SHOW(recv_fds(sv[1], buf, sizeof buf, fds, CMSG_SPACE(sizeof(int)), 0, &n));
	printf("got %d: first is a fresh descriptor %d\n", n, n == 1 && fds[0] > p[1]);
	close(fds[0]);
	if (n == 2)
		close(fds[1]);
	SHOW(send_fds(sv[0], "none", three, 3));
	SHOW(recv_fds(sv[1], buf, sizeof buf, fds, 0, 0, &n)); /* no control buffer */
	SHOW(send_fds(sv[0], "cloexec", three, 1));
	SHOW(recv_fds(sv[1], buf, sizeof buf, fds, 256, MSG_PEEK, &n));
	printf("peek gave %d, cloexec %d\n", n, n ? !!(fcntl(fds[0], F_GETFD) & FD_CLOEXEC) : -1);
	if (n)
		close(fds[0]);
	SHOW(recv_fds(sv[1], buf, sizeof buf, fds, 256, MSG_CMSG_CLOEXEC, &n));
	printf("got %d, cloexec %d\n", n, n ? !!(fcntl(fds[0], F_GETFD) & FD_CLOEXEC) : -1);
	if (n)
		close(fds[0]);
	printf("no descriptor leaked: %d\n", open_fds() == before);
	/* read() on a stream with a descriptor in flight: the data comes, the fd is closed */
	int ss[2];
	socketpair(AF_UNIX, SOCK_STREAM, 0, ss);
	before = open_fds();
	SHOW(send_fds(ss[0], "ab", three, 1));
	SHOW(send_fds(ss[0], "cd", three, 1));
	SHOW(read(ss[1], buf, sizeof buf)); /* stops after the skb with files */
	SHOW(read(ss[1], buf, sizeof buf));
	printf("no descriptor leaked: %d\n", open_fds() == before);
	/* bad control messages */
	struct msghdr m = { 0 };
	char ctl[64] = { 0 };
	struct iovec iov = { "x", 1 };
	m.msg_iov = &iov;
	m.msg_iovlen = 1;
	m.msg_control = ctl;
	m.msg_controllen = sizeof ctl;
	struct cmsghdr *c = (struct cmsghdr *)ctl;
	c->cmsg_len = 200;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	SHOW(sendmsg(sv[0], &m, 0));
	c->cmsg_len = CMSG_LEN(sizeof(int));
	*(int *)CMSG_DATA(c) = 1;
	c->cmsg_type = SCM_RIGHTS;
	SHOW(sendmsg(sv[0], &m, 0));
	SHOW(sendmsg(sv[0], &m, 0)); /* also: the zeroed header after the first */
	m.msg_controllen = CMSG_SPACE(sizeof(int));
	c->cmsg_len = CMSG_LEN(sizeof(int));
	*(int *)CMSG_DATA(c) = 77;
	SHOW(sendmsg(sv[0], &m, 0));
	c->cmsg_type = 99;
	SHOW(sendmsg(sv[0], &m, 0));
	c->cmsg_level = 12345; /* another level: ignored */
	SHOW(sendmsg(sv[0], &m, 0));
	SHOW(recv(sv[1], buf, sizeof buf, 0));
	m.msg_control = (void *)8;
	SHOW(sendmsg(sv[0], &m, 0));
	close(p[0]);
	close(p[1]);
	close(sv[0]);
	close(sv[1]);
	close(ss[0]);
	close(ss[1]);
}

static void credentials(void)
{
	int sv[2], one = 1, n, fds[8], st;
	struct ucred u;
	socklen_t len = sizeof u;
	char buf[64];

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	SHOW(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &u, &len));
	printf("peercred: pid is us %d, uid %d, gid %d, len %d\n", u.pid == getpid(),
	       u.uid == geteuid(), u.gid == getegid(), (int)len);
	len = 4;
	SHOW(getsockopt(sv[0], SOL_SOCKET, SO_PEERCRED, &u, &len));
	printf("short: len %d\n", (int)len);
	SHOW(setsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof one));
	len = sizeof one;
	SHOW(getsockopt(sv[1], SOL_SOCKET, SO_PASSCRED, &one, &len));
	printf("passcred %d\n", one);
	pid_t c = fork();
	if (c == 0) {
		write(sv[0], "from child", 10);
		_exit(0);
	}
	waitpid(c, &st, 0);
	SHOW(write(sv[0], "from parent", 11));
	/* the child's bytes and ours are not glued together: different pids */
	SHOW(recv_fds(sv[1], buf, sizeof buf, fds, 256, 0, &n));
	SHOW(recv_fds(sv[1], buf, sizeof buf, fds, 256, 0, &n));
	/* explicit credentials */
	struct ucred mine = { getpid(), getuid(), getgid() };
	char ctl[CMSG_SPACE(sizeof mine)] = { 0 };
	struct iovec iov = { "explicit", 8 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			    .msg_controllen = sizeof ctl };
	struct cmsghdr *cm = CMSG_FIRSTHDR(&m);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_CREDENTIALS;
	cm->cmsg_len = CMSG_LEN(sizeof mine);
	memcpy(CMSG_DATA(cm), &mine, sizeof mine);
	SHOW(sendmsg(sv[0], &m, 0));
	SHOW(recv_fds(sv[1], buf, sizeof buf, fds, 256, 0, &n));
	mine.uid = (uid_t)-1;
	memcpy(CMSG_DATA(cm), &mine, sizeof mine);
	SHOW(sendmsg(sv[0], &m, 0));
	cm->cmsg_len = CMSG_LEN(sizeof mine) - 1;
	SHOW(sendmsg(sv[0], &m, 0));
	/* creds into a control buffer too short for them */
	SHOW(write(sv[0], "short", 5));
	SHOW(recv_fds(sv[1], buf, sizeof buf, fds, sizeof(struct cmsghdr) + 4, 0, &n));
	close(sv[0]);
	close(sv[1]);

	/* SO_PEERCRED through a named socket: each side sees the other's process */
	struct sockaddr_un a = { AF_UNIX, "cred.sock" };
	socklen_t al = offsetof(struct sockaddr_un, sun_path) + 10;
	int l = socket(AF_UNIX, SOCK_STREAM, 0);
	bind(l, (struct sockaddr *)&a, al);
	listen(l, 1);
	c = fork();
	if (c == 0) {
		int s = socket(AF_UNIX, SOCK_STREAM, 0);
		connect(s, (struct sockaddr *)&a, al);
		len = sizeof u;
		getsockopt(s, SOL_SOCKET, SO_PEERCRED, &u, &len);
		printf("client sees the server: %d\n", u.pid == getppid());
		write(s, "x", 1);
		read(s, buf, 1);
		_exit(0);
	}
	int s = accept(l, NULL, NULL);
	read(s, buf, 1);
	len = sizeof u;
	SHOW(getsockopt(s, SOL_SOCKET, SO_PEERCRED, &u, &len));
	printf("server sees the client: %d\n", u.pid == c);
	write(s, "y", 1);
	waitpid(c, &st, 0);
	int lone = socket(AF_UNIX, SOCK_STREAM, 0);
	len = sizeof u;
	SHOW(getsockopt(lone, SOL_SOCKET, SO_PEERCRED, &u, &len));
	printf("unconnected: pid %d uid %d gid %d\n", u.pid, (int)u.uid, (int)u.gid);
	close(lone);
	close(s);
	close(l);
	unlink("cred.sock");
}

/* Closing some unix socket: Linux and emu then look for garbage. */
static void close_a_pair(void)
{
	int d[2];

	socketpair(AF_UNIX, SOCK_STREAM, 0, d);
	close(d[0]);
	close(d[1]);
}

/* Sockets that only a loop of in-flight messages keeps: closing their descriptors
 * releases nothing, but the loop is collected when a unix socket is next released
 * (Linux's unix_gc), and then their peers see EOF. A socket that a live socket's
 * queue holds is not garbage. */
static void garbage(void)
{
	int p[2], q[2], r[2];
	char c;

	socketpair(AF_UNIX, SOCK_STREAM, 0, p); /* a socket sent over itself */
	SHOW(send_fds(p[0], "self", &p[1], 1));
	close(p[1]);
	SHOW(recv(p[0], &c, 1, MSG_DONTWAIT));
	close_a_pair();
	SHOW(read(p[0], &c, 1));
	close(p[0]);

	socketpair(AF_UNIX, SOCK_STREAM, 0, p); /* two sent over each other */
	socketpair(AF_UNIX, SOCK_STREAM, 0, q);
	SHOW(send_fds(q[0], "p", &p[1], 1));
	SHOW(send_fds(p[0], "q", &q[1], 1));
	close(p[1]);
	close(q[1]);
	SHOW(recv(p[0], &c, 1, MSG_DONTWAIT));
	close_a_pair();
	SHOW(read(p[0], &c, 1));
	SHOW(read(q[0], &c, 1));
	close(p[0]);
	close(q[0]);

	socketpair(AF_UNIX, SOCK_STREAM, 0, p); /* in a loop, and held by a live queue */
	socketpair(AF_UNIX, SOCK_STREAM, 0, r);
	SHOW(send_fds(p[0], "self", &p[1], 1));
	SHOW(send_fds(r[0], "held", &p[1], 1));
	close(p[1]);
	close_a_pair();
	SHOW(recv(p[0], &c, 1, MSG_DONTWAIT)); /* still there */
	close(r[0]);
	close(r[1]); /* the live holder goes: now it is garbage */
	SHOW(read(p[0], &c, 1));
	close(p[0]);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pass_to_child();
	truncation();
	credentials();
	garbage();
	return 0;
}
