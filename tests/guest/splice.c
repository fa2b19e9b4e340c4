/* splice(2) between pipes, sockets (TCP, unix stream) and a file, as Go's net
 * package uses it for io.Copy into a TCP connection: the bytes arrive in order,
 * offsets advance, and the errors come in Linux's order (EINVAL without a pipe or for
 * a pipe spliced to itself, ESPIPE for a pipe's offset, EBADF, EAGAIN with
 * SPLICE_F_NONBLOCK, EPIPE without readers, 0 at EOF). */
#include "net.h"
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static void tcp_pair(int sv[2])
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof a;
	int l = socket(AF_INET, SOCK_STREAM, 0);

	bind(l, (struct sockaddr *)&a, sizeof a);
	listen(l, 1);
	getsockname(l, (struct sockaddr *)&a, &al);
	sv[0] = socket(AF_INET, SOCK_STREAM, 0);
	connect(sv[0], (struct sockaddr *)&a, sizeof a);
	sv[1] = accept(l, NULL, NULL);
	close(l);
}

static void show_read(const char *what, int fd)
{
	char buf[64];
	ssize_t n = read(fd, buf, sizeof buf);

	if (n < 0)
		printf("%s: -1 %s\n", what, ename(errno));
	else
		printf("%s: \"%.*s\"\n", what, (int)n, buf);
}

static void streams(void)
{
	int p[2], t[2], u[2], q[2];

	pipe(p);
	pipe(q);
	tcp_pair(t);
	socketpair(AF_UNIX, SOCK_STREAM, 0, u);
	write(p[1], "from the pipe", 13);
	SHOW(splice(p[0], NULL, t[0], NULL, 100, 0));
	show_read("tcp peer", t[1]);
	write(t[1], "from tcp", 8);
	SHOW(splice(t[1 - 1], NULL, p[1], NULL, 4, 0)); /* at most len */
	SHOW(splice(t[0], NULL, p[1], NULL, 100, 0));
	show_read("pipe", p[0]);
	write(u[1], "from unix", 9);
	SHOW(splice(u[0], NULL, p[1], NULL, 100, SPLICE_F_MOVE | SPLICE_F_MORE));
	SHOW(splice(p[0], NULL, q[1], NULL, 100, 0)); /* pipe to pipe */
	show_read("second pipe", q[0]);
	/* nothing to read: EAGAIN when asked not to block, or from a non-blocking socket */
	SHOW(splice(p[0], NULL, t[0], NULL, 100, SPLICE_F_NONBLOCK));
	fcntl(t[0], F_SETFL, O_NONBLOCK);
	SHOW(splice(t[0], NULL, p[1], NULL, 100, 0));
	SHOW(splice(t[0], NULL, p[1], NULL, 100, SPLICE_F_NONBLOCK));
	/* EOF */
	shutdown(t[1], SHUT_WR);
	SHOW(splice(t[0], NULL, p[1], NULL, 100, 0));
	close(p[1]);
	SHOW(splice(p[0], NULL, t[0], NULL, 100, 0));
	/* no reader */
	SHOW(splice(u[0], NULL, q[1], NULL, 100, SPLICE_F_NONBLOCK)); /* unix: no wait */
	close(q[0]);
	write(u[1], "x", 1);
	SHOW(splice(u[0], NULL, q[1], NULL, 100, 0));
	close(p[0]);
	close(q[1]);
	close(t[0]);
	close(t[1]);
	close(u[0]);
	close(u[1]);
}

static void files(void)
{
	int p[2], fd = open("data", O_RDWR | O_CREAT | O_TRUNC, 0644);
	loff_t off = 3;
	char buf[64];

	pipe(p);
	write(fd, "0123456789", 10);
	SHOW(splice(fd, &off, p[1], NULL, 4, 0)); /* at an offset: the file's stays */
	printf("offset: %lld, file offset: %ld\n", (long long)off, (long)lseek(fd, 0, SEEK_CUR));
	lseek(fd, 8, SEEK_SET);
	SHOW(splice(fd, NULL, p[1], NULL, 100, 0)); /* from the file offset */
	printf("file offset: %ld\n", (long)lseek(fd, 0, SEEK_CUR));
	SHOW(splice(fd, NULL, p[1], NULL, 100, 0)); /* EOF */
	off = 20;
	SHOW(splice(p[0], NULL, fd, &off, 5, 0)); /* into the file, at an offset */
	printf("offset: %lld\n", (long long)off);
	SHOW(splice(p[0], NULL, fd, NULL, 100, 0));
	SHOW(pread(fd, buf, sizeof buf, 0));
	for (int i = 0; i < 25; i++)
		putchar(buf[i] ? buf[i] : '.');
	putchar('\n');
	close(fd);
	close(p[0]);
	close(p[1]);
}

static void errors(void)
{
	int p[2], t[2], e = eventfd(0, 0), ro = open("data", O_RDONLY);
	loff_t off = 0;

	pipe(p);
	tcp_pair(t);
	SHOW(splice(p[0], NULL, t[0], NULL, 0, 0));      /* nothing asked: 0 */
	SHOW(splice(p[0], NULL, t[0], NULL, 1, 0x100));  /* unknown flag */
	SHOW(splice(t[0], NULL, t[1], NULL, 1, 0));      /* no pipe */
	SHOW(splice(p[0], NULL, p[1], NULL, 1, 0));      /* a pipe to itself */
	SHOW(splice(p[0], &off, t[0], NULL, 1, 0));      /* a pipe's offset */
	SHOW(splice(t[0], NULL, p[1], &off, 1, 0));
	SHOW(splice(t[0], &off, p[1], NULL, 1, 0));      /* a socket's offset */
	SHOW(splice(99, NULL, p[1], NULL, 1, 0));
	SHOW(splice(p[0], NULL, 99, NULL, 1, 0));
	SHOW(splice(p[1], NULL, t[0], NULL, 1, 0));      /* the pipe's write end */
	SHOW(splice(t[0], NULL, p[0], NULL, 1, 0));      /* ... its read end */
	write(p[1], "x", 1);
	SHOW(splice(p[0], NULL, ro, NULL, 1, 0));        /* a file open for reading */
	SHOW(splice(e, NULL, p[1], NULL, 1, 0));         /* eventfd has no splice_read */
	close(e);
	close(ro);
	close(p[0]);
	close(p[1]);
	close(t[0]);
	close(t[1]);
}

/* 1 MiB from a file, through a pipe, into a socket that a child reads: blocking
 * splices wait for room on either side. */
static void big(void)
{
	enum { SIZE = 1 << 20 };
	int p[2], t[2], fd = open("big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	char *buf = malloc(SIZE);
	long sum = 0, moved = 0;

	for (int i = 0; i < SIZE; i++)
		buf[i] = (char)(i * 7 + i / 4096);
	write(fd, buf, SIZE);
	lseek(fd, 0, SEEK_SET);
	pipe(p);
	tcp_pair(t);
	pid_t pid = fork();
	if (pid == 0) {
		close(t[0]);
		long got = 0, s = 0;
		ssize_t n;
		while ((n = read(t[1], buf, SIZE)) > 0)
			for (ssize_t i = 0; i < n; i++, got++)
				s = (s * 31 + (unsigned char)buf[i]) % 1000003;
		printf("child read %ld bytes, sum %ld\n", got, s);
		fflush(stdout);
		_exit(0);
	}
	close(t[1]);
	for (;;) {
		ssize_t in = splice(fd, NULL, p[1], NULL, 100000, 0);
		if (in <= 0)
			break;
		while (in > 0) {
			ssize_t out = splice(p[0], NULL, t[0], NULL, in, 0);
			if (out <= 0)
				break;
			in -= out;
			moved += out;
		}
	}
	for (int i = 0; i < SIZE; i++)
		sum = (sum * 31 + (unsigned char)buf[i]) % 1000003;
	close(t[0]);
	waitpid(pid, NULL, 0);
	printf("spliced %ld bytes\n", moved);
	free(buf);
	close(fd);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	signal(SIGPIPE, SIG_IGN);
	streams();
	files();
	errors();
	fflush(stdout);
	big();
	return 0;
}
