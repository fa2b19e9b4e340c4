/* Extended attributes: Linux's fs/xattr.c, passed to the host file. Debian's ls -l
 * asks for security.selinux and the POSIX ACLs of every file it lists (libselinux,
 * libacl); ENOSYS would make it print an error. emu's own /proc files and
 * descriptors without a host file have none. Every call is one of the *at forms of
 * Linux 6.13 (setxattrat, getxattrat, listxattrat, removexattrat): a directory
 * descriptor, a path and AT_SYMLINK_NOFOLLOW or AT_EMPTY_PATH; the l forms are
 * AT_SYMLINK_NOFOLLOW and the f forms an empty path. */
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
#define XATTR_ARGS_SIZE_VER0 16 /* struct xattr_args, the first size */

/* setxattrat's and getxattrat's value (Linux's struct xattr_args) */
struct xattr_args {
	uint64_t value;
	uint32_t size, flags;
};

/* The attribute's name: -ERANGE if empty or longer than XATTR_NAME_MAX, as Linux. */
static int xattr_name(uint64_t uname, char *name)
{
	long len = strncpy_from_user(name, uname, XATTR_NAME_MAX + 1);

	if (len == -ENAMETOOLONG || len == 0)
		return -ERANGE;
	return len < 0 ? (int)len : 0;
}

#define HOST_PATH_MAX (PATH_MAX + 32)

/* Where an attribute call goes: a host path in host (HOST_PATH_MAX bytes: the
 * lookup's path, or a descriptor as /proc/self/fd/N), or -errno; 1 for emu's own
 * files, which have no attributes. No path, or an empty one with AT_EMPTY_PATH,
 * names dfd itself (Linux's getname_maybe_null; AT_FDCWD the working directory). */
static int xattr_target(int dfd, uint64_t upath, unsigned at_flags, char *host)
{
	char path[PATH_MAX], first = 0;
	int host_dir, r;

	if ((at_flags & AT_EMPTY_PATH) && upath && copy_from_user(&first, upath, 1))
		return -EFAULT;
	if (upath && (!(at_flags & AT_EMPTY_PATH) || first)) {
		r = path_lookup(dfd, upath, at_flags & AT_SYMLINK_NOFOLLOW, path, &host_dir);
		if (r < 0 || r == LOOKUP_PROC)
			return r < 0 ? r : 1;
		if (path[0] == '/')
			snprintf(host, HOST_PATH_MAX, "%s", path);
		else
			snprintf(host, HOST_PATH_MAX, "/proc/self/fd/%d/%s", host_dir, path);
		return 0;
	}
	if (dfd == AT_FDCWD) { /* the working directory, as Linux's fd of AT_FDCWD */
		snprintf(host, HOST_PATH_MAX, "/proc/self/fd/%d", current->fs->cwd_fd);
		return 0;
	}
	struct file *f = fdget(dfd);
	if (!f)
		return -EBADF;
	if (f->host_fd < 0 || f->f_op)
		return 1;
	snprintf(host, HOST_PATH_MAX, "/proc/self/fd/%d", f->host_fd);
	return 0;
}

/* The at_flags every *at form takes. */
static bool xattr_at_flags_valid(unsigned at_flags)
{
	return !(at_flags & ~(unsigned)(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH));
}

/* setxattrat's and getxattrat's struct, grown or not (copy_struct_from_user). */
static int xattr_args_from_user(struct xattr_args *args, uint64_t uargs, size_t usize)
{
	if (usize < XATTR_ARGS_SIZE_VER0)
		return -EINVAL;
	if (usize > PAGE_SIZE)
		return -E2BIG;
	return copy_struct_from_user(args, sizeof *args, uargs, usize);
}

static long do_getxattr(int dfd, uint64_t upath, unsigned at_flags, uint64_t uname, uint64_t uvalue,
			size_t size)
{
	char path[HOST_PATH_MAX], name[XATTR_NAME_MAX + 1];
	bool follow = !(at_flags & AT_SYMLINK_NOFOLLOW);
	int err = xattr_target(dfd, upath, at_flags, path);

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
	return do_getxattr(AT_FDCWD, path, 0, name, value, size);
}

SYSCALL_DEFINE4(lgetxattr, uint64_t, path, uint64_t, name, uint64_t, value, size_t, size)
{
	return do_getxattr(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, name, value, size);
}

SYSCALL_DEFINE4(fgetxattr, int, fd, uint64_t, name, uint64_t, value, size_t, size)
{
	return do_getxattr(fd, 0, 0, name, value, size);
}

SYSCALL_DEFINE6(getxattrat, int, dfd, uint64_t, path, unsigned, at_flags, uint64_t, name,
		uint64_t, uargs, size_t, usize)
{
	struct xattr_args args;
	int err = xattr_args_from_user(&args, uargs, usize);

	if (err)
		return err;
	if (args.flags || !xattr_at_flags_valid(at_flags))
		return -EINVAL;
	return do_getxattr(dfd, path, at_flags, name, args.value, args.size);
}

static long do_listxattr(int dfd, uint64_t upath, unsigned at_flags, uint64_t ulist, size_t size)
{
	char path[HOST_PATH_MAX];
	bool follow = !(at_flags & AT_SYMLINK_NOFOLLOW);
	int err = xattr_target(dfd, upath, at_flags, path);

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
	return do_listxattr(AT_FDCWD, path, 0, list, size);
}

SYSCALL_DEFINE3(llistxattr, uint64_t, path, uint64_t, list, size_t, size)
{
	return do_listxattr(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, list, size);
}

SYSCALL_DEFINE3(flistxattr, int, fd, uint64_t, list, size_t, size)
{
	return do_listxattr(fd, 0, 0, list, size);
}

SYSCALL_DEFINE5(listxattrat, int, dfd, uint64_t, path, unsigned, at_flags, uint64_t, list,
		size_t, size)
{
	if (!xattr_at_flags_valid(at_flags))
		return -EINVAL;
	return do_listxattr(dfd, path, at_flags, list, size);
}

static long do_setxattr(int dfd, uint64_t upath, unsigned at_flags, uint64_t uname,
			uint64_t uvalue, size_t size, int flags)
{
	char path[HOST_PATH_MAX], name[XATTR_NAME_MAX + 1];
	bool follow = !(at_flags & AT_SYMLINK_NOFOLLOW);
	int err;

	if (flags & ~(XATTR_CREATE | XATTR_REPLACE))
		return -EINVAL;
	if ((err = xattr_target(dfd, upath, at_flags, path)) < 0 || (err == 0 && (err = xattr_name(uname, name))))
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
	return do_setxattr(AT_FDCWD, path, 0, name, value, size, flags);
}

SYSCALL_DEFINE5(lsetxattr, uint64_t, path, uint64_t, name, uint64_t, value, size_t, size, int, flags)
{
	return do_setxattr(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, name, value, size, flags);
}

SYSCALL_DEFINE5(fsetxattr, int, fd, uint64_t, name, uint64_t, value, size_t, size, int, flags)
{
	return do_setxattr(fd, 0, 0, name, value, size, flags);
}

SYSCALL_DEFINE6(setxattrat, int, dfd, uint64_t, path, unsigned, at_flags, uint64_t, name,
		uint64_t, uargs, size_t, usize)
{
	struct xattr_args args;
	int err = xattr_args_from_user(&args, uargs, usize);

	if (err)
		return err;
	if (!xattr_at_flags_valid(at_flags))
		return -EINVAL;
	return do_setxattr(dfd, path, at_flags, name, args.value, args.size, (int)args.flags);
}

static long do_removexattr(int dfd, uint64_t upath, unsigned at_flags, uint64_t uname)
{
	char path[HOST_PATH_MAX], name[XATTR_NAME_MAX + 1];
	bool follow = !(at_flags & AT_SYMLINK_NOFOLLOW);
	int err;

	if ((err = xattr_target(dfd, upath, at_flags, path)) < 0 || (err == 0 && (err = xattr_name(uname, name))))
		return err;
	if (err == 1)
		return -EOPNOTSUPP;
	return host_ret(follow ? removexattr(path, name) : lremovexattr(path, name));
}

SYSCALL_DEFINE2(removexattr, uint64_t, path, uint64_t, name)
{
	return do_removexattr(AT_FDCWD, path, 0, name);
}

SYSCALL_DEFINE2(lremovexattr, uint64_t, path, uint64_t, name)
{
	return do_removexattr(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, name);
}

SYSCALL_DEFINE2(fremovexattr, int, fd, uint64_t, name)
{
	return do_removexattr(fd, 0, 0, name);
}

SYSCALL_DEFINE4(removexattrat, int, dfd, uint64_t, path, unsigned, at_flags, uint64_t, name)
{
	if (!xattr_at_flags_valid(at_flags))
		return -EINVAL;
	return do_removexattr(dfd, path, at_flags, name);
}
