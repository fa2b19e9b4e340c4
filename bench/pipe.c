/* pipe: 100,000 one-byte round trips between two processes over two pipes. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int to_child[2], to_parent[2];
	char c = 0;

	pipe(to_child);
	pipe(to_parent);
	if (fork() == 0) {
		while (read(to_child[0], &c, 1) == 1 && c != 'q')
			write(to_parent[1], &c, 1);
		_exit(0);
	}
	long n = 0;
	for (int i = 0; i < 100000; i++) {
		c = 'a' + i % 16; /* never 'q', which ends the child */
		write(to_child[1], &c, 1);
		if (read(to_parent[0], &c, 1) == 1)
			n++;
	}
	write(to_child[1], "q", 1);
	wait(NULL);
	printf("%ld\n", n);
	return 0;
}
