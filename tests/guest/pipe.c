/* Pipes between processes: 200 KB through a 64 KiB pipe, EOF, O_NONBLOCK, EPIPE when
 * SIGPIPE is ignored, death by SIGPIPE (status 141) when it is not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
int main(void)
{
	int fds[2];
	pipe(fds);
	pid_t p = fork();
	if (p == 0) {
		close(fds[0]);
		char big[200000];
		for (int i = 0; i < (int)sizeof big; i++) big[i] = 'a' + i % 26;
		size_t off = 0;
		while (off < sizeof big) { ssize_t n = write(fds[1], big + off, sizeof big - off); if (n <= 0) break; off += n; }
		dprintf(fds[1], "END\n");
		_exit(0);
	}
	close(fds[1]);
	char buf[4096]; long total = 0; unsigned sum = 0; ssize_t n;
	while ((n = read(fds[0], buf, sizeof buf)) > 0) { for (int i = 0; i < n; i++) sum = sum * 31 + buf[i]; total += n; }
	int st; waitpid(p, &st, 0);
	printf("read %ld bytes sum %u, EOF, child %d\n", total, sum, WEXITSTATUS(st));
	/* one write() of 300,000 bytes into a 64 KiB pipe completes: it blocks, not cuts */
	int big[2];
	pipe(big);
	static char bbuf[300000];
	if (fork() == 0) {
		close(big[0]);
		_exit(write(big[1], bbuf, sizeof bbuf) == sizeof bbuf ? 0 : 1);
	}
	close(big[1]);
	total = 0;
	while ((n = read(big[0], buf, sizeof buf)) > 0)
		total += n;
	wait(&st);
	printf("one big write: %ld bytes, writer status %d\n", total, WEXITSTATUS(st));
	int q[2]; pipe2(q, O_NONBLOCK);
	ssize_t r = read(q[0], buf, 10);
	printf("nonblock empty read: %zd EAGAIN=%d\n", r, errno == EAGAIN);
	close(q[0]);
	signal(SIGPIPE, SIG_IGN);
	r = write(q[1], "x", 1);
	printf("write to closed: %zd EPIPE=%d\n", r, errno == EPIPE);
	signal(SIGPIPE, SIG_DFL);
	fflush(stdout);
	write(q[1], "x", 1);
	printf("not reached\n");
	return 0;
}
