/* fork: 2,000 times fork + _exit + waitpid. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int ok = 0, st;

	for (int i = 0; i < 2000; i++) {
		pid_t p = fork();
		if (p == 0)
			_exit(i & 1);
		if (waitpid(p, &st, 0) == p && WEXITSTATUS(st) == (i & 1))
			ok++;
	}
	printf("%d\n", ok);
	return 0;
}
