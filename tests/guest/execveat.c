/* execveat's flags: AT_SYMLINK_NOFOLLOW refuses a program that is a symlink (ELOOP,
 * dangling or not) but follows symlinks earlier in the path; AT_EMPTY_PATH runs the
 * descriptor itself, with or without AT_SYMLINK_NOFOLLOW. */
#include "check.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static long execveat_(int dirfd, const char *path, char **argv, int flags)
{
	char *envp[] = { NULL };
	return syscall(SYS_execveat, dirfd, path, argv, envp, flags);
}

/* Runs execveat in a child; the child's exit status (42 when the program ran) or
 * 100 + errno when execveat failed. */
static int run(int dirfd, const char *path, const char *self, int flags)
{
	char *argv[] = { (char *)self, "child", NULL };
	int st;
	pid_t p = fork();

	if (p == 0) {
		execveat_(dirfd, path, argv, flags);
		_exit(100 + errno);
	}
	waitpid(p, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "child"))
		return 42;
	const char *self = argv[0];
	int fd = open(self, O_PATH);

	CHECK("mkdir", mkdir("dir", 0755) == 0);
	CHECK("symlink", symlink(self, "dir/prog") == 0);
	CHECK("dangling", symlink("nowhere/prog", "dir/dangling") == 0);
	CHECK("dirlink", symlink("dir", "dirlink") == 0);
	CHECK("copy", symlink(self, "dir/prog2") == 0);
	CHECK("follow runs", run(AT_FDCWD, "dir/prog", self, 0) == 42);
	CHECK("nofollow symlink ELOOP", run(AT_FDCWD, "dir/prog", self, AT_SYMLINK_NOFOLLOW) == 100 + ELOOP);
	CHECK("nofollow dangling ELOOP", run(AT_FDCWD, "dir/dangling", self, AT_SYMLINK_NOFOLLOW) == 100 + ELOOP);
	CHECK("follow dangling ENOENT", run(AT_FDCWD, "dir/dangling", self, 0) == 100 + ENOENT);
	CHECK("nofollow absolute runs", run(AT_FDCWD, self, self, AT_SYMLINK_NOFOLLOW) == 42);
	CHECK("nofollow dir symlink in the path", run(AT_FDCWD, "dirlink/prog", self, AT_SYMLINK_NOFOLLOW) == 100 + ELOOP);
	int dir = open("dirlink", O_RDONLY | O_DIRECTORY);
	CHECK("nofollow relative to dirfd ELOOP", run(dir, "prog", self, AT_SYMLINK_NOFOLLOW) == 100 + ELOOP);
	CHECK("follow relative to dirfd runs", run(dir, "prog2", self, 0) == 42);
	CHECK("empty path runs", run(fd, "", self, AT_EMPTY_PATH) == 42);
	CHECK("empty path nofollow runs", run(fd, "", self, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) == 42);
	CHECK("bad flag EINVAL", run(fd, "", self, AT_EMPTY_PATH | 0x4000000) == 100 + EINVAL);
	CHECK("bad flag, missing file EINVAL", run(AT_FDCWD, "nothere", self, 0x4000000) == 100 + EINVAL);
	CHECK("bad flag, empty path ENOENT", run(fd, "", self, 0x4000000) == 100 + ENOENT);
	CHECK("bad flag, bad dirfd EINVAL", run(-1, "nothere", self, 0x4000000) == 100 + EINVAL);
	CHECK("bad dirfd EBADF", run(-1, "nothere", self, 0) == 100 + EBADF);
	CHECK("file dirfd ENOTDIR", run(fd, "x", self, 0) == 100 + ENOTDIR);
	return failures;
}
