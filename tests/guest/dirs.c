/* Directories: mkdir, getdents64, the working directory, rmdir, the *at calls,
 * and /proc/self/exe. */
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

/* Lists a directory with the raw getdents64 call, sorted. */
static void list(const char *path)
{
	char buf[1024], *names[64];
	int n = 0, fd = open(path, O_RDONLY | O_DIRECTORY);
	long len;

	while ((len = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
		for (long off = 0; off < len;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);
			names[n++] = strdup(d->d_name);
			off += d->d_reclen;
		}
	}
	close(fd);
	qsort(names, n, sizeof names[0], cmp);
	printf("%s:", path);
	for (int i = 0; i < n; i++) {
		printf(" %s", names[i]);
		free(names[i]);
	}
	printf("\n");
}

int main(int argc, char **argv)
{
	char cwd[4096], exe[4096];
	struct stat st;

	CHECK("mkdir", mkdir("top", 0755) == 0);
	EXPECT_ERRNO("mkdir again", mkdir("top", 0755), EEXIST);
	CHECK("mkdirat", mkdirat(AT_FDCWD, "top/sub", 0700) == 0);
	for (int i = 0; i < 20; i++) {
		char name[32];
		snprintf(name, sizeof name, "top/file%02d", i);
		close(open(name, O_CREAT | O_WRONLY, 0644));
	}
	list("top");
	CHECK("stat of a directory", stat("top/sub", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK("chdir", chdir("top") == 0);
	CHECK("getcwd ends in top", getcwd(cwd, sizeof cwd) && !strcmp(basename(cwd), "top"));
	CHECK("relative paths follow chdir", access("file00", F_OK) == 0);
	int dfd = open("sub", O_RDONLY | O_DIRECTORY);
	CHECK("fchdir", fchdir(dfd) == 0 && getcwd(cwd, sizeof cwd) && !strcmp(basename(cwd), "sub"));
	EXPECT_ERRNO("getcwd into a small buffer", syscall(SYS_getcwd, cwd, 2), ERANGE);
	CHECK("chdir ..", chdir("..") == 0);
	int tfd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK("openat relative to a directory fd", openat(dfd, "inner", O_CREAT | O_WRONLY, 0644) >= 0);
	CHECK("renameat", renameat(dfd, "inner", tfd, "moved") == 0 && access("moved", F_OK) == 0);
	CHECK("unlinkat", unlinkat(tfd, "moved", 0) == 0);
	EXPECT_ERRNO("rmdir of a non-empty directory", rmdir("../top"), ENOTEMPTY);
	EXPECT_ERRNO("chdir into a file", chdir("file00"), ENOTDIR);
	for (int i = 0; i < 20; i++) {
		char name[32];
		snprintf(name, sizeof name, "file%02d", i);
		unlink(name);
	}
	CHECK("unlinkat AT_REMOVEDIR", unlinkat(AT_FDCWD, "sub", AT_REMOVEDIR) == 0);
	chdir("..");
	CHECK("rmdir", rmdir("top") == 0);
	list(".");
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	exe[n > 0 ? n : 0] = 0;
	CHECK("/proc/self/exe is this program", n > 0 && exe[0] == '/' &&
	      !strcmp(basename(exe), basename(argv[0])));
	CHECK("/proc/self/exe can be opened", open("/proc/self/exe", O_RDONLY) >= 0);
	EXPECT_ERRNO("readlink of a file that is no link", readlink("/proc/self/exe/x", exe, 10), ENOTDIR);
	(void)argc;
	return failures;
}
