/* execve of a file some process has open for writing: ETXTBSY, as Linux's
 * deny_write_access; after the writer closes it, it runs. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char p[] = "/tmp/txtbsyXXXXXX", b[65536];
	ssize_t n;
	int st;

	if (argc > 1)
		return 0;
	int fd = mkstemp(p), src = open("/proc/self/exe", O_RDONLY);
	while ((n = read(src, b, sizeof b)) > 0)
		write(fd, b, n);
	fchmod(fd, 0755);
	if (fork() == 0) {
		execl(p, p, "x", (char *)0);
		printf("execve while open for writing: %s\n", errno == ETXTBSY ? "ETXTBSY" : strerror(errno));
		fflush(stdout);
		_exit(0);
	}
	wait(NULL);
	close(fd);
	if (fork() == 0) {
		execl(p, p, "x", (char *)0);
		_exit(9);
	}
	wait(&st);
	printf("after close: exit %d\n", WEXITSTATUS(st));
	unlink(p);
	return 0;
}
