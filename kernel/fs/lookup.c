/* The one path lookup every path-taking system call goes through (Linux's
 * fs/namei.c path_lookupat, reduced): emu's /proc and /sys answer wherever a path
 * leads to them, and no path reaches the host's own (emu's host process, the
 * host machine's state) through "..", a symlink, a directory descriptor or
 * /dev/fd. */
#include <emu/fs.h>
#include <emu/mount.h>
#include <emu/task.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

void normalize_path(char *path)
{
	char *out = path, *in = path;

	while (*in) {
		while (*in == '/')
			in++;
		char *comp = in;
		while (*in && *in != '/')
			in++;
		size_t n = in - comp;
		if (n == 0 || (n == 1 && comp[0] == '.'))
			continue; /* a trailing slash, or "." */
		if (n == 2 && comp[0] == '.' && comp[1] == '.') {
			while (out > path && *--out != '/')
				;
			continue;
		}
		*out++ = '/';
		memmove(out, comp, n);
		out += n;
	}
	if (out == path)
		*out++ = '/';
	*out = '\0';
}

/* /dev/fd/N, /dev/stdin, /dev/stdout, /dev/stderr are symlinks into /proc/self/fd
 * on Linux: they name the guest's descriptors, never emu's. */
static void dev_fd_alias(char *path)
{
	static const char *const std[] = { "/dev/stdin", "/dev/stdout", "/dev/stderr" };
	char out[PATH_MAX];

	for (int i = 0; i < 3; i++)
		if (!strcmp(path, std[i])) {
			snprintf(path, PATH_MAX, "/proc/self/fd/%d", i);
			return;
		}
	if (!strncmp(path, "/dev/fd/", 8) || !strcmp(path, "/dev/fd")) {
		snprintf(out, sizeof out, "/proc/self/fd%s", path + 7);
		snprintf(path, PATH_MAX, "%s", out);
	}
}

const char *lookup_proc_base(int dirfd)
{
	if (dirfd == AT_FDCWD)
		return current->fs->proc_cwd[0] ? current->fs->proc_cwd : NULL;
	struct file *f = fdget(dirfd);
	return f && f->procfs ? f->path : NULL;
}

/* base/rel as one absolute, lexically normalized path: 0, or -ENAMETOOLONG. */
static int join(const char *base, const char *rel, char *out)
{
	char tmp[PATH_MAX];

	if ((size_t)snprintf(tmp, sizeof tmp, "%s/%s", base, rel) >= sizeof tmp)
		return -ENAMETOOLONG;
	normalize_path(tmp);
	strcpy(out, tmp);
	return 0;
}

/* The devices of the host's mounts at or below /proc and /sys (procfs, sysfs, and
 * whatever is mounted there: cgroups, binfmt_misc, tmpfs ...), from emu's own
 * mountinfo, read once: a stat's st_dev says whether a path landed there. */
static dev_t kernel_devs[128];
static int nr_kernel_devs = -1;

static bool under(const char *mnt, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(mnt, dir, n) && (mnt[n] == '\0' || mnt[n] == '/');
}

static void load_kernel_devs(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re"); /* emu's own */
	char line[4096], mnt[4096];
	unsigned maj, min;

	nr_kernel_devs = 0;
	while (f && fgets(line, sizeof line, f))
		if (sscanf(line, "%*d %*d %u:%u %*s %4095s", &maj, &min, mnt) == 3 &&
		    (under(mnt, "/proc") || under(mnt, "/sys")) &&
		    nr_kernel_devs < (int)(sizeof kernel_devs / sizeof *kernel_devs))
			kernel_devs[nr_kernel_devs++] = makedev(maj, min);
	if (f)
		fclose(f);
}

static bool kernel_dev(dev_t dev)
{
	for (int i = 0; i < nr_kernel_devs; i++)
		if (kernel_devs[i] == dev)
			return true;
	return false;
}

/* Without mountinfo: open the object and ask its filesystem (three host calls). */
static bool fd_reaches_host_proc(int dir, const char *path, int flags)
{
	int fd = openat(dir, path, O_PATH | O_CLOEXEC | flags);
	bool bad = fd >= 0 && is_host_procfs(fd);

	if (fd >= 0)
		close(fd);
	return bad;
}

/* Whether the object at dir/path (or, when it is not there, its parent) lies on
 * the host's /proc or /sys: one host stat in the common case. */
static bool reaches_host_proc(int dir, const char *path, bool follow)
{
	struct stat st;
	char parent[PATH_MAX];
	const char *slash = strrchr(path, '/');

	if (nr_kernel_devs < 0)
		load_kernel_devs();
	if (!nr_kernel_devs)
		return fd_reaches_host_proc(dir, path, follow ? 0 : O_NOFOLLOW);
	if (!fstatat(dir, path, &st, AT_SYMLINK_NOFOLLOW)) {
		if (kernel_dev(st.st_dev))
			return true;
		return follow && S_ISLNK(st.st_mode) && !fstatat(dir, path, &st, 0) &&
		       kernel_dev(st.st_dev);
	}
	if (errno != ENOENT || !slash)
		return false; /* the call fails on its own, or the parent is dir itself */
	snprintf(parent, sizeof parent, "%.*s", slash == path ? 1 : (int)(slash - path), path);
	return !fstatat(dir, parent, &st, 0) && kernel_dev(st.st_dev);
}

/* The host directory dir's path + "/" + path, normalized: whether it names emu's
 * /proc (then path becomes that name). */
static bool lexically_proc(int dir, char *path)
{
	char link[64], base[PATH_MAX];
	ssize_t n;

	if (path[0] == '/')
		return false; /* a symlink took it there */
	snprintf(link, sizeof link, "/proc/self/fd/%d", dir == AT_FDCWD ? current->fs->cwd_fd : dir);
	if ((n = readlink(link, base, sizeof base - 1)) < 0)
		return false;
	base[n] = '\0';
	char full[PATH_MAX];
	if (join(base, path, full) || !is_procfs_path(full))
		return false;
	strcpy(path, full);
	return true;
}

/* A path under a mount made at run time becomes the path it leads to
 * (kernel/fs/namespace.c), and the lookup remembers that mount. */
static int lookup_mounts(int dirfd, char *path)
{
	struct mount *mnt;
	int dir = path[0] == '/' ? AT_FDCWD : host_dirfd(dirfd), err;

	if (dir < 0 && dir != AT_FDCWD)
		return 0; /* a bad dirfd: EBADF below */
	err = mnt_redirect(dir, path, &mnt);
	set_lookup_mnt_last(mnt);
	return err;
}

int path_lookup(int dirfd, uint64_t upath, int flags, char *path, int *host_dir)
{
	int err = getname(upath, path, flags);
	const char *base;

	if (err)
		return err;
	dev_fd_alias(path);
	if (path[0] && path[0] != '/' && (base = lookup_proc_base(dirfd))) {
		if ((err = join(base, path, path)))
			return err;
	}
	set_lookup_mnt_last(NULL); /* no run-time mount: the root's; never a stale one */
	if (current_mnt_ns()->nr_redirects && (err = lookup_mounts(dirfd, path)))
		return err;
	if (is_procfs_path(path))
		return LOOKUP_PROC;
	*host_dir = host_dirfd(dirfd);
	if (*host_dir < 0) {
		if (path[0] != '/')
			return *host_dir; /* a relative path needs a valid dirfd */
		*host_dir = AT_FDCWD;
	}
	if (!path[0] || !reaches_host_proc(*host_dir, path, !(flags & AT_SYMLINK_NOFOLLOW)))
		return LOOKUP_HOST;
	return lexically_proc(*host_dir, path) ? LOOKUP_PROC : -EACCES;
}

int user_path_at(int dirfd, uint64_t upath, int flags, char *path, int *host_dir)
{
	int r = path_lookup(dirfd, upath, flags, path, host_dir);

	if (r == LOOKUP_HOST) /* every caller changes what it names */
		return mnt_want_write(lookup_mnt_last());
	if (r != LOOKUP_PROC)
		return r;
	if ((flags & AT_SYMLINK_NOFOLLOW) || !procfs_host_target(path))
		return -EACCES; /* emu's /proc has nothing to change */
	*host_dir = AT_FDCWD;
	return 0;
}
