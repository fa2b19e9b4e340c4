/* wait4 and waitpid of INT_MIN: ESRCH, as Linux (-INT_MIN names no group; emu
 * negated it, undefined behaviour, and answered ECHILD). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	if (fork() == 0)
		_exit(0);
	errno = 0;
	long r = wait4(INT_MIN, NULL, 0, NULL);
	printf("wait4(INT_MIN): %ld %s\n", r, strerrorname_np(errno));
	errno = 0;
	r = waitpid(INT_MIN, NULL, WNOHANG);
	printf("waitpid(INT_MIN, WNOHANG): %ld %s\n", r, strerrorname_np(errno));
	printf("the child is still there to wait for: %d\n", wait(NULL) > 0);
	return 0;
}
