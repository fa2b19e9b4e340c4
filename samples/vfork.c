/* vfork: the child borrows the parent's memory and the parent sleeps until the
 * child calls execve or _exit. Try: emu --trace=syscall,proc vfork */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	pid_t pid = vfork();

	if (pid == 0) {
		char *argv[] = { "echo", "hello from the vfork child", NULL };
		execv("/bin/busybox", argv);
		_exit(127); /* only if execv failed */
	}
	int status;
	waitpid(pid, &status, 0);
	printf("parent: the child exited with %d\n", WEXITSTATUS(status));
	return 0;
}
