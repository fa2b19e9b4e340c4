/* F_GETPIPE_SZ and F_SETPIPE_SZ: the default, rounding to a power of two pages,
 * EBUSY when the data would not fit, and a write that fills exactly the new size. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	static char buf[1 << 20];
	int p[2], r;

	pipe2(p, O_NONBLOCK);
	printf("default: %d\n", fcntl(p[0], F_GETPIPE_SZ));
	printf("set 4096: %d\n", fcntl(p[1], F_SETPIPE_SZ, 4096));
	printf("set 5000: %d\n", fcntl(p[1], F_SETPIPE_SZ, 5000));
	printf("set 1: %d\n", fcntl(p[1], F_SETPIPE_SZ, 1));
	printf("set 12288: %d\n", fcntl(p[1], F_SETPIPE_SZ, 12288));
	printf("write 20000 bytes: %zd\n", write(p[1], buf, 20000));
	errno = 0;
	r = fcntl(p[1], F_SETPIPE_SZ, 4096);
	printf("shrink below the data: %d %s\n", r, errno == EBUSY ? "EBUSY" : strerror(errno));
	printf("grow to 1 MiB: %d\n", fcntl(p[1], F_SETPIPE_SZ, 1 << 20));
	printf("then write: %zd\n", write(p[1], buf, sizeof buf));
	printf("read back: %zd\n", read(p[0], buf, sizeof buf));
	int fd = open("/proc/self/exe", O_RDONLY);
	errno = 0;
	r = fcntl(fd, F_GETPIPE_SZ);
	printf("on a regular file: %d %s\n", r, errno == EBADF ? "EBADF" : strerror(errno));
	return 0;
}
