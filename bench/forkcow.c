/* forkcow: a parent that has touched 64 MiB forks; the child writes 256 pages and
 * exits. fork must copy page tables, not memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	size_t size = 64 << 20;
	char *mem = malloc(size);
	int st;

	memset(mem, 1, size);
	for (int round = 0; round < 20; round++) {
		pid_t p = fork();
		if (p == 0) {
			for (int i = 0; i < 256; i++)
				mem[(size_t)i * 4096 * 64 % size] = 2;
			_exit(mem[0]);
		}
		waitpid(p, &st, 0);
	}
	printf("%d %d\n", mem[0], WEXITSTATUS(st));
	return 0;
}
