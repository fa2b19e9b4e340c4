/* The status of /proc paths through every path-taking call (stat, lstat, fstatat,
 * statx, access, chdir, fchdir, getcwd, statfs, openat relative to a /proc
 * directory, getdents64 there), compared with the real kernel: only the fields it
 * decides the same way each run (file type, permission bits, sizes of 0, where
 * links lead). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/vfs.h>
#include <unistd.h>

static char type(mode_t m)
{
	return S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISREG(m) ? '-' : '?';
}

static void show(const char *path)
{
	struct stat st, lst;

	if (lstat(path, &lst) < 0) {
		printf("%s: lstat %s\n", path, strerror(errno));
		return;
	}
	int s = stat(path, &st);
#ifdef STATX_BASIC_STATS /* glibc; musl has no statx */
	struct statx stx;
	int x = statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &stx);
	int agrees = x == 0 && stx.stx_mode == lst.st_mode && stx.stx_ino == lst.st_ino;
#else
	int agrees = 1;
#endif
	printf("%s: lstat %c%04o", path, type(lst.st_mode), lst.st_mode & 07777);
	if (S_ISREG(lst.st_mode))
		printf(" size %s", lst.st_size ? "nonzero" : "0");
	if (s == 0)
		printf(", stat %c%s", type(st.st_mode),
		       S_ISDIR(st.st_mode) ? (st.st_nlink >= 2 ? " nlink>=2" : " nlink<2") : "");
	else
		printf(", stat %s", strerror(errno));
	printf(", statx %s", agrees ? "agrees" : "differs");
	printf(", access R %d X %d\n", access(path, R_OK), access(path, X_OK));
}

/* Whether dirfd lists name, with the inode number fstatat gives it. */
static int has_entry(int dirfd, const char *name)
{
	DIR *d = fdopendir(dup(dirfd));
	struct dirent *e;
	struct stat st;
	int found = 0;

	while (d && (e = readdir(d)))
		found |= !strcmp(e->d_name, name) && !fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) &&
			 st.st_ino == e->d_ino;
	if (d)
		closedir(d);
	return found;
}

int main(void)
{
	static const char *const paths[] = {
		"/proc", "/proc/self", "/proc/thread-self", "/proc/self/", "/proc/self/status",
		"/proc/self/stat", "/proc/self/statm", "/proc/self/maps", "/proc/self/cmdline",
		"/proc/self/comm", "/proc/self/environ", "/proc/self/exe", "/proc/self/cwd",
		"/proc/self/root", "/proc/self/fd", "/proc/self/fd/1", "/proc/self/task",
		"/proc/self/oom_score_adj", "/proc/self/timerslack_ns", "/proc/self/coredump_filter",
		"/proc/sys", "/proc/sys/kernel", "/proc/sys/kernel/osrelease",
		"/proc/sys/kernel/pid_max", "/proc/sys/vm/max_map_count", "/proc/sys/vm/drop_caches",
		"/proc/sys/fs/pipe-max-size", "/proc/meminfo", "/proc/version", "/proc/uptime",
		"/proc/self/nonexistent", "/proc/self/status/x", "/proc/999999999",
		"/proc/self/../self/comm", "/sys/devices/system/cpu",
	};
	char buf[256], want[64];
	struct stat a, b;
	struct statfs sfs;

	for (size_t i = 0; i < sizeof paths / sizeof *paths; i++)
		show(paths[i]);

	/* links lead where Linux says */
	ssize_t n = readlink("/proc/self", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	printf("/proc/self is getpid: %d\n", atoi(buf) == getpid());
	printf("stat /proc/self/fd/1 is fstat 1: %d\n",
	       !stat("/proc/self/fd/1", &a) && !fstat(1, &b) && a.st_ino == b.st_ino);
	printf("stat /dev/stdout is fstat 1: %d\n",
	       !stat("/dev/stdout", &a) && !fstat(1, &b) && a.st_ino == b.st_ino);
	printf("stat /proc/self/exe is a regular file: %d\n",
	       !stat("/proc/self/exe", &a) && S_ISREG(a.st_mode));
	snprintf(want, sizeof want, "/proc/%d", getpid());
	printf("/proc/self and /proc/PID are one inode: %d\n",
	       !stat(want, &a) && !stat("/proc/self", &b) && a.st_ino == b.st_ino);

	/* statfs */
	printf("statfs /proc: %lx\n", !statfs("/proc/self", &sfs) ? (long)sfs.f_type : -1L);
	printf("statfs /sys: %lx\n", !statfs("/sys/devices", &sfs) ? (long)sfs.f_type : -1L);

	/* an open /proc file and directory */
	int fd = open("/proc/self/status", O_RDONLY);
	printf("fstat of /proc/self/status: %c%04o size %ld\n", !fstat(fd, &a) ? type(a.st_mode) : '?',
	       a.st_mode & 07777, (long)a.st_size);
	printf("fstatfs of it: %lx\n", !fstatfs(fd, &sfs) ? (long)sfs.f_type : -1L);
	close(fd);
	int dir = open("/proc/self", O_RDONLY | O_DIRECTORY);
	printf("fstat of /proc/self dir: %c%04o\n", !fstat(dir, &a) ? type(a.st_mode) : '?',
	       a.st_mode & 07777);
	printf("/proc/self lists status, fd, task: %d %d %d\n", has_entry(dir, "status"),
	       has_entry(dir, "fd"), has_entry(dir, "task"));
	fd = openat(dir, "comm", O_RDONLY);
	n = fd < 0 ? -1 : read(fd, buf, sizeof buf);
	printf("openat(/proc/self, comm) reads: %d\n", n > 0);
	close(fd);
	printf("fstatat(/proc/self, stat): %d, faccessat(R_OK): %d\n",
	       fstatat(dir, "stat", &a, 0) == 0 && S_ISREG(a.st_mode), faccessat(dir, "stat", R_OK, 0));
	n = readlinkat(dir, "exe", buf, sizeof buf);
	printf("readlinkat(/proc/self, exe): %d\n", n > 0);
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", dir);
	n = readlink(link, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	printf("the /proc/self descriptor's link is /proc/PID: %d\n", !strcmp(buf, want));

	/* the working directory in /proc */
	printf("chdir /proc/self: %d\n", chdir("/proc/self"));
	printf("getcwd is /proc/PID: %d\n", getcwd(buf, sizeof buf) && !strcmp(buf, want));
	fd = open("status", O_RDONLY);
	printf("open(status) there: %d\n", fd >= 0);
	close(fd);
	printf("stat(fd/1): %d, access(comm, R_OK): %d\n", stat("fd/1", &a) == 0, access("comm", R_OK));
	printf("open(../self/comm): %d\n", (fd = open("../self/comm", O_RDONLY)) >= 0);
	close(fd);
	int r1 = chdir("task"), r2 = chdir(".."), r3 = chdir("/");
	printf("chdir(task): %d, chdir(..): %d, chdir(/): %d\n", r1, r2, r3);
	printf("fchdir(/proc/self): %d\n", fchdir(dir));
	printf("open(maps) there: %d\n", (fd = open("maps", O_RDONLY)) >= 0);
	close(fd);
	printf("chdir(status): %s\n", chdir("status") ? strerror(errno) : "ok");
	chdir("/");
	close(dir);
	return 0;
}
