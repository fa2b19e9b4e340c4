/* TCP urgent data on loopback: send(MSG_OOB) marks its last byte; a read stops at
 * the mark and skips the byte, recv(MSG_OOB) reads it once, SIOCATMARK, POLLPRI,
 * SO_OOBINLINE, two urgent bytes before any read, MSG_OOB with nothing urgent. */
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int c, s; /* a connected pair: client, server */

static void pair(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof a;
	int l = socket(AF_INET, SOCK_STREAM, 0);

	bind(l, (struct sockaddr *)&a, len);
	listen(l, 1);
	getsockname(l, (struct sockaddr *)&a, &len);
	c = socket(AF_INET, SOCK_STREAM, 0);
	connect(c, (struct sockaddr *)&a, len);
	s = accept(l, NULL, NULL);
	close(l);
}

static void unpair(void)
{
	close(c);
	close(s);
}

static void show_read(const char *what, int flags)
{
	char buf[64];
	ssize_t n = recv(s, buf, sizeof buf, flags | MSG_DONTWAIT);

	if (n < 0)
		printf("%s: %s\n", what, errno == EAGAIN ? "EAGAIN" : errno == EINVAL ? "EINVAL" : strerror(errno));
	else
		printf("%s: %zd \"%.*s\"\n", what, n, (int)n, buf);
}

static void atmark(void)
{
	int v = -1;

	ioctl(s, SIOCATMARK, &v);
	printf("  at mark: %d\n", v);
}

static void show_poll(void)
{
	struct pollfd p = { s, POLLIN | POLLPRI, 0 };
	int n = poll(&p, 1, 0);

	printf("  poll: %d%s%s\n", n, p.revents & POLLIN ? " POLLIN" : "", p.revents & POLLPRI ? " POLLPRI" : "");
}

int main(void)
{
	int one = 1;

	pair();
	show_read("no urgent data, MSG_OOB", MSG_OOB);
	send(c, "hello", 5, 0);
	send(c, "XY", 2, MSG_OOB);
	send(c, "world", 5, 0);
	show_poll();
	atmark();
	show_read("read", 0);
	atmark();
	show_poll();
	show_read("MSG_OOB|MSG_PEEK", MSG_OOB | MSG_PEEK);
	show_read("MSG_OOB", MSG_OOB);
	show_read("MSG_OOB again", MSG_OOB);
	atmark();
	show_poll();
	show_read("read", 0);
	atmark();
	show_read("MSG_OOB after the mark", MSG_OOB);
	unpair();

	pair();
	send(c, "ab", 2, 0);
	send(c, "c", 1, MSG_OOB);
	show_read("urgent first: MSG_OOB", MSG_OOB);
	show_read("read", 0);
	show_read("read", 0);
	unpair();

	pair();
	send(c, "ab", 2, 0);
	send(c, "c", 1, MSG_OOB);
	show_read("urgent never read: read", 0);
	show_read("read past it", 0);
	send(c, "d", 1, 0);
	show_read("read", 0);
	show_read("MSG_OOB", MSG_OOB);
	unpair();

	pair();
	setsockopt(s, SOL_SOCKET, SO_OOBINLINE, &one, sizeof one);
	send(c, "12", 2, 0);
	send(c, "3", 1, MSG_OOB);
	send(c, "45", 2, 0);
	show_poll();
	show_read("inline: read", 0);
	atmark();
	show_read("MSG_OOB", MSG_OOB);
	show_read("read", 0);
	atmark();
	unpair();

	pair();
	send(c, "a", 1, MSG_OOB);
	send(c, "b", 1, MSG_OOB);
	show_poll();
	atmark();
	show_read("two urgent bytes: read", 0);
	show_read("MSG_OOB", MSG_OOB);
	show_read("read", 0);
	send(c, "xyz", 3, MSG_OOB);
	send(c, "!", 1, MSG_OOB);
	show_read("then xyz and ! urgent: read", 0);
	show_read("MSG_OOB", MSG_OOB);
	show_read("read", 0);
	unpair();
	return 0;
}
