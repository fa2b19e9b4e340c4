/* chmod, chown, utimensat, truncate and their fd forms: file attributes, set on
 * the host file (Linux's fs/open.c, fs/utimes.c, fs/attr.c). */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452
#endif

/* fchmodat2 on a host without it (before 6.6): glibc's way, through an O_PATH
 * descriptor; a symlink's mode cannot change (EOPNOTSUPP). */
static long chmod_nofollow(int dir, const char *path, unsigned mode, int flags)
{
	char link[64];
	struct stat st;
	int fd = !*path ? fcntl(dir, F_DUPFD_CLOEXEC, 0) /* AT_EMPTY_PATH: dir itself */
			: openat(dir, path, O_PATH | O_CLOEXEC |
				 ((flags & AT_SYMLINK_NOFOLLOW) ? O_NOFOLLOW : 0));

	if (fd < 0)
		return -errno;
	long r = fstat(fd, &st) < 0 ? -errno : S_ISLNK(st.st_mode) ? -EOPNOTSUPP : 0;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd); /* emu's own descriptor */
	if (!r)
		r = host_ret(chmod(link, mode));
	close(fd);
	return r;
}

static long do_fchmodat(int dirfd, uint64_t upath, unsigned mode, int flags)
{
	char path[PATH_MAX];
	int dir, err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((err = user_path_at(dirfd, upath, flags, path, &dir)))
		return err;
	if (!flags)
		return host_ret(fchmodat(dir, path, mode & 07777, 0));
	long r = syscall(SYS_fchmodat2, dir, path, mode & 07777, flags);
	return r < 0 && errno == ENOSYS ? chmod_nofollow(dir, path, mode & 07777, flags) : host_ret(r);
}

SYSCALL_DEFINE2(chmod, uint64_t, path, unsigned, mode)
{
	return do_fchmodat(AT_FDCWD, path, mode, 0);
}

SYSCALL_DEFINE3(fchmodat, int, dirfd, uint64_t, path, unsigned, mode)
{
	return do_fchmodat(dirfd, path, mode, 0);
}

/* fchmodat2 (Linux 6.6): fchmodat with the flags glibc's fchmodat always had. */
SYSCALL_DEFINE4(fchmodat2, int, dirfd, uint64_t, path, unsigned, mode, int, flags)
{
	return do_fchmodat(dirfd, path, mode, flags);
}

SYSCALL_DEFINE2(fchmod, int, fd, unsigned, mode)
{
	struct file *f = fdget(fd);

	return f ? host_ret(fchmod(f->host_fd, mode & 07777)) : -EBADF;
}

static long do_fchownat(int dirfd, uint64_t upath, unsigned uid, unsigned gid, int flags)
{
	char path[PATH_MAX];
	int dir, err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((err = user_path_at(dirfd, upath, flags, path, &dir)))
		return err;
	return host_ret(fchownat(dir, path, uid, gid, flags));
}

SYSCALL_DEFINE3(chown, uint64_t, path, unsigned, uid, unsigned, gid)
{
	return do_fchownat(AT_FDCWD, path, uid, gid, 0);
}

SYSCALL_DEFINE3(lchown, uint64_t, path, unsigned, uid, unsigned, gid)
{
	return do_fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

SYSCALL_DEFINE5(fchownat, int, dirfd, uint64_t, path, unsigned, uid, unsigned, gid, int, flags)
{
	return do_fchownat(dirfd, path, uid, gid, flags);
}

SYSCALL_DEFINE3(fchown, int, fd, unsigned, uid, unsigned, gid)
{
	struct file *f = fdget(fd);

	return f ? host_ret(fchown(f->host_fd, uid, gid)) : -EBADF;
}

/* A NULL path means the file dirfd refers to, as Linux's utimensat allows. */
SYSCALL_DEFINE4(utimensat, int, dirfd, uint64_t, upath, uint64_t, utimes, int, flags)
{
	struct timespec times[2];
	char path[PATH_MAX] = "";
	int dir, err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (utimes && copy_from_user(times, utimes, sizeof times))
		return -EFAULT;
	if (upath) {
		if ((err = user_path_at(dirfd, upath, flags, path, &dir)))
			return err;
	} else {
		struct file *f = fdget(dirfd);
		if (!f)
			return -EBADF;
		return host_ret(futimens(f->host_fd, utimes ? times : NULL));
	}
	return host_ret(utimensat(dir, path, utimes ? times : NULL, flags));
}

SYSCALL_DEFINE2(truncate, uint64_t, upath, long, length)
{
	char path[PATH_MAX];
	int dir, err = user_path_at(AT_FDCWD, upath, 0, path, &dir);

	if (err)
		return err;
	int fd = openat(dir, path, O_WRONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0)
		return -errno;
	/* Linux's do_sys_truncate takes write access: a running program is ETXTBSY */
	if (!fstat(fd, &st) && inode_is_running(st.st_dev, st.st_ino))
		err = -ETXTBSY;
	else
		err = do_truncate(fd, length);
	close(fd);
	return err;
}
