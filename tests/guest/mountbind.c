/* Bind mounts (of a directory, of a file, MS_REC), remounts (MS_RDONLY gives
 * EROFS, MS_NOEXEC gives EACCES at execve), MS_MOVE, propagation flags in
 * mountinfo, and umount2's EBUSY, MNT_DETACH. Under the working directory, all
 * undone at the end; natively without privilege: SKIP. */
#include "check.h"
#include "mounts.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char cwd[4096];

static int write_file(const char *path, const char *text, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0)
		return -1;
	int r = write(fd, text, strlen(text)) == (ssize_t)strlen(text) ? 0 : -1;
	close(fd);
	return r;
}

static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return (int)n;
}

/* Peer group numbers depend on the machine's other mounts: shown as N. */
static void mask_digits(char *s)
{
	for (; *s; s++)
		if (*s >= '0' && *s <= '9')
			*s = 'N';
}

/* The optional fields and the mount options of cwd/rel's mountinfo line; for a
 * bind of a host directory, the host's filesystem is the machine's: left out. */
static void show_line(const char *rel, int host)
{
	char line[4096], want[4200], opts[256], *dash;
	FILE *f = fopen("/proc/self/mountinfo", "r");
	int n = 0;

	snprintf(want, sizeof want, " %s/%s ", cwd, rel);
	while (f && fgets(line, sizeof line, f)) {
		char *at = strstr(line, want);
		if (!at)
			continue;
		n++;
		sscanf(at + strlen(want), "%255s", opts);
		dash = strstr(line, " - ");
		*dash = '\0';
		char *opt = at + strlen(want) + strlen(opts);
		char root[4096];
		sscanf(line, "%*d %*d %*s %4095s", root);
		mask_digits(opt);
		if (host)
			opts[2] = '\0'; /* ro or rw */
		printf("%s: root %s opts %s optional [%s] fs %s", rel,
		       strncmp(root, cwd, strlen(cwd)) ? root : root + strlen(cwd), opts,
		       *opt ? opt + 1 : "", host ? "(the host's)\n" : dash + 3);
	}
	if (f)
		fclose(f);
	if (!n)
		printf("%s: no line\n", rel);
}

static int run(const char *path)
{
	pid_t pid = fork();
	int status;

	if (pid == 0) {
		char *argv[] = { (char *)path, NULL }, *envp[] = { NULL };
		execve(path, argv, envp);
		_exit(errno == EACCES ? 100 : 101);
	}
	waitpid(pid, &status, 0);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void binds(void)
{
	char buf[256];

	mkdir("src", 0755);
	mkdir("src/sub", 0755);
	write_file("src/a", "from src\n", 0644);
	write_file("single", "one file\n", 0644);
	mkdir("dst", 0755);
	write_file("filedst", "", 0644);
	CHECK("bind a directory", mount("src", "dst", NULL, MS_BIND, NULL) == 0);
	CHECK("its file through the bind", read_file("dst/a", buf, sizeof buf) > 0 && !strcmp(buf, "from src\n"));
	CHECK("a write through it lands in the source", write_file("dst/b", "new\n", 0644) == 0 &&
	      read_file("src/b", buf, sizeof buf) > 0);
	show_line("dst", 1);
	EXPECT_ERRNO("rename from a bind to its source is EXDEV", rename("dst/b", "src/c"), EXDEV);
	CHECK("bind a file", mount("single", "filedst", NULL, MS_BIND, NULL) == 0);
	CHECK("the file through it", read_file("filedst", buf, sizeof buf) > 0 && !strcmp(buf, "one file\n"));
	EXPECT_ERRNO("a directory on a file", mount("src", "filedst", NULL, MS_BIND, NULL), ENOTDIR);
	CHECK("umount the file bind", umount("filedst") == 0);
	CHECK("the file is itself again", read_file("filedst", buf, sizeof buf) == 0);

	/* read-only: a bind remount changes the mount, not the filesystem */
	CHECK("remount,bind,ro", mount(NULL, "dst", NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) == 0);
	show_line("dst", 1);
	EXPECT_ERRNO("write open on a read-only mount", open("dst/a", O_WRONLY), EROFS);
	EXPECT_ERRNO("create on it", open("dst/new", O_WRONLY | O_CREAT, 0644), EROFS);
	EXPECT_ERRNO("mkdir on it", mkdir("dst/d", 0755), EROFS);
	EXPECT_ERRNO("unlink on it", unlink("dst/a"), EROFS);
	EXPECT_ERRNO("chmod on it", chmod("dst/a", 0600), EROFS);
	EXPECT_ERRNO("missing file without O_CREAT", open("dst/none", O_WRONLY), ENOENT);
	CHECK("read still works", read_file("dst/a", buf, sizeof buf) > 0);
	CHECK("the source stays writable", write_file("src/a", "changed\n", 0644) == 0);
	CHECK("remount,bind rw", mount(NULL, "dst", NULL, MS_REMOUNT | MS_BIND, NULL) == 0);
	CHECK("writable again", write_file("dst/a", "again\n", 0644) == 0);

	/* MS_REC: a mount below the source comes along */
	CHECK("tmpfs below the source", mount("inner", "src/sub", "tmpfs", 0, NULL) == 0);
	write_file("src/sub/x", "inner\n", 0644);
	mkdir("rec", 0755);
	mkdir("norec", 0755);
	CHECK("rbind", mount("src", "rec", NULL, MS_BIND | MS_REC, NULL) == 0);
	CHECK("bind without MS_REC", mount("src", "norec", NULL, MS_BIND, NULL) == 0);
	CHECK("rbind has the submount", access("rec/sub/x", F_OK) == 0);
	EXPECT_ERRNO("plain bind has the directory below", access("norec/sub/x", F_OK), ENOENT);
	show_line("rec/sub", 0);
	EXPECT_ERRNO("umount with a submount is EBUSY", umount("rec"), EBUSY);
	CHECK("umount rec/sub", umount("rec/sub") == 0);
	CHECK("umount rec", umount("rec") == 0);
	CHECK("umount norec", umount("norec") == 0);
	CHECK("umount src/sub", umount("src/sub") == 0);
	CHECK("umount dst", umount("dst") == 0);
	printf("dst after umount: %s\n", access("dst/a", F_OK) ? "empty" : "not empty");

	/* a source that is a link in a tmpfs leading out of it */
	char target[4200];
	mkdir("lk", 0755);
	mkdir("lt", 0755);
	CHECK("tmpfs for a link", mount("lk", "lk", "tmpfs", 0, NULL) == 0);
	snprintf(target, sizeof target, "%s/src", cwd);
	CHECK("a link out of it", symlink(target, "lk/out") == 0);
	CHECK("bind through the link", mount("lk/out", "lt", NULL, MS_BIND, NULL) == 0);
	CHECK("the link's target at the bind", access("lt/a", F_OK) == 0);
	show_line("lt", 1);
	CHECK("umount lt", umount("lt") == 0);
	CHECK("umount lk", umount("lk") == 0);
}

static void remount_flags(void)
{
	mkdir("x", 0755);
	CHECK("tmpfs noexec", mount("t", "x", "tmpfs", MS_NOEXEC | MS_NOSUID, NULL) == 0);
	write_file("x/prog", "#!/bin/sh\nexit 7\n", 0755);
	show_line("x", 0);
	printf("execve on noexec: %d\n", run("x/prog"));
	CHECK("remount exec", mount(NULL, "x", NULL, MS_REMOUNT, NULL) == 0);
	show_line("x", 0);
	printf("execve after remount: %d\n", run("x/prog"));
	CHECK("remount ro", mount(NULL, "x", NULL, MS_REMOUNT | MS_RDONLY, NULL) == 0);
	show_line("x", 0);
	EXPECT_ERRNO("write on a read-only tmpfs", open("x/prog", O_WRONLY), EROFS);
	EXPECT_ERRNO("truncate on it", truncate("x/prog", 0), EROFS);
	CHECK("remount rw with a size", mount(NULL, "x", NULL, MS_REMOUNT, "size=2m") == 0);
	show_line("x", 0);
	CHECK("writable", write_file("x/prog", "", 0755) == 0);

	/* propagation */
	CHECK("make shared", mount(NULL, "x", NULL, MS_SHARED, NULL) == 0);
	mkdir("y", 0755);
	CHECK("bind of a shared mount", mount("x", "y", NULL, MS_BIND, NULL) == 0);
	show_line("y", 0);
	CHECK("make y a slave", mount(NULL, "y", NULL, MS_SLAVE, NULL) == 0);
	show_line("y", 0);
	CHECK("make y private", mount(NULL, "y", NULL, MS_PRIVATE, NULL) == 0);
	CHECK("make y unbindable", mount(NULL, "y", NULL, MS_UNBINDABLE, NULL) == 0);
	show_line("y", 0);
	mkdir("z", 0755);
	EXPECT_ERRNO("bind of an unbindable mount", mount("y", "z", NULL, MS_BIND, NULL), EINVAL);
	CHECK("umount y", umount("y") == 0);
	CHECK("make x private", mount(NULL, "x", NULL, MS_PRIVATE, NULL) == 0);

	/* MS_MOVE */
	CHECK("move x to z", mount("x", "z", NULL, MS_MOVE, NULL) == 0);
	CHECK("its files at z", access("z/prog", F_OK) == 0);
	CHECK("nothing at x", access("x/prog", F_OK) == -1);
	show_line("z", 0);
	EXPECT_ERRNO("move of a non-mount", mount("x", "y", NULL, MS_MOVE, NULL), EINVAL);

	/* busy: a working directory, an open file */
	CHECK("chdir into z", chdir("z") == 0);
	EXPECT_ERRNO("umount with cwd inside is EBUSY", umount("../z"), EBUSY);
	CHECK("chdir out", chdir("..") == 0);
	int fd = open("z/prog", O_RDONLY);
	EXPECT_ERRNO("umount with a file open is EBUSY", umount("z"), EBUSY);
	CHECK("MNT_DETACH anyway", umount2("z", MNT_DETACH) == 0);
	char buf[64];
	CHECK("the open file still reads", pread(fd, buf, sizeof buf, 0) == 0);
	close(fd);
	printf("z after detach: %s\n", access("z/prog", F_OK) ? "empty" : "not empty");
}

int main(void)
{
	int probe;

	getcwd(cwd, sizeof cwd);
	if ((probe = mount_probe()))
		return probe;
	/* the working directory's own mount may be shared: binds below would be too */
	binds();
	remount_flags();
	return failures;
}
