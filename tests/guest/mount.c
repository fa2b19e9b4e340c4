/* mount(2) of a tmpfs and umount2(2): what lands in it, what statfs, stat,
 * mountinfo, getcwd and /proc/self/fd say of it, and the errors in Linux's order.
 * Everything is mounted under the working directory and unmounted again. Without
 * the privilege to mount (an unprivileged CI), natively: SKIP. */
#include "check.h"
#include "mounts.h"
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#define TMPFS_MAGIC 0x01021994

static char cwd[4096];

static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		return -1;
	while (readdir(d))
		n++;
	closedir(d);
	return n - 2;
}

/* The mountinfo line whose mount point is cwd/rel, with that prefix cut to "./". */
static int mountinfo_line(const char *rel, char *out, size_t size)
{
	char line[4096], want[4200];
	FILE *f = fopen("/proc/self/mountinfo", "r");
	int found = 0;

	snprintf(want, sizeof want, " %s/%s ", cwd, rel);
	while (f && fgets(line, sizeof line, f))
		if (strstr(line, want)) {
			snprintf(out, size, "%s", line);
			found++;
		}
	if (f)
		fclose(f);
	return found;
}

/* The fields of a mountinfo line that do not depend on the machine: root, the
 * mount point under cwd, mount options, and what follows "-". */
static void show_mountinfo(const char *rel)
{
	char line[4096], root[4096], point[4096], opts[512], *dash;
	int id, parent;

	if (mountinfo_line(rel, line, sizeof line) != 1) {
		printf("mountinfo %s: %d lines\n", rel, mountinfo_line(rel, line, sizeof line));
		failures++;
		return;
	}
	sscanf(line, "%d %d %*s %4095s %4095s %511s", &id, &parent, root, point, opts);
	dash = strstr(line, " - ");
	printf("mountinfo %s: root %s point .%s opts %s then%s", rel, root,
	       point + strlen(cwd), opts, dash ? dash + 2 : "?\n");
}

/* statx's stx_mnt_id (musl has no statx: the raw call and its layout) */
static int mnt_id_of(const char *path)
{
	uint64_t stx[32];

	if (syscall(332 /* statx */, AT_FDCWD, path, 0, 0x1000 /* STATX_MNT_ID */, stx) < 0 ||
	    !(stx[0] & 0x1000))
		return -1;
	return (int)stx[144 / 8];
}

static int parent_of(const char *rel)
{
	char line[4096];
	int id, parent;

	if (mountinfo_line(rel, line, sizeof line) != 1 || sscanf(line, "%d %d", &id, &parent) != 2)
		return -1;
	return parent;
}

static void tmpfs_basics(void)
{
	struct stat st, parent;
	struct statfs sfs;
	char buf[64] = "";
	int fd;

	mkdir("t", 0755);
	int before = mnt_id_of(".");
	CHECK("mount tmpfs", mount("src", "t", "tmpfs", 0, "size=1m,nr_inodes=100,mode=700") == 0);
	show_mountinfo("t");
	CHECK("parent is the mount of the directory below", parent_of("t") == before);
	CHECK("statx mnt_id of a file in it is its id", mnt_id_of("t") != before);
	CHECK("statfs f_type", statfs("t", &sfs) == 0 && sfs.f_type == TMPFS_MAGIC);
	printf("statfs blocks %ld bsize %ld files %ld\n", (long)sfs.f_blocks, (long)sfs.f_bsize,
	       (long)sfs.f_files);
	CHECK("root mode", stat("t", &st) == 0 && (st.st_mode & 07777) == 0700);
	CHECK("st_dev differs from the parent", stat(".", &parent) == 0 && st.st_dev != parent.st_dev);
	fd = open("t/file", O_RDWR | O_CREAT, 0644);
	CHECK("create in it", fd >= 0 && write(fd, "hello", 5) == 5);
	CHECK("read back", pread(fd, buf, sizeof buf, 0) == 5 && !memcmp(buf, "hello", 5));
	CHECK("fstat st_dev is the mount's", fstat(fd, &parent) == 0 && parent.st_dev == st.st_dev);
	CHECK("fstatfs f_type", fstatfs(fd, &sfs) == 0 && sfs.f_type == TMPFS_MAGIC);
	printf("after one small file: blocks free %ld of %ld, files free %ld, flags %#lx\n",
	       (long)sfs.f_bfree, (long)sfs.f_blocks, (long)sfs.f_ffree, (long)sfs.f_flags);
	char fdlink[64], target[4096];
	snprintf(fdlink, sizeof fdlink, "/proc/self/fd/%d", fd);
	ssize_t n = readlink(fdlink, target, sizeof target - 1);
	target[n > 0 ? n : 0] = '\0';
	printf("fd link: .%s\n", strncmp(target, cwd, strlen(cwd)) ? target : target + strlen(cwd));
	close(fd);
	CHECK("mkdir in it", mkdir("t/sub", 0755) == 0);
	CHECK("chdir into it", chdir("t/sub") == 0);
	CHECK("getcwd is under the mount point", getcwd(target, sizeof target) &&
	      !strncmp(target, cwd, strlen(cwd)) && !strcmp(target + strlen(cwd), "/t/sub"));
	CHECK("relative open", access("../file", R_OK) == 0);
	CHECK(".. at the mount root leaves it", chdir("../..") == 0 && getcwd(target, sizeof target) &&
	      !strcmp(target, cwd));
	CHECK("rename across mounts is EXDEV", rename("t/file", "moved") == -1 && errno == EXDEV);
	CHECK("link across mounts is EXDEV", link("t/file", "linked") == -1 && errno == EXDEV);
	CHECK("rename inside it", rename("t/file", "t/file2") == 0);
	printf("entries in the tmpfs: %d\n", entries("t"));
	CHECK("umount", umount("t") == 0);
	printf("entries after umount: %d\n", entries("t"));
	CHECK("no mountinfo line after", mountinfo_line("t", buf, sizeof buf) == 0);
	EXPECT_ERRNO("umount again: not a mount point", umount("t"), EINVAL);
}

static void errors(void)
{
	mkdir("e", 0755);
	close(open("e/file", O_CREAT | O_WRONLY, 0644));
	EXPECT_ERRNO("unknown type", mount("x", "e", "nosuchfs", 0, NULL), ENODEV);
	EXPECT_ERRNO("no type", mount("x", "e", NULL, 0, NULL), EINVAL);
	EXPECT_ERRNO("missing target", mount("x", "nosuch", "tmpfs", 0, NULL), ENOENT);
	EXPECT_ERRNO("target under a file", mount("x", "e/file/x", "tmpfs", 0, NULL), ENOTDIR);
	EXPECT_ERRNO("tmpfs on a file", mount("x", "e/file", "tmpfs", 0, NULL), ENOTDIR);
	EXPECT_ERRNO("bad tmpfs option", mount("x", "e", "tmpfs", 0, "nosuchoption=1"), EINVAL);
	EXPECT_ERRNO("bad target pointer", mount("x", (char *)8, "tmpfs", 0, NULL), EFAULT);
	EXPECT_ERRNO("bad type pointer", mount("x", "e", (char *)8, 0, NULL), EFAULT);
	EXPECT_ERRNO("ext4 without a device", mount("e/nosuchdev", "e", "ext4", 0, NULL), ENOENT);
	EXPECT_ERRNO("ext4 on a regular file", mount("e/file", "e", "ext4", 0, NULL), ENOTBLK);
	EXPECT_ERRNO("bind of nothing", mount("nosuch", "e", NULL, MS_BIND, NULL), ENOENT);
	EXPECT_ERRNO("bind without a source", mount(NULL, "e", NULL, MS_BIND, NULL), EINVAL);
	EXPECT_ERRNO("remount of a non-mount", mount(NULL, "e", NULL, MS_REMOUNT, NULL), EINVAL);
	EXPECT_ERRNO("propagation of a non-mount", mount(NULL, "e", NULL, MS_PRIVATE, NULL), EINVAL);
	EXPECT_ERRNO("umount of a non-mount", umount("e"), EINVAL);
	EXPECT_ERRNO("umount2 bad flags", umount2("e", 0x100), EINVAL);
	EXPECT_ERRNO("umount2 missing", umount2("nosuch", 0), ENOENT);
	EXPECT_ERRNO("MNT_EXPIRE with MNT_DETACH", (mount("x", "e", "tmpfs", 0, NULL),
		     umount2("e", MNT_EXPIRE | MNT_DETACH)), EINVAL);
	EXPECT_ERRNO("MNT_EXPIRE first marks", umount2("e", MNT_EXPIRE), EAGAIN);
	CHECK("MNT_EXPIRE second unmounts", umount2("e", MNT_EXPIRE) == 0);
	EXPECT_ERRNO("two propagation types", (mount("x", "e", "tmpfs", 0, NULL),
		     mount(NULL, "e", NULL, MS_PRIVATE | MS_SHARED, NULL)), EINVAL);
	CHECK("umount", umount("e") == 0);
}

/* A child without CAP_SYS_ADMIN in its effective set. */
static void unprivileged(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct { unsigned version; int pid; } h = { 0x20080522, 0 }; /* version 3 */
		struct { unsigned effective, permitted, inheritable; } d[2];
		syscall(SYS_capget, &h, d);
		d[0].effective &= ~(1U << 21) /* CAP_SYS_ADMIN */;
		if (syscall(SYS_capset, &h, d) < 0)
			_exit(10);
		mkdir("p", 0755);
		if (mount("x", "p", "tmpfs", 0, NULL) == 0 || errno != EPERM)
			_exit(11);
		if (mount("x", "nosuch", "tmpfs", 0, NULL) == 0 || errno != ENOENT)
			_exit(12); /* the target is looked up first */
		if (umount("p") == 0 || errno != EPERM)
			_exit(13);
		if (umount2("p", 0x100) == 0 || errno != EINVAL)
			_exit(14); /* flags are checked first */
		_exit(0);
	}
	int status;
	waitpid(pid, &status, 0);
	printf("without CAP_SYS_ADMIN: exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* CLONE_NEWNS: a child's copy of the table, private (after MS_PRIVATE on /, as
 * unshare -m does, so that a shared host root propagates nothing either way). */
static void namespaces(void)
{
	char line[4096];
	int status;

	mkdir("pm", 0755);
	mkdir("cm", 0755);
	CHECK("mount before the copy", mount("pm", "pm", "tmpfs", 0, NULL) == 0);
	pid_t pid = fork();
	if (pid == 0) {
		if (unshare(CLONE_NEWNS) < 0)
			_exit(10);
		if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
			_exit(11);
		if (mountinfo_line("pm", line, sizeof line) != 1)
			_exit(12); /* the copy has the parent's mounts */
		if (mount("cm", "cm", "tmpfs", 0, NULL) < 0 || close(open("cm/x", O_CREAT | O_WRONLY, 0644)))
			_exit(13);
		if (umount("pm") < 0)
			_exit(14);
		if (mountinfo_line("cm", line, sizeof line) != 1 || mountinfo_line("pm", line, sizeof line))
			_exit(15);
		_exit(0); /* its namespace, and the tmpfs on cm, go with it */
	}
	waitpid(pid, &status, 0);
	printf("child in its own mount namespace: exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	CHECK("the child's mount is not here", mountinfo_line("cm", line, sizeof line) == 0 &&
	      access("cm/x", F_OK) == -1);
	CHECK("the child's umount is not here", mountinfo_line("pm", line, sizeof line) == 1);
	CHECK("umount pm", umount("pm") == 0);
}

int main(void)
{
	int probe;

	getcwd(cwd, sizeof cwd);
	if ((probe = mount_probe()))
		return probe;
	tmpfs_basics();
	errors();
	unprivileged();
	namespaces();
	return failures;
}
