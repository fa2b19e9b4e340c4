/* A fork that falls inside the single-stepped tail of a quantum must not hand the
 * trap flag to the child (it did: the child died of SIGTRAP at its first
 * instruction, once in about 10,000 forks). The parent never sleeps, so its quanta
 * run out, and each tail is likely to land on one of its raw system calls. */
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static long raw_syscall0(long nr)
{
	long ret;
	__asm__ volatile("syscall" : "=a"(ret) : "a"(nr) : "rcx", "r11", "memory");
	return ret;
}

static int reap(int block)
{
	int status, bad = 0;
	pid_t pid;

	while ((pid = waitpid(-1, &status, block ? 0 : WNOHANG)) > 0)
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 3)
			bad++;
	return bad;
}

int main(void)
{
	int bad = 0;

	for (int batch = 0; batch < 200; batch++) {
		for (int i = 0; i < 100; i++) {
			for (int j = 0; j < 50; j++)
				raw_syscall0(SYS_getppid);
			if (raw_syscall0(SYS_fork) == 0) {
				long code = 3;
				__asm__ volatile("syscall" : : "a"(SYS_exit_group), "D"(code));
			}
		}
		bad += reap(0);
	}
	bad += reap(1);
	printf("20000 children, %d ended other than by exit(3)\n", bad);
	return bad != 0;
}
