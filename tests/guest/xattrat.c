/* The *at forms of the extended attribute calls (Linux 6.13): setxattrat,
 * getxattrat, listxattrat and removexattrat with a directory descriptor, a path,
 * AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH, struct xattr_args and its sizes, and
 * their errors. A kernel before 6.13 skips (exit 77). */
#include "check.h"
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define NR_setxattrat 463
#define NR_getxattrat 464
#define NR_listxattrat 465
#define NR_removexattrat 466

struct xattr_args { uint64_t value; uint32_t size, flags; };
struct xattr_args_v1 { struct xattr_args a; uint64_t more; };

static long setat(int dfd, const char *path, unsigned at, const char *name, const char *v,
		  unsigned flags)
{
	struct xattr_args a = { (uintptr_t)v, (uint32_t)strlen(v), flags };
	return syscall(NR_setxattrat, dfd, path, at, name, &a, sizeof a);
}

static long getat(int dfd, const char *path, unsigned at, const char *name, char *buf, size_t len)
{
	struct xattr_args a = { (uintptr_t)buf, (uint32_t)len, 0 };
	return syscall(NR_getxattrat, dfd, path, at, name, &a, sizeof a);
}

int main(void)
{
	char dir[] = "/tmp/xattratXXXXXX", buf[64];

	setvbuf(stdout, NULL, _IONBF, 0);
	if (!mkdtemp(dir))
		return 1;
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	int fd = openat(dfd, "f", O_RDWR | O_CREAT, 0644);
	symlinkat("f", dfd, "l");
	long r = setat(dfd, "f", 0, "user.a", "one", 0);
	if (r < 0) {
		printf("setxattrat unavailable (errno %d)\n", errno);
		unlinkat(dfd, "l", 0);
		unlinkat(dfd, "f", 0);
		rmdir(dir);
		return 77;
	}
	CHECK("setxattrat", r == 0);
	memset(buf, 0, sizeof buf);
	CHECK("getxattrat", getat(dfd, "f", 0, "user.a", buf, sizeof buf) == 3 && !strcmp(buf, "one"));
	CHECK("getxattrat: size query", getat(dfd, "f", 0, "user.a", NULL, 0) == 3);
	CHECK("getxattrat through the symlink", getat(dfd, "l", 0, "user.a", buf, sizeof buf) == 3);
	EXPECT_ERRNO("getxattrat of the symlink itself",
		     getat(dfd, "l", AT_SYMLINK_NOFOLLOW, "user.a", buf, sizeof buf), ENODATA);
	CHECK("AT_EMPTY_PATH: the descriptor's file", getat(fd, "", AT_EMPTY_PATH, "user.a", buf, sizeof buf) == 3);
	CHECK("AT_EMPTY_PATH and a NULL path", getat(fd, NULL, AT_EMPTY_PATH, "user.a", buf, sizeof buf) == 3);
	EXPECT_ERRNO("an empty path without AT_EMPTY_PATH", getat(fd, "", 0, "user.a", buf, sizeof buf), ENOENT);
	EXPECT_ERRNO("AT_EMPTY_PATH with AT_FDCWD: the working directory's",
		     getat(AT_FDCWD, "", AT_EMPTY_PATH, "user.a", buf, sizeof buf), ENODATA);
	char abs[64];
	snprintf(abs, sizeof abs, "%s/f", dir);
	CHECK("an absolute path ignores dfd", getat(-1, abs, 0, "user.a", buf, sizeof buf) == 3);
	EXPECT_ERRNO("a bad dfd", getat(-1, "f", 0, "user.a", buf, sizeof buf), EBADF);
	EXPECT_ERRNO("XATTR_CREATE of one that exists", setat(dfd, "f", 0, "user.a", "x", 1 /* XATTR_CREATE */), EEXIST);
	CHECK("setxattrat with AT_EMPTY_PATH", setat(fd, "", AT_EMPTY_PATH, "user.b", "two", 0) == 0);

	memset(buf, 0, sizeof buf);
	long n = syscall(NR_listxattrat, dfd, "f", 0, buf, sizeof buf);
	CHECK("listxattrat", n == 14);
	CHECK("listxattrat: size query", syscall(NR_listxattrat, dfd, "f", 0, NULL, 0) == 14);
	EXPECT_ERRNO("listxattrat: bad at_flags", syscall(NR_listxattrat, dfd, "f", 0x1, buf, sizeof buf), EINVAL);

	/* struct xattr_args: its sizes */
	struct xattr_args_v1 v1 = { { (uintptr_t)buf, sizeof buf, 0 }, 0 };
	CHECK("a larger struct, zero past the first", syscall(NR_getxattrat, dfd, "f", 0, "user.a", &v1, sizeof v1) == 3);
	v1.more = 1;
	EXPECT_ERRNO("a larger struct, not zero", syscall(NR_getxattrat, dfd, "f", 0, "user.a", &v1, sizeof v1), E2BIG);
	EXPECT_ERRNO("a smaller struct", syscall(NR_getxattrat, dfd, "f", 0, "user.a", &v1, 8), EINVAL);
	EXPECT_ERRNO("more than a page", syscall(NR_getxattrat, dfd, "f", 0, "user.a", &v1, 8192), E2BIG);
	EXPECT_ERRNO("a bad struct", syscall(NR_getxattrat, dfd, "f", 0, "user.a", (void *)16, 16), EFAULT);
	v1 = (struct xattr_args_v1){ { (uintptr_t)buf, sizeof buf, 1 }, 0 };
	EXPECT_ERRNO("getxattrat: flags", syscall(NR_getxattrat, dfd, "f", 0, "user.a", &v1, 16), EINVAL);
	EXPECT_ERRNO("getxattrat: bad at_flags", getat(dfd, "f", 0x1, "user.a", buf, sizeof buf), EINVAL);
	EXPECT_ERRNO("setxattrat: bad flags", setat(dfd, "f", 0, "user.a", "x", 4), EINVAL);
	EXPECT_ERRNO("removexattrat: bad at_flags", syscall(NR_removexattrat, dfd, "f", 0x1, "user.a"), EINVAL);

	CHECK("removexattrat", syscall(NR_removexattrat, dfd, "f", 0, "user.a") == 0);
	EXPECT_ERRNO("removed", getat(dfd, "f", 0, "user.a", buf, sizeof buf), ENODATA);
	CHECK("removexattrat with AT_EMPTY_PATH", syscall(NR_removexattrat, fd, "", AT_EMPTY_PATH, "user.b") == 0);
	EXPECT_ERRNO("removexattrat: none left", syscall(NR_removexattrat, dfd, "f", 0, "user.b"), ENODATA);

	close(fd);
	unlinkat(dfd, "l", 0);
	unlinkat(dfd, "f", 0);
	close(dfd);
	rmdir(dir);
	return failures;
}
