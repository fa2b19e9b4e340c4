/* stat, fstat, lstat, newfstatat, statx, readlink: Linux's fs/stat.c. The guest and
 * host ABIs are both x86-64 Linux, so struct stat and struct statx pass unchanged. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/mount.h>
#include <emu/record.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/user_namespace.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

/* Owners as the caller's user namespace sees them (Linux's cp_new_stat:
 * from_kuid_munged): unmapped ids are the overflow id, 65534. */
static void stat_map_ids(struct stat *st)
{
	st->st_uid = from_kuid_munged(current_user_ns(), st->st_uid);
	st->st_gid = from_kgid_munged(current_user_ns(), st->st_gid);
}

static long copy_stat_to_user(uint64_t ubuf, struct stat *st)
{
	stat_map_ids(st);
	return copy_to_user(ubuf, st, sizeof *st);
}

static long copy_statx_to_user(uint64_t ubuf, struct statx *stx)
{
	stx->stx_uid = from_kuid_munged(current_user_ns(), stx->stx_uid);
	stx->stx_gid = from_kgid_munged(current_user_ns(), stx->stx_gid);
	return copy_to_user(ubuf, stx, sizeof *stx);
}

static long host_fstat(struct file *f, unsigned long unused, void *st)
{
	return fstat(f->host_fd, st) < 0 ? -errno : 0;
}

/* An open file's status: a pipe's is emu's own, any other's its host descriptor's
 * (a host stream's or an inherited one's is input: kernel/replay/). */
static long vfs_fstat(struct file *f, uint64_t ubuf)
{
	struct stat st;
	long err = 0;

	if (f->pipe)
		pipe_stat(f, &st);
	else if (f->procfs && !procfs_stat(f->path, true, &st))
		; /* its process may be gone: then the snapshot's own status */
	else if ((f->may_block || f->from_outside) && !f->f_op)
		err = record_file_query(REC_STAT, f, 0, &st, sizeof st, host_fstat);
	else {
		err = host_fstat(f, 0, &st);
		mnt_fill_stat(mnt_of_host_fd(f->host_fd), &st);
	}
	return err ? err : copy_stat_to_user(ubuf, &st);
}

/* fstatat(fd, "", AT_EMPTY_PATH) is fstat(fd) (glibc's fstat calls it). */
static bool empty_path(uint64_t upath, int flags)
{
	char c;

	return (flags & AT_EMPTY_PATH) && !copy_from_user(&c, upath, 1) && !c;
}

static long do_fstatat(int dirfd, uint64_t upath, uint64_t ubuf, int flags)
{
	char path[PATH_MAX];
	struct stat st;
	int err, base;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	if (dirfd != AT_FDCWD && empty_path(upath, flags)) {
		struct file *f = fdget(dirfd);
		return f ? vfs_fstat(f, ubuf) : -EBADF;
	}
	if ((err = path_lookup(dirfd, upath, flags, path, &base)) < 0)
		return err;
	if (err == LOOKUP_PROC)
		err = procfs_stat(path, !(flags & AT_SYMLINK_NOFOLLOW), &st);
	else if (!(err = fstatat(base, path, &st, flags) < 0 ? -errno : 0))
		mnt_fill_stat(lookup_mnt_last(), &st);
	return err ? err : copy_stat_to_user(ubuf, &st);
}

SYSCALL_DEFINE2(stat, uint64_t, path, uint64_t, buf)
{
	return do_fstatat(AT_FDCWD, path, buf, 0);
}

SYSCALL_DEFINE2(lstat, uint64_t, path, uint64_t, buf)
{
	return do_fstatat(AT_FDCWD, path, buf, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE4(newfstatat, int, dirfd, uint64_t, path, uint64_t, buf, int, flags)
{
	return do_fstatat(dirfd, path, buf, flags);
}

SYSCALL_DEFINE2(fstat, int, fd, uint64_t, buf)
{
	struct file *f = fdget(fd);

	return f ? vfs_fstat(f, buf) : -EBADF;
}

/* The statx of what a struct stat says (emu's own files: basic fields only). */
static void stat_to_statx(const struct stat *st, struct statx *stx)
{
	memset(stx, 0, sizeof *stx);
	stx->stx_mask = STATX_BASIC_STATS;
	stx->stx_blksize = st->st_blksize;
	stx->stx_nlink = st->st_nlink;
	stx->stx_uid = st->st_uid;
	stx->stx_gid = st->st_gid;
	stx->stx_mode = st->st_mode;
	stx->stx_ino = st->st_ino;
	stx->stx_size = st->st_size;
	stx->stx_blocks = st->st_blocks;
	stx->stx_atime = (struct statx_timestamp){ st->st_atim.tv_sec, st->st_atim.tv_nsec, 0 };
	stx->stx_mtime = (struct statx_timestamp){ st->st_mtim.tv_sec, st->st_mtim.tv_nsec, 0 };
	stx->stx_ctime = (struct statx_timestamp){ st->st_ctim.tv_sec, st->st_ctim.tv_nsec, 0 };
	stx->stx_dev_major = major(st->st_dev);
	stx->stx_dev_minor = minor(st->st_dev);
	stx->stx_rdev_major = major(st->st_rdev);
	stx->stx_rdev_minor = minor(st->st_rdev);
}

static long statx_from_file(struct file *f, uint64_t ubuf)
{
	struct stat st;
	struct statx stx;

	if (f->pipe)
		pipe_stat(f, &st);
	else {
		int err = procfs_stat(f->path, true, &st);
		if (err)
			return err;
	}
	stat_to_statx(&st, &stx);
	return copy_statx_to_user(ubuf, &stx);
}

SYSCALL_DEFINE5(statx, int, dirfd, uint64_t, upath, int, flags, unsigned, mask, uint64_t, ubuf)
{
	char path[PATH_MAX];
	struct statx stx;
	int err, base;

	if (dirfd != AT_FDCWD && empty_path(upath, flags)) {
		struct file *f = fdget(dirfd);
		if (!f)
			return -EBADF;
		if (f->procfs || f->pipe)
			return statx_from_file(f, ubuf);
	}
	if ((err = path_lookup(dirfd, upath, flags, path, &base)) < 0)
		return err;
	if (err == LOOKUP_PROC) {
		struct stat st;
		if ((err = procfs_stat(path, !(flags & AT_SYMLINK_NOFOLLOW), &st)))
			return err;
		stat_to_statx(&st, &stx);
	} else if (statx(base, path, flags, mask, &stx) < 0) {
		return -errno;
	} else { /* the mount as emu's table has it; an empty path: the descriptor's */
		struct file *f = path[0] ? NULL : fdget(dirfd);
		mnt_fill_statx(f ? mnt_of_host_fd(f->host_fd) : lookup_mnt_last(), &stx);
	}
	return copy_statx_to_user(ubuf, &stx);
}

static long do_readlinkat(int dirfd, uint64_t upath, uint64_t ubuf, int bufsiz)
{
	char path[PATH_MAX], target[PATH_MAX];
	long len = strncpy_from_user(path, upath, sizeof path);
	int base;

	if (len < 0)
		return len;
	if (bufsiz <= 0)
		return -EINVAL;
	if (is_self_exe(path)) { /* getname would name the program's file */
		len = strlen(current->mm->exe_path);
		memcpy(target, current->mm->exe_path, len);
	} else if ((len = path_lookup(dirfd, upath, AT_SYMLINK_NOFOLLOW, path, &base)) < 0) {
		return len;
	} else if (len == LOOKUP_PROC) {
		if ((len = procfs_readlink(path, target, sizeof target)) < 0)
			return len;
	} else if ((len = readlinkat(base, path, target, sizeof target)) < 0) {
		return -errno;
	}
	if (len > bufsiz)
		len = bufsiz;
	return copy_to_user(ubuf, target, len) ? -EFAULT : len;
}

SYSCALL_DEFINE3(readlink, uint64_t, path, uint64_t, buf, int, bufsiz)
{
	return do_readlinkat(AT_FDCWD, path, buf, bufsiz);
}

SYSCALL_DEFINE4(readlinkat, int, dirfd, uint64_t, path, uint64_t, buf, int, bufsiz)
{
	return do_readlinkat(dirfd, path, buf, bufsiz);
}
