/* fork: one call, two returns. The child gets 0, the parent the child's pid;
 * wait collects the child's exit status. Try: emu --trace=syscall,proc fork */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		printf("child: my pid is %d, my parent is %d\n", getpid(), getppid());
		return 7;
	}
	int status;
	waitpid(pid, &status, 0);
	printf("parent: child %d exited with %d\n", pid, WEXITSTATUS(status));
	return 0;
}
