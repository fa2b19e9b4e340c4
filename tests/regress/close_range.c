/* close_range: closing a range, CLOSE_RANGE_CLOEXEC marking it instead, and its
 * EINVAL cases. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static int open_fds(int from, int to)
{
	int n = 0;
	for (int fd = from; fd <= to; fd++)
		n += fcntl(fd, F_GETFD) >= 0;
	return n;
}

int main(void)
{
	for (int i = 0; i < 6; i++)
		dup2(1, 10 + i);
	printf("open 10-15: %d\n", open_fds(10, 15));
	printf("close_range(12, 13): %ld\n", syscall(SYS_close_range, 12, 13, 0));
	printf("open 10-15: %d\n", open_fds(10, 15));
	printf("CLOSE_RANGE_CLOEXEC on 10-11: %ld\n", syscall(SYS_close_range, 10, 11, CLOSE_RANGE_CLOEXEC));
	printf("fd 10 close-on-exec: %d, fd 14: %d\n", fcntl(10, F_GETFD) & FD_CLOEXEC, fcntl(14, F_GETFD) & FD_CLOEXEC);
	long all = syscall(SYS_close_range, 14, ~0U, 0);
	printf("close_range(14, ~0U): %ld, open 10-15: %d\n", all, open_fds(10, 15));
	errno = 0;
	long r = syscall(SYS_close_range, 5, 4, 0);
	printf("first > last: %ld %s\n", r, errno == EINVAL ? "EINVAL" : "?");
	errno = 0;
	r = syscall(SYS_close_range, 0, 1, 0x80);
	printf("unknown flag: %ld %s\n", r, errno == EINVAL ? "EINVAL" : "?");
	return 0;
}
