/* stat, fstat, lstat, newfstatat, statx, readlink: Linux's fs/stat.c. The guest and
 * host ABIs are both x86-64 Linux, so struct stat and struct statx pass unchanged. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/record.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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
	else if ((f->may_block || f->from_outside) && !f->f_op)
		err = record_file_query(REC_STAT, f, 0, &st, sizeof st, host_fstat);
	else
		err = host_fstat(f, 0, &st);
	return err ? err : copy_to_user(ubuf, &st, sizeof st);
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
	if ((err = user_path_at(dirfd, upath, flags, path, &base)))
		return err;
	if (fstatat(base, path, &st, flags) < 0)
		return -errno;
	return copy_to_user(ubuf, &st, sizeof st);
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

SYSCALL_DEFINE5(statx, int, dirfd, uint64_t, upath, int, flags, unsigned, mask, uint64_t, ubuf)
{
	char path[PATH_MAX];
	struct statx stx;
	int err, base;

	if ((err = user_path_at(dirfd, upath, flags, path, &base)))
		return err;
	if (statx(base, path, flags, mask, &stx) < 0)
		return -errno;
	return copy_to_user(ubuf, &stx, sizeof stx);
}

static long do_readlinkat(int dirfd, uint64_t upath, uint64_t ubuf, int bufsiz)
{
	char path[PATH_MAX], target[PATH_MAX];
	long len = strncpy_from_user(path, upath, sizeof path);
	int base = host_dirfd(dirfd);

	if (len < 0)
		return len;
	if (bufsiz <= 0)
		return -EINVAL;
	if (path[0] == '/' && is_procfs_path(path)) {
		len = procfs_readlink(path, target, sizeof target);
		if (len < 0)
			return len;
	} else if (is_self_exe(path)) {
		len = strlen(current->mm->exe_path);
		memcpy(target, current->mm->exe_path, len);
	} else {
		if (base < 0 && path[0] != '/')
			return base;
		len = readlinkat(base < 0 ? AT_FDCWD : base, path, target, sizeof target);
		if (len < 0)
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
