/* mkdir, rmdir, unlink, rename and their *at forms: Linux's fs/namei.c; and the
 * -L prefix every path lookup goes through first. */
#include <emu/cgroup.h>
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/net.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* -L DIR or EMU_LD_PREFIX, as qemu-user's -L: a root for another system's files
 * (its dynamic linker, libraries, /etc/ld.so.cache), absolute, "" when unset. */
static char ld_prefix[PATH_MAX];

int set_ld_prefix(const char *dir)
{
	char *abs = realpath(dir, NULL);
	struct stat st;

	if (!abs)
		return -errno;
	if (stat(abs, &st) < 0 || !S_ISDIR(st.st_mode)) {
		free(abs);
		return -ENOTDIR;
	}
	snprintf(ld_prefix, sizeof ld_prefix, "%s", strcmp(abs, "/") ? abs : "");
	free(abs);
	return 0;
}

void ld_prefix_path(char *path)
{
	char full[PATH_MAX];
	struct stat st;

	if (!ld_prefix[0] || path[0] != '/' || !path[1])
		return;
	if (snprintf(full, sizeof full, "%s%s", ld_prefix, path) >= (int)sizeof full)
		return;
	if (!lstat(full, &st))
		memcpy(path, full, strlen(full) + 1);
}

/* A path of emu's /sys/fs/cgroup, where mkdir and rmdir make and remove groups
 * (kernel/cgroup/cgroup.c): 1 with *rel below it, 0 for any other path, or -errno. */
static int cgroup_path_at(int dirfd, uint64_t upath, char *path, const char **rel)
{
	int dir, r = path_lookup(dirfd, upath, AT_SYMLINK_NOFOLLOW, path, &dir);

	if (r < 0)
		return r;
	if (r == LOOKUP_PROC) {
		size_t n = strlen(path);
		if (n > 1 && path[n - 1] == '/')
			path[n - 1] = '\0'; /* "mkdir x/" names x */
		if (is_cgroup_path(path, rel))
			return 1;
	}
	return 0;
}

/* unlink in /sys/fs/cgroup: kernfs removes nothing that way. */
static long cgroup_unlink(const char *rel)
{
	bool dir;
	unsigned mode;

	if (cgroupfs_node(rel, &dir, &mode))
		return -ENOENT;
	return dir ? -EISDIR : -EPERM;
}

static long do_mkdirat(int dirfd, uint64_t upath, unsigned mode)
{
	char path[PATH_MAX];
	const char *rel;
	int dir, err = cgroup_path_at(dirfd, upath, path, &rel);

	if (err)
		return err < 0 ? err : cgroup_mkdir(rel, mode);
	if ((err = user_path_at(dirfd, upath, AT_SYMLINK_NOFOLLOW, path, &dir)))
		return err;
	return host_ret(mkdirat(dir, path, mode & ~current->fs->umask & 07777));
}

SYSCALL_DEFINE2(mkdir, uint64_t, path, unsigned, mode)
{
	return do_mkdirat(AT_FDCWD, path, mode);
}

SYSCALL_DEFINE3(mkdirat, int, dirfd, uint64_t, path, unsigned, mode)
{
	return do_mkdirat(dirfd, path, mode);
}

/* mknod: FIFOs (emu's pipes carry their data: kernel/pipe.c), regular files and
 * sockets are made on the host; devices are EPERM, as for a process without
 * CAP_MKNOD, whatever the guest's capabilities: emu does not make device nodes
 * on the host. */
static long do_mknodat(int dirfd, uint64_t upath, unsigned mode, unsigned dev)
{
	char path[PATH_MAX];
	int dir, err;
	unsigned perm = mode & 07777 & ~current->fs->umask;

	switch (mode & S_IFMT) {
	case 0:
	case S_IFREG:
	case S_IFIFO:
	case S_IFSOCK:
		break;
	case S_IFCHR:
	case S_IFBLK:
		return -EPERM;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	if ((err = user_path_at(dirfd, upath, AT_SYMLINK_NOFOLLOW, path, &dir)))
		return err;
	if ((mode & S_IFMT) == S_IFIFO)
		return host_ret(mkfifoat(dir, path, perm));
	if ((mode & S_IFMT) == S_IFSOCK)
		return host_ret(mknodat(dir, path, S_IFSOCK | perm, 0));
	int fd = openat(dir, path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, perm);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

SYSCALL_DEFINE3(mknod, uint64_t, path, unsigned, mode, unsigned, dev)
{
	return do_mknodat(AT_FDCWD, path, mode, dev);
}

SYSCALL_DEFINE4(mknodat, int, dirfd, uint64_t, path, unsigned, mode, unsigned, dev)
{
	return do_mknodat(dirfd, path, mode, dev);
}

static long do_unlinkat(int dirfd, uint64_t upath, int flags)
{
	char path[PATH_MAX];
	struct stat st;
	int dir, err;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	const char *rel;
	if ((err = cgroup_path_at(dirfd, upath, path, &rel)))
		return err < 0 ? err : (flags & AT_REMOVEDIR) ? cgroup_rmdir(rel) : cgroup_unlink(rel);
	if ((err = user_path_at(dirfd, upath, AT_SYMLINK_NOFOLLOW, path, &dir)))
		return err;
	bool sock = !(flags & AT_REMOVEDIR) && !fstatat(dir, path, &st, AT_SYMLINK_NOFOLLOW) &&
		    S_ISSOCK(st.st_mode);
	if (unlinkat(dir, path, flags) < 0)
		return -errno;
	if (sock)
		unix_unlink_name(st.st_dev, st.st_ino); /* a bound socket's name goes with it */
	return 0;
}

SYSCALL_DEFINE1(rmdir, uint64_t, path)
{
	return do_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

SYSCALL_DEFINE1(unlink, uint64_t, path)
{
	return do_unlinkat(AT_FDCWD, path, 0);
}

SYSCALL_DEFINE3(unlinkat, int, dirfd, uint64_t, path, int, flags)
{
	return do_unlinkat(dirfd, path, flags);
}

static long do_renameat2(int olddirfd, uint64_t uold, int newdirfd, uint64_t unew,
			 unsigned flags)
{
	char oldpath[PATH_MAX], newpath[PATH_MAX];
	int olddir, newdir, err;

	if ((err = user_path_at(olddirfd, uold, AT_SYMLINK_NOFOLLOW, oldpath, &olddir)) ||
	    (err = user_path_at(newdirfd, unew, AT_SYMLINK_NOFOLLOW, newpath, &newdir)))
		return err;
	return host_ret(syscall(SYS_renameat2, olddir, oldpath, newdir, newpath, flags));
}

SYSCALL_DEFINE2(rename, uint64_t, oldpath, uint64_t, newpath)
{
	return do_renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

SYSCALL_DEFINE4(renameat, int, olddirfd, uint64_t, oldpath, int, newdirfd, uint64_t, newpath)
{
	return do_renameat2(olddirfd, oldpath, newdirfd, newpath, 0);
}

SYSCALL_DEFINE5(renameat2, int, olddirfd, uint64_t, oldpath, int, newdirfd, uint64_t, newpath,
		unsigned, flags)
{
	return do_renameat2(olddirfd, oldpath, newdirfd, newpath, flags);
}

static long do_symlinkat(uint64_t utarget, int dirfd, uint64_t ulinkpath)
{
	char target[PATH_MAX], path[PATH_MAX];
	long len = strncpy_from_user(target, utarget, sizeof target);
	int dir, err;

	if (len < 0)
		return len;
	if ((err = user_path_at(dirfd, ulinkpath, AT_SYMLINK_NOFOLLOW, path, &dir)))
		return err;
	return host_ret(symlinkat(target, dir, path));
}

SYSCALL_DEFINE2(symlink, uint64_t, target, uint64_t, linkpath)
{
	return do_symlinkat(target, AT_FDCWD, linkpath);
}

SYSCALL_DEFINE3(symlinkat, uint64_t, target, int, dirfd, uint64_t, linkpath)
{
	return do_symlinkat(target, dirfd, linkpath);
}

static long do_linkat(int olddirfd, uint64_t uold, int newdirfd, uint64_t unew, int flags)
{
	char oldpath[PATH_MAX], newpath[PATH_MAX];
	int olddir, newdir, err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	int follow = (flags & AT_SYMLINK_FOLLOW) ? 0 : AT_SYMLINK_NOFOLLOW;

	if ((err = user_path_at(olddirfd, uold, flags | follow, oldpath, &olddir)) ||
	    (err = user_path_at(newdirfd, unew, AT_SYMLINK_NOFOLLOW, newpath, &newdir)))
		return err;
	return host_ret(linkat(olddir, oldpath, newdir, newpath, flags));
}

SYSCALL_DEFINE2(link, uint64_t, oldpath, uint64_t, newpath)
{
	return do_linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

SYSCALL_DEFINE5(linkat, int, olddirfd, uint64_t, oldpath, int, newdirfd, uint64_t, newpath,
		int, flags)
{
	return do_linkat(olddirfd, oldpath, newdirfd, newpath, flags);
}
