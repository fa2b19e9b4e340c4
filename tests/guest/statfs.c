/* statfs and fstatfs: a host path reports its filesystem (the same figures as the
 * real kernel gives), a pipe reports pipefs, errors as Linux. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>

int main(void)
{
	struct statfs a, b;
	int p[2], r;

	pipe(p);
	r = statfs("/tmp", &a);
	printf("statfs(/tmp): %d\n", r);
	int fd = open("/tmp", O_RDONLY | O_DIRECTORY);
	r = fstatfs(fd, &b);
	printf("fstatfs(/tmp): %d, same filesystem: %s\n", r,
	       a.f_type == b.f_type && a.f_bsize == b.f_bsize && a.f_namelen == b.f_namelen ? "yes" : "no");
	errno = 0;
	r = statfs("/nonexistent/x", &a);
	printf("statfs(missing): %d %s\n", r, errno == ENOENT ? "ENOENT" : "other");
	errno = 0;
	r = statfs("/tmp", (struct statfs *)8);
	printf("statfs(bad buffer): %d %s\n", r, errno == EFAULT ? "EFAULT" : "other");
	r = fstatfs(p[0], &b);
	printf("fstatfs(pipe): %d type %#lx bsize %ld namelen %ld\n", r, (unsigned long)b.f_type,
	       (long)b.f_bsize, (long)b.f_namelen);
	errno = 0;
	r = fstatfs(99, &b);
	printf("fstatfs(99): %d %s\n", r, errno == EBADF ? "EBADF" : "other");
	return 0;
}
