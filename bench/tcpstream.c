/* tcpstream: 1 GiB streamed over loopback TCP from one process to another in
 * 64 KiB writes; the reader reads 64 KiB at a time and checks one byte in 4093
 * (the stream's byte k is k mod 256). */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHUNK (64 << 10)
#define TOTAL (1L << 30)

static char buf[CHUNK];

int main(void)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	int l = socket(AF_INET, SOCK_STREAM, 0);

	if (l < 0 || bind(l, (struct sockaddr *)&a, len) || listen(l, 1) ||
	    getsockname(l, (struct sockaddr *)&a, &len))
		return 1;
	if (fork() == 0) {
		int s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0 || connect(s, (struct sockaddr *)&a, len))
			_exit(1);
		for (int i = 0; i < CHUNK; i++)
			buf[i] = (char)i;
		for (long sent = 0; sent < TOTAL;) {
			ssize_t n = write(s, buf, CHUNK);
			if (n <= 0)
				_exit(1);
			sent += n;
		}
		_exit(0);
	}
	int s = accept(l, NULL, NULL);
	long got = 0, bad = 0, next = 0;
	ssize_t n;
	while ((n = read(s, buf, sizeof(buf))) > 0) {
		for (; next < got + n; next += 4093)
			bad += buf[next - got] != (char)next;
		got += n;
	}
	int status;
	wait(&status);
	printf("%ld bytes, %ld wrong, child %d\n", got, bad, status);
	return 0;
}
