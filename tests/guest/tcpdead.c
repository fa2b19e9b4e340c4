/* A big write to a TCP peer that has closed: Linux sends what fits in the send
 * buffer, the reset comes back and ends the write early (a short count), and the
 * next write is EPIPE. Go's TestWritevError relies on this: a 1 GB writev to a
 * closed peer must fail. Writes and writev, with and without data left unread. */
#include "net.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#define BIG (16 << 20)

static int pair(int l, const struct sockaddr_in *a)
{
	int c = socket(AF_INET, SOCK_STREAM, 0);

	if (connect(c, (const struct sockaddr *)a, sizeof *a) < 0)
		return -1;
	close(accept(l, NULL, NULL));
	return c;
}

/* "short" when 0 < n < want: how much fits depends on the buffers' sizes */
static void show_size(const char *what, ssize_t n, size_t want)
{
	if (n < 0)
		printf("%s: -1 %s\n", what, ename(errno));
	else
		printf("%s: %s\n", what, n == 0 ? "0" : (size_t)n < want ? "short" : "all");
}

int main(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t al = sizeof a;
	char *buf = calloc(1, BIG);
	struct iovec iov[64];
	int l = socket(AF_INET, SOCK_STREAM, 0), c;

	signal(SIGPIPE, SIG_IGN);
	if (!buf || bind(l, (struct sockaddr *)&a, sizeof a) || listen(l, 4) ||
	    getsockname(l, (struct sockaddr *)&a, &al))
		return 1;
	c = pair(l, &a);
	show_size("write big", write(c, buf, BIG), BIG);
	show_size("write again", write(c, buf, BIG), BIG);
	close(c);

	for (int i = 0; i < 64; i++)
		iov[i] = (struct iovec){ buf, BIG / 64 };
	c = pair(l, &a);
	show_size("writev big", writev(c, iov, 64), BIG);
	show_size("writev again", writev(c, iov, 64), BIG);
	close(c);

	c = pair(l, &a); /* a small write still goes whole */
	show_size("write small", write(c, buf, 100), 100);
	show_size("write small again", write(c, buf, 100), 100);
	show_size("send big", send(c, buf, BIG, MSG_DONTWAIT), BIG);
	close(c);
	SHOW(close(l));
	return 0;
}
