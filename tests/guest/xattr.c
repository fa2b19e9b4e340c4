/* Extended attributes of host files (kernel/fs/xattr.c): set, get (and its size
 * query), list, remove, the l- and f- forms, and their errors. */
#include "check.h"
#include <fcntl.h>
#include <string.h>
#include <sys/xattr.h>
#include <unistd.h>

static void values(void)
{
	char buf[64] = "";
	int fd = open("file", O_RDWR | O_CREAT, 0644);

	if (setxattr("file", "user.emu", "hello", 5, 0)) {
		printf("user xattrs not supported here: %s\n", strerror(errno));
		return;
	}
	CHECK("getxattr's size query", getxattr("file", "user.emu", NULL, 0) == 5);
	CHECK("getxattr reads the value", getxattr("file", "user.emu", buf, sizeof buf) == 5 &&
					      !memcmp(buf, "hello", 5));
	EXPECT_ERRNO("a buffer too small", getxattr("file", "user.emu", buf, 2), ERANGE);
	EXPECT_ERRNO("XATTR_CREATE of one that exists",
		     setxattr("file", "user.emu", "x", 1, XATTR_CREATE), EEXIST);
	EXPECT_ERRNO("XATTR_REPLACE of one that does not",
		     setxattr("file", "user.none", "x", 1, XATTR_REPLACE), ENODATA);
	CHECK("fsetxattr", fsetxattr(fd, "user.two", "22", 2, 0) == 0);
	CHECK("fgetxattr", fgetxattr(fd, "user.two", buf, sizeof buf) == 2);
	memset(buf, 0, sizeof buf);
	long n = listxattr("file", buf, sizeof buf);
	CHECK("listxattr names both", n == 18 && (!strcmp(buf, "user.emu") || !strcmp(buf, "user.two")));
	CHECK("flistxattr's size query", flistxattr(fd, NULL, 0) == 18);
	CHECK("removexattr", removexattr("file", "user.emu") == 0);
	EXPECT_ERRNO("getxattr of a removed one", getxattr("file", "user.emu", buf, sizeof buf), ENODATA);
	CHECK("fremovexattr", fremovexattr(fd, "user.two") == 0);
	CHECK("nothing left to list", listxattr("file", buf, sizeof buf) == 0);
	close(fd);
}

static void errors(void)
{
	char name[300], buf[16];
	int p[2];

	memset(name, 'a', sizeof name - 1);
	memcpy(name, "user.", 5);
	name[sizeof name - 1] = '\0';
	EXPECT_ERRNO("a name longer than 255", getxattr(".", name, buf, sizeof buf), ERANGE);
	EXPECT_ERRNO("an empty name", getxattr(".", "", buf, sizeof buf), ERANGE);
	EXPECT_ERRNO("a missing file", getxattr("missing", "user.x", buf, sizeof buf), ENOENT);
	EXPECT_ERRNO("bad flags", setxattr(".", "user.x", "1", 1, 8), EINVAL);
	EXPECT_ERRNO("a bad name pointer", getxattr(".", (char *)8, buf, sizeof buf), EFAULT);
	EXPECT_ERRNO("a bad descriptor", fgetxattr(99, "user.x", buf, sizeof buf), EBADF);
	if (symlink("file", "link") == 0) {
		EXPECT_ERRNO("lgetxattr of a symlink", lgetxattr("link", "user.x", buf, sizeof buf), ENODATA);
		CHECK("llistxattr of a symlink", llistxattr("link", buf, sizeof buf) == 0);
	}
	if (pipe(p) == 0) {
		EXPECT_ERRNO("fgetxattr of a pipe", fgetxattr(p[0], "user.x", buf, sizeof buf), ENODATA);
		CHECK("flistxattr of a pipe", flistxattr(p[0], buf, sizeof buf) == 0);
	}
}

int main(void)
{
	values();
	errors();
	return failures;
}
