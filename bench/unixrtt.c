/* unixrtt: 100,000 one-byte round trips between two processes over an AF_UNIX
 * stream socketpair. */
#include <stdio.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int sv[2];
	char c = 0;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0)
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
