/* Extended attributes: Linux's fs/xattr.c, passed to the host file. Debian's ls -l
 * asks for security.selinux and the POSIX ACLs of every file it lists (libselinux,
 * libacl); ENOSYS would make it print an error. emu's own /proc files and
 * descriptors without a host file have none. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/xattr.h>

#define XATTR_NAME_MAX 255
#define XATTR_SIZE_MAX 65536
#define XATTR_LIST_MAX 65536

/* The attribute's name: -ERANGE if empty or longer than XATTR_NAME_MAX, as Linux. */
static int xattr_name(uint64_t uname, char *name)
{
	long len = strncpy_from_user(name, uname, XATTR_NAME_MAX + 1);

	if (len == -ENAMETOOLONG || len == 0)
		return -ERANGE;
	return len < 0 ? (int)len : 0;
}

#define HOST_PATH_MAX (PATH_MAX + 32)

/* Where an attribute call goes: a host path in host (HOST_PATH_MAX bytes; a guest
 * path relative to the task's directory, a descriptor as /proc/self/fd/N), or
 * -errno; 1 for emu's own files, which have no attributes. */
static int xattr_target(int fd, uint64_t upath, char *host)
{
	char path[PATH_MAX];

	if (upath) {
		int err = getname(upath, path, 0);
		if (err || is_procfs_path(path))
			return err ? err : 1;
		if (path[0] == '/')
			snprintf(host, HOST_PATH_MAX, "%s", path);
		else
			snprintf(host, HOST_PATH_MAX, "/proc/self/fd/%d/%s", current->fs->cwd_fd, path);
		return 0;
	}
	struct file *f = fdget(fd);
	if (!f)
		return -EBADF;
	if (f->host_fd < 0 || f->f_op)
		return 1;
	snprintf(host, HOST_PATH_MAX, "/proc/self/fd/%d", f->host_fd);
	return 0;
}

static long do_getxattr(int fd, uint64_t upath, bool follow, uint64_t uname, uint64_t uvalue,
			size_t size)
{
	char path[HOST_PATH_MAX], name[XATTR_NAME_MAX + 1];
	int err = xattr_target(fd, upath, path);

	if (err < 0 || (err == 0 && (err = xattr_name(uname, name))))
		return err;
	if (err == 1)
		return -ENODATA;
	if (size > XATTR_SIZE_MAX)
		size = XATTR_SIZE_MAX;
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return -ENOMEM;
	ssize_t n = follow ? getxattr(path, name, size ? buf : NULL, size)
			   : lgetxattr(path, name, size ? buf : NULL, size);
	long ret = n < 0 ? -errno : n;
	if (n > 0 && size && copy_to_user(uvalue, buf, n))
		ret = -EFAULT;
	free(buf);
	return ret;
}

SYSCALL_DEFINE4(getxattr, uint64_t, path, uint64_t, name, uint64_t, value, size_t, size)
{
	return do_getxattr(-1, path, true, name, value, size);
}

SYSCALL_DEFINE4(lgetxattr, uint64_t, path, uint64_t, name, uint64_t, value, size_t, size)
{
	return do_getxattr(-1, path, false, name, value, size);
}

SYSCALL_DEFINE4(fgetxattr, int, fd, uint64_t, name, uint64_t, value, size_t, size)
{
	return do_getxattr(fd, 0, true, name, value, size);
}

static long do_listxattr(int fd, uint64_t upath, bool follow, uint64_t ulist, size_t size)
{
	char path[HOST_PATH_MAX];
	int err = xattr_target(fd, upath, path);

	if (err)
		return err < 0 ? err : 0;
	if (size > XATTR_LIST_MAX)
		size = XATTR_LIST_MAX;
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return -ENOMEM;
	ssize_t n = follow ? listxattr(path, size ? buf : NULL, size)
			   : llistxattr(path, size ? buf : NULL, size);
	long ret = n < 0 ? -errno : n;
	if (n > 0 && size && copy_to_user(ulist, buf, n))
		ret = -EFAULT;
	free(buf);
	return ret;
}

SYSCALL_DEFINE3(listxattr, uint64_t, path, uint64_t, list, size_t, size)
{
	return do_listxattr(-1, path, true, list, size);
}

SYSCALL_DEFINE3(llistxattr, uint64_t, path, uint64_t, list, size_t, size)
{
	return do_listxattr(-1, path, false, list, size);
}

SYSCALL_DEFINE3(flistxattr, int, fd, uint64_t, list, size_t, size)
{
	return do_listxattr(fd, 0, true, list, size);
}

static long do_setxattr(int fd, uint64_t upath, bool follow, uint64_t uname, uint64_t uvalue,
			size_t size, int flags)
{
	char path[HOST_PATH_MAX], name[XATTR_NAME_MAX + 1];
	int err;

	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	if ((err = xattr_target(fd, upath, path)) < 0 || (err == 0 && (err = xattr_name(uname, name))))
		return err;
	if (err == 1)
		return -EOPNOTSUPP;
	if (size > XATTR_SIZE_MAX)
		return -E2BIG;
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return -ENOMEM;
	long ret = size && copy_from_user(buf, uvalue, size) ? -EFAULT : 0;
	if (!ret && (follow ? setxattr(path, name, buf, size, flags)
			    : lsetxattr(path, name, buf, size, flags)) < 0)
		ret = -errno;
	free(buf);
	return ret;
}

SYSCALL_DEFINE5(setxattr, uint64_t, path, uint64_t, name, uint64_t, value, size_t, size, int, flags)
{
	return do_setxattr(-1, path, true, name, value, size, flags);
}

SYSCALL_DEFINE5(lsetxattr, uint64_t, path, uint64_t, name, uint64_t, value, size_t, size, int, flags)
{
	return do_setxattr(-1, path, false, name, value, size, flags);
}

SYSCALL_DEFINE5(fsetxattr, int, fd, uint64_t, name, uint64_t, value, size_t, size, int, flags)
{
	return do_setxattr(fd, 0, true, name, value, size, flags);
}

static long do_removexattr(int fd, uint64_t upath, bool follow, uint64_t uname)
{
	char path[HOST_PATH_MAX], name[XATTR_NAME_MAX + 1];
	int err;

	if ((err = xattr_target(fd, upath, path)) < 0 || (err == 0 && (err = xattr_name(uname, name))))
		return err;
	if (err == 1)
		return -EOPNOTSUPP;
	return host_ret(follow ? removexattr(path, name) : lremovexattr(path, name));
}

SYSCALL_DEFINE2(removexattr, uint64_t, path, uint64_t, name)
{
	return do_removexattr(-1, path, true, name);
}

SYSCALL_DEFINE2(lremovexattr, uint64_t, path, uint64_t, name)
{
	return do_removexattr(-1, path, false, name);
}

SYSCALL_DEFINE2(fremovexattr, int, fd, uint64_t, name)
{
	return do_removexattr(fd, 0, true, name);
}
