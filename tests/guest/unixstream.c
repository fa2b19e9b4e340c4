/* AF_UNIX SOCK_STREAM: socketpair between parent and child, a named server with an
 * echo child, abstract names, the errors of bind/connect/listen/accept, shutdown and
 * EOF, EPIPE and SIGPIPE, ECONNRESET for unread data, MSG_PEEK, MSG_WAITALL,
 * MSG_DONTWAIT, FIONREAD, SOCK_NONBLOCK and SOCK_CLOEXEC, getsockname and
 * getpeername, the socket file on disk and unlink. */
#include "net.h"
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

static socklen_t unix_addr(struct sockaddr_un *a, const char *path, int abstract)
{
	memset(a, 0, sizeof *a);
	a->sun_family = AF_UNIX;
	if (abstract) {
		/* abstract names are global on the host: the pid keeps parallel runs apart
		 * (it is never printed) */
		snprintf(a->sun_path + 1, sizeof a->sun_path - 1, "%s-%d", path, (int)getpid());
		return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(a->sun_path + 1);
	}
	strcpy(a->sun_path, path);
	return offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1;
}

static void pair_with_child(void)
{
	int sv[2], st;
	char buf[64];

	SHOW(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	pid_t p = fork();
	if (p == 0) {
		close(sv[0]);
		ssize_t n = read(sv[1], buf, sizeof buf);
		for (ssize_t i = 0; i < n; i++)
			buf[i] ^= 0x20;
		write(sv[1], buf, n);
		_exit(0);
	}
	close(sv[1]);
	SHOW(write(sv[0], "hello child", 11));
	ssize_t n = SHOW(read(sv[0], buf, sizeof buf));
	printf("child answered: %.*s\n", (int)(n > 0 ? n : 0), buf);
	SHOW(read(sv[0], buf, sizeof buf)); /* EOF: the child has exited */
	waitpid(p, &st, 0);
	close(sv[0]);
}

static void echo_server(int lfd)
{
	for (int i = 0; i < 3; i++) {
		int c = accept(lfd, NULL, NULL);
		char buf[256];
		ssize_t n;
		while ((n = read(c, buf, sizeof buf)) > 0)
			write(c, buf, n);
		close(c);
	}
	_exit(0);
}

static void named_server(int abstract)
{
	struct sockaddr_un a, got;
	socklen_t len = unix_addr(&a, "srv.sock", abstract), glen;
	int l = SHOW(socket(AF_UNIX, SOCK_STREAM, 0)), st;
	char buf[64];

	SHOW(bind(l, (struct sockaddr *)&a, len));
	SHOW(bind(l, (struct sockaddr *)&a, len)); /* bound already */
	SHOW(listen(l, 5));
	glen = sizeof got;
	SHOW(getsockname(l, (struct sockaddr *)&got, &glen));
	printf("sockname len matches: %d, name matches: %d\n", glen == len,
	       !memcmp(&got, &a, len));
	if (!abstract) {
		struct stat sb;
		SHOW(stat("srv.sock", &sb));
		printf("socket file: %d, mode %o\n", S_ISSOCK(sb.st_mode), sb.st_mode & 0777);
	}
	pid_t p = fork();
	if (p == 0)
		echo_server(l);
	for (int i = 0; i < 3; i++) {
		int c = SHOW(socket(AF_UNIX, SOCK_STREAM, 0));
		SHOW(connect(c, (struct sockaddr *)&a, len));
		SHOW(connect(c, (struct sockaddr *)&a, len)); /* EISCONN */
		glen = sizeof got;
		SHOW(getpeername(c, (struct sockaddr *)&got, &glen));
		printf("peername matches: %d\n", glen == len && !memcmp(&got, &a, len));
		glen = sizeof got;
		SHOW(getsockname(c, (struct sockaddr *)&got, &glen)); /* unbound: just the family */
		printf("client sockname len %d family %d\n", (int)glen, got.sun_family);
		snprintf(buf, sizeof buf, "message %d", i);
		SHOW(write(c, buf, strlen(buf)));
		SHOW(shutdown(c, SHUT_WR));
		ssize_t n = SHOW(recv(c, buf, sizeof buf, MSG_WAITALL));
		printf("echo: %.*s\n", (int)(n > 0 ? n : 0), buf);
		SHOW(read(c, buf, sizeof buf));
		close(c);
	}
	waitpid(p, &st, 0);
	printf("server exit %d\n", WEXITSTATUS(st));
	close(l);
	int c = socket(AF_UNIX, SOCK_STREAM, 0);
	SHOW(connect(c, (struct sockaddr *)&a, len)); /* the listener is gone */
	close(c);
	if (!abstract) {
		SHOW(unlink("srv.sock"));
		c = socket(AF_UNIX, SOCK_STREAM, 0);
		SHOW(connect(c, (struct sockaddr *)&a, len));
		close(c);
	}
}

static void errors(void)
{
	struct sockaddr_un a;
	socklen_t len;
	int s = socket(AF_UNIX, SOCK_STREAM, 0), d = socket(AF_UNIX, SOCK_DGRAM, 0);
	char buf[8];

	SHOW(socket(AF_UNIX, SOCK_STREAM, 7));
	SHOW(socket(AF_UNIX, 9, 0));
	SHOW(socket(AF_UNIX, SOCK_STREAM | 0x100, 0));
	SHOW(socket(12345, SOCK_STREAM, 0));
	SHOW(listen(s, 1)); /* unbound */
	SHOW(accept(s, NULL, NULL)); /* not listening */
	SHOW(read(s, buf, sizeof buf)); /* not connected: EINVAL for a unix stream */
	SHOW(write(s, buf, 1));
	SHOW(send(s, buf, 1, MSG_NOSIGNAL));
	SHOW(shutdown(s, 7));
	SHOW(shutdown(s, SHUT_RDWR));
	len = unix_addr(&a, "none/x.sock", 0);
	SHOW(connect(s, (struct sockaddr *)&a, len));
	SHOW(bind(s, (struct sockaddr *)&a, len));
	len = unix_addr(&a, "nosuch.sock", 0);
	SHOW(connect(s, (struct sockaddr *)&a, len));
	close(open("plain", O_CREAT | O_WRONLY, 0644));
	len = unix_addr(&a, "plain", 0);
	SHOW(connect(s, (struct sockaddr *)&a, len)); /* not a socket */
	SHOW(bind(s, (struct sockaddr *)&a, len)); /* exists */
	len = unix_addr(&a, "nobody", 1);
	SHOW(connect(s, (struct sockaddr *)&a, len));
	a.sun_family = AF_INET;
	SHOW(connect(s, (struct sockaddr *)&a, len));
	SHOW(bind(s, (struct sockaddr *)&a, 1));
	SHOW(connect(s, (struct sockaddr *)&a, 200));
	SHOW(connect(s, (struct sockaddr *)8, sizeof a));
	SHOW(connect(9999, (struct sockaddr *)&a, len));
	SHOW(connect(1, (struct sockaddr *)&a, len));
	/* a datagram socket's name cannot be connected to from a stream socket */
	len = unix_addr(&a, "dgram.sock", 0);
	SHOW(bind(d, (struct sockaddr *)&a, len));
	SHOW(connect(s, (struct sockaddr *)&a, len));
	SHOW(listen(d, 1));
	SHOW(accept(d, NULL, NULL));
	/* a bound, unlistening stream socket refuses */
	int b = socket(AF_UNIX, SOCK_STREAM, 0);
	len = unix_addr(&a, "quiet.sock", 0);
	SHOW(bind(b, (struct sockaddr *)&a, len));
	SHOW(connect(s, (struct sockaddr *)&a, len));
	close(b);
	SHOW(connect(s, (struct sockaddr *)&a, len)); /* closed: the file stays, nobody there */
	int one = 1;
	SHOW(setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one));
	close(s);
	close(d);
}

static void transfer(void)
{
	int sv[2], n;
	char buf[64];

	SHOW(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv));
	printf("flags: nonblock %d cloexec %d\n", !!(fcntl(sv[0], F_GETFL) & O_NONBLOCK),
	       !!(fcntl(sv[0], F_GETFD) & FD_CLOEXEC));
	SHOW(read(sv[0], buf, sizeof buf));
	SHOW(recv(sv[0], buf, 0, 0));
	SHOW(read(sv[0], buf, 0));
	SHOW(write(sv[1], "abc", 3));
	SHOW(write(sv[1], "defgh", 5));
	SHOW(ioctl(sv[0], FIONREAD, &n));
	printf("FIONREAD %d\n", n);
	SHOW(recv(sv[0], buf, 4, MSG_PEEK));
	printf("peeked %.4s\n", buf);
	SHOW(recv(sv[0], buf, 2, 0));
	SHOW(recv(sv[0], buf, sizeof buf, 0));
	printf("got %.6s\n", buf);
	SHOW(recv(sv[0], buf, sizeof buf, MSG_DONTWAIT));
	SHOW(send(sv[0], "", 0, 0));
	struct iovec wv[3] = { { "vec", 3 }, { "", 0 }, { "tored", 5 } };
	SHOW(writev(sv[1], wv, 3));
	char a[2], b[16];
	struct iovec rv[2] = { { a, sizeof a }, { b, sizeof b } };
	n = SHOW(readv(sv[0], rv, 2));
	printf("readv: %.2s|%.*s\n", a, n > 2 ? n - 2 : 0, b);
	/* peer gone, our bytes unread by it: ECONNRESET, then EOF */
	SHOW(write(sv[0], "lost", 4));
	close(sv[1]);
	SHOW(read(sv[0], buf, sizeof buf));
	SHOW(read(sv[0], buf, sizeof buf));
	signal(SIGPIPE, SIG_IGN);
	SHOW(write(sv[0], "x", 1));
	SHOW(send(sv[0], "x", 1, MSG_NOSIGNAL));
	close(sv[0]);

	/* shutdown: SHUT_WR gives the peer EOF after the data; SHUT_RD makes its writes EPIPE */
	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	SHOW(write(sv[0], "tail", 4));
	SHOW(shutdown(sv[0], SHUT_WR));
	SHOW(write(sv[0], "x", 1));
	SHOW(read(sv[1], buf, sizeof buf));
	SHOW(read(sv[1], buf, sizeof buf));
	SHOW(shutdown(sv[0], SHUT_RD));
	SHOW(write(sv[1], "x", 1));
	close(sv[0]);
	close(sv[1]);
	signal(SIGPIPE, SIG_DFL);
}

/* A write into a closed pair kills by SIGPIPE (status 141 seen by the parent). */
static void sigpipe(void)
{
	int sv[2], st;

	socketpair(AF_UNIX, SOCK_STREAM, 0, sv);
	close(sv[1]);
	if (fork() == 0) {
		write(sv[0], "x", 1);
		_exit(0);
	}
	wait(&st);
	printf("writer killed by signal %d\n", WIFSIGNALED(st) ? WTERMSIG(st) : 0);
	close(sv[0]);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	pair_with_child();
	named_server(0);
	named_server(1);
	errors();
	transfer();
	sigpipe();
	return 0;
}
