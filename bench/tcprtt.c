/* tcprtt: 100,000 one-byte round trips between two processes over loopback TCP
 * with TCP_NODELAY. */
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* tcp_pair: a connected pair of loopback TCP sockets, both TCP_NODELAY. */
static int tcp_pair(int sv[2])
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int one = 1, l = socket(AF_INET, SOCK_STREAM, 0);

	if (l < 0 || bind(l, (struct sockaddr *)&a, len) || listen(l, 1) ||
	    getsockname(l, (struct sockaddr *)&a, &len))
		return -1;
	sv[0] = socket(AF_INET, SOCK_STREAM, 0);
	if (sv[0] < 0 || connect(sv[0], (struct sockaddr *)&a, len))
		return -1;
	sv[1] = accept(l, NULL, NULL);
	close(l);
	if (sv[1] < 0)
		return -1;
	setsockopt(sv[0], IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	setsockopt(sv[1], IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return 0;
}

int main(void)
{
	int sv[2];
	char c = 0;

	if (tcp_pair(sv))
		return 1;
	if (fork() == 0) {
		close(sv[0]);
		while (read(sv[1], &c, 1) == 1 && c != 'q')
			write(sv[1], &c, 1);
		_exit(0);
	}
	close(sv[1]);
	long n = 0;
	for (int i = 0; i < 100000; i++) {
		c = 'a' + i % 16; /* never 'q', which ends the child */
		write(sv[0], &c, 1);
		if (read(sv[0], &c, 1) == 1)
			n++;
	}
	write(sv[0], "q", 1);
	wait(NULL);
	printf("%ld\n", n);
	return 0;
}
