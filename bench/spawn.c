/* spawn: 500 times fork + execve of this program (which exits at once) + wait. */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int ok = 0, st;

	if (argc > 1 && !strcmp(argv[1], "child"))
		return 3;
	for (int i = 0; i < 500; i++) {
		pid_t p = fork();
		if (p == 0) {
			char *av[] = { argv[0], "child", NULL };
			execv("/proc/self/exe", av);
			_exit(127);
		}
		if (waitpid(p, &st, 0) == p && WEXITSTATUS(st) == 3)
			ok++;
	}
	printf("%d\n", ok);
	return 0;
}
