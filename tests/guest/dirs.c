/* Directories: mkdir modes, getdents64 (with a roomy and a tiny buffer), symbolic
 * links, the working directory (also one removed under us), rmdir, the *at calls
 * relative to directory fds, and /proc/self/exe. */
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char type_letter(unsigned char t)
{
	switch (t) {
	case DT_DIR:
		return 'd';
	case DT_REG:
		return 'f';
	case DT_LNK:
		return 'l';
	case DT_UNKNOWN:
		return '?';
	default:
		return 'o';
	}
}

/* Lists a directory with the raw getdents64 call and a buffer of bufsize bytes, sorted,
 * each name with its type letter. How many entries one call returns is the file
 * system's business, so only the names and types are printed. */
static void list(const char *path, size_t bufsize)
{
	char buf[1024] __attribute__((aligned(8))), *names[64];
	int n = 0, fd = open(path, O_RDONLY | O_DIRECTORY);
	long len;

	while (n < 60 && (len = syscall(SYS_getdents64, fd, buf, bufsize)) > 0) {
		for (long off = 0; off < len && n < 64;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);
			names[n] = malloc(strlen(d->d_name) + 3);
			sprintf(names[n++], "%s/%c", d->d_name, type_letter(d->d_type));
			off += d->d_reclen;
		}
	}
	close(fd);
	qsort(names, n, sizeof names[0], cmp);
	printf("%s (%zu-byte buffer, ends with %ld):", path, bufsize, len);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

int main(int argc, char **argv)
{
	char cwd[4096], exe[4096], buf[256] __attribute__((aligned(8)));
	struct stat st;

	umask(022);
	CHECK("mkdir", mkdir("top", 0777) == 0);
	CHECK("mode after umask 022 is 0755", stat("top", &st) == 0 && S_ISDIR(st.st_mode) &&
	      (st.st_mode & 07777) == 0755);
	EXPECT_ERRNO("mkdir again", mkdir("top", 0755), EEXIST);
	EXPECT_ERRNO("mkdir in a missing directory", mkdir("missing/sub", 0755), ENOENT);
	CHECK("mkdirat", mkdirat(AT_FDCWD, "top/sub", 0700) == 0);
	CHECK("mkdirat mode", stat("top/sub", &st) == 0 && (st.st_mode & 07777) == 0700);
	for (int i = 0; i < 20; i++) {
		char name[32];
		snprintf(name, sizeof name, "top/file%02d", i);
		close(open(name, O_CREAT | O_WRONLY, 0644));
	}
	CHECK("symlink", symlink("file00", "top/link") == 0);
	list("top", 1024);
	list("top", 64);
	int fd = open("top", O_RDONLY | O_DIRECTORY);
	EXPECT_ERRNO("getdents64 into a buffer too small for one entry", syscall(SYS_getdents64, fd, buf, 8), EINVAL);
	close(fd);
	fd = open("top/file00", O_RDONLY);
	EXPECT_ERRNO("getdents64 on a file", syscall(SYS_getdents64, fd, buf, sizeof buf), ENOTDIR);
	close(fd);
	EXPECT_ERRNO("getdents64 on a bad fd", syscall(SYS_getdents64, 99, buf, sizeof buf), EBADF);

	/* symbolic links */
	ssize_t n = readlink("top/link", buf, sizeof buf);
	CHECK("readlink", n == 6 && !memcmp(buf, "file00", 6));
	n = readlink("top/link", buf, 3);
	CHECK("readlink truncates to the buffer", n == 3 && !memcmp(buf, "fil", 3));
	CHECK("lstat sees the link", lstat("top/link", &st) == 0 && S_ISLNK(st.st_mode) && st.st_size == 6);
	CHECK("stat follows it", stat("top/link", &st) == 0 && S_ISREG(st.st_mode));
	CHECK("newfstatat AT_SYMLINK_NOFOLLOW", fstatat(AT_FDCWD, "top/link", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	      S_ISLNK(st.st_mode));
	EXPECT_ERRNO("readlink of a file that is no link", readlink("top/file00", buf, sizeof buf), EINVAL);
	EXPECT_ERRNO("readlink of a missing file", readlink("top/missing", buf, sizeof buf), ENOENT);
	EXPECT_ERRNO("symlink onto an existing name", symlink("x", "top/link"), EEXIST);
	CHECK("a dangling symlink", symlink("nowhere", "top/dangling") == 0);
	EXPECT_ERRNO("stat of a dangling symlink", stat("top/dangling", &st), ENOENT);
	CHECK("lstat of a dangling symlink", lstat("top/dangling", &st) == 0 && S_ISLNK(st.st_mode));
	EXPECT_ERRNO("O_NOFOLLOW on a symlink", open("top/link", O_RDONLY | O_NOFOLLOW), ELOOP);
	CHECK("unlink removes the link, not the target", unlink("top/dangling") == 0 && unlink("top/link") == 0 &&
	      access("top/file00", F_OK) == 0);

	/* the working directory */
	CHECK("chdir", chdir("top") == 0);
	CHECK("getcwd ends in top", getcwd(cwd, sizeof cwd) && !strcmp(basename(cwd), "top"));
	CHECK("getcwd returns an absolute path", cwd[0] == '/');
	CHECK("relative paths follow chdir", access("file00", F_OK) == 0);
	int dfd = open("sub", O_RDONLY | O_DIRECTORY);
	CHECK("fchdir", fchdir(dfd) == 0 && getcwd(cwd, sizeof cwd) && !strcmp(basename(cwd), "sub"));
	long len = syscall(SYS_getcwd, cwd, sizeof cwd);
	CHECK("the getcwd system call returns the length with the NUL", len == (long)strlen(cwd) + 1);
	EXPECT_ERRNO("getcwd into a small buffer", syscall(SYS_getcwd, cwd, 2), ERANGE);
	CHECK("chdir ..", chdir("..") == 0 && getcwd(cwd, sizeof cwd) && !strcmp(basename(cwd), "top"));
	fd = open("file00", O_RDONLY);
	EXPECT_ERRNO("fchdir to a file", fchdir(fd), ENOTDIR);
	close(fd);
	EXPECT_ERRNO("fchdir to a bad fd", fchdir(99), EBADF);
	EXPECT_ERRNO("chdir into a file", chdir("file00"), ENOTDIR);
	EXPECT_ERRNO("chdir into a missing directory", chdir("missing"), ENOENT);

	/* the *at calls, relative to directory fds */
	int tfd = open(".", O_RDONLY | O_DIRECTORY);
	fd = openat(dfd, "inner", O_CREAT | O_WRONLY, 0644);
	CHECK("openat relative to a directory fd", fd >= 0 && access("sub/inner", F_OK) == 0);
	close(fd);
	CHECK("newfstatat relative to a directory fd", fstatat(dfd, "inner", &st, 0) == 0 && S_ISREG(st.st_mode));
	CHECK("faccessat relative to a directory fd", faccessat(dfd, "inner", F_OK, 0) == 0);
	CHECK("mkdirat relative to a directory fd", mkdirat(dfd, "deeper", 0755) == 0);
	CHECK("renameat", renameat(dfd, "inner", tfd, "moved") == 0 && access("moved", F_OK) == 0);
	fd = open("file00", O_RDONLY);
	EXPECT_ERRNO("openat with a file as the dirfd", openat(fd, "x", O_RDONLY), ENOTDIR);
	close(fd);
	CHECK("symlink then readlinkat", symlink("moved", "ln") == 0 &&
	      (n = readlinkat(tfd, "ln", buf, sizeof buf)) == 5 && !memcmp(buf, "moved", 5));
	unlink("ln");
	CHECK("unlinkat", unlinkat(tfd, "moved", 0) == 0);
	EXPECT_ERRNO("unlinkat of a directory without AT_REMOVEDIR", unlinkat(dfd, "deeper", 0), EISDIR);
	EXPECT_ERRNO("unlink of a directory", unlink("sub"), EISDIR);
	EXPECT_ERRNO("rmdir of a file", rmdir("file00"), ENOTDIR);
	EXPECT_ERRNO("rmdir of a non-empty directory", rmdir("sub"), ENOTEMPTY);
	EXPECT_ERRNO("rmdir of .", rmdir("."), EINVAL);
	EXPECT_ERRNO("rename a directory into itself", rename("sub", "sub/deeper/sub"), EINVAL);
	CHECK("rename a directory", rename("sub", "renamed") == 0 && stat("renamed/deeper", &st) == 0);
	CHECK("the directory fd follows the rename", faccessat(dfd, "deeper", F_OK, 0) == 0);
	CHECK("unlinkat AT_REMOVEDIR", unlinkat(dfd, "deeper", AT_REMOVEDIR) == 0);
	for (int i = 0; i < 20; i++) {
		char name[32];
		snprintf(name, sizeof name, "file%02d", i);
		unlink(name);
	}
	list(".", 1024);
	CHECK("unlinkat AT_REMOVEDIR", unlinkat(AT_FDCWD, "renamed", AT_REMOVEDIR) == 0);
	close(dfd);

	/* a working directory that is removed while we are in it */
	CHECK("mkdir and chdir into doomed", mkdir("doomed", 0755) == 0 && chdir("doomed") == 0);
	CHECK("rmdir of the working directory", rmdir("../doomed") == 0);
	EXPECT_ERRNO("getcwd of a removed directory", syscall(SYS_getcwd, cwd, sizeof cwd), ENOENT);
	EXPECT_ERRNO("creating a file in it", open("x", O_CREAT | O_WRONLY, 0644), ENOENT);
	CHECK("fchdir back", fchdir(tfd) == 0 && getcwd(cwd, sizeof cwd) && !strcmp(basename(cwd), "top"));
	close(tfd);
	chdir("..");
	CHECK("rmdir", rmdir("top") == 0);
	list(".", 1024);

	/* /proc/self/exe names this program */
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = 0;
	CHECK("/proc/self/exe is this program", n > 0 && exe[0] == '/' &&
	      !strcmp(basename(exe), basename(argv[0])));
	fd = open("/proc/self/exe", O_RDONLY);
	CHECK("/proc/self/exe can be opened", fd >= 0);
	CHECK("and starts with the ELF magic", read(fd, buf, 4) == 4 && !memcmp(buf, "\177ELF", 4));
	close(fd);
	EXPECT_ERRNO("readlink through a file that is no directory", readlink("/proc/self/exe/x", exe, 10), ENOTDIR);
	(void)argc;
	return failures;
}
