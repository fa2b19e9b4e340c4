/* open, openat, close, access, chdir, fchdir, ftruncate, umask: Linux's fs/open.c.
 * Paths resolve on the host, relative to the task's own working directory. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

/* A host descriptor for a host path. Whatever route reaches the host's /proc or
 * /sys (a symlink, "..", a directory descriptor) is refused: emu's host process
 * must not show through (emu's own are kernel/fs/procfs.c's). -errno. */
static int open_host(int base, char *path, int flags, unsigned mode)
{
	int host_fd = openat(base, path, flags | O_CLOEXEC, mode);
	if (host_fd < 0)
		return -errno;
	if (is_host_procfs(host_fd)) {
		close(host_fd);
		return -EACCES;
	}
	return host_fd;
}

/* A host FIFO is opened through emu's pipes: a blocking open waits in emu, never
 * in the host (which would stop every task). -ENOENT: not a FIFO. */
static long open_fifo(int base, const char *path, int flags)
{
	struct stat st;
	int acc = flags & O_ACCMODE;

	if ((flags & O_PATH) || ((flags & O_CREAT) && (flags & O_EXCL)) ||
	    fstatat(base, path, &st, (flags & O_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0) ||
	    !S_ISFIFO(st.st_mode))
		return -ENOENT;
	if (flags & O_DIRECTORY)
		return -ENOTDIR;
	if (faccessat(base, path, acc == O_RDONLY ? R_OK : acc == O_WRONLY ? W_OK : R_OK | W_OK,
		      AT_EACCESS) < 0)
		return -errno;
	return fifo_open(&st, flags, path);
}

static long do_sys_open(int dirfd, uint64_t upath, int flags, unsigned mode)
{
	char path[PATH_MAX];
	int base, r = path_lookup(dirfd, upath, (flags & O_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0,
				  path, &base);

	if (r < 0)
		return r;
	if (flags & (O_CREAT | O_TMPFILE))
		mode &= ~current->fs->umask & 07777;
	if (r == LOOKUP_PROC)
		return procfs_open(path, flags);
	long fifo = open_fifo(base, path, flags);
	if (fifo != -ENOENT)
		return fifo;
	int host_fd = open_host(base, path, flags, mode);
	if (host_fd < 0)
		return host_fd;
	if (flags & O_TRUNC)
		filemap_truncate(host_fd, 0); /* shared mappings lose every page */
	struct file *f = file_from_host(host_fd, flags & ~O_CLOEXEC, path);
	if (!f) {
		close(host_fd);
		return -ENOMEM;
	}
	int fd = fd_install(f, flags & O_CLOEXEC, 0);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE2(creat, uint64_t, path, unsigned, mode)
{
	return do_sys_open(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

/* fallocate: the host file's; emu's own files have no blocks (ESPIPE for a pipe,
 * as Linux, ENODEV for the others). */
SYSCALL_DEFINE4(fallocate, int, fd, int, mode, long, offset, long, len)
{
	struct file *f = fdget(fd);

	if (!f)
		return -EBADF;
	if (f->pipe)
		return -ESPIPE;
	if (f->f_op)
		return -ENODEV;
	return host_ret(fallocate(f->host_fd, mode, offset, len));
}

SYSCALL_DEFINE3(open, uint64_t, path, int, flags, unsigned, mode)
{
	return do_sys_open(AT_FDCWD, path, flags, mode);
}

SYSCALL_DEFINE4(openat, int, dirfd, uint64_t, path, int, flags, unsigned, mode)
{
	return do_sys_open(dirfd, path, flags, mode);
}

SYSCALL_DEFINE1(close, int, fd)
{
	return fd_close(fd);
}

static long do_faccessat(int dirfd, uint64_t upath, int mode, int flags)
{
	char path[PATH_MAX];
	int base, err;

	if (mode & ~(F_OK | R_OK | W_OK | X_OK))
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((err = path_lookup(dirfd, upath, flags, path, &base)) < 0)
		return err;
	if (err == LOOKUP_PROC)
		return procfs_access(path, mode, !(flags & AT_SYMLINK_NOFOLLOW));
	return host_ret(faccessat(base, path, mode, flags));
}

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

/* close_range: Linux's fs/file.c, on current's table (CLOSE_RANGE_UNSHARE: a
 * table shared with another task is first copied, as unshare(CLONE_FILES)). */
SYSCALL_DEFINE3(close_range, unsigned, first, unsigned, last, unsigned, flags)
{
	struct files_struct *files;

	if ((flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) || first > last)
		return -EINVAL;
	if ((flags & CLOSE_RANGE_UNSHARE) && current->files->refcount > 1) {
		long err = unshare_files();
		if (err)
			return err;
	}
	files = current->files;
	for (unsigned fd = first; fd <= last && fd < (unsigned)files->max_fds; fd++) {
		if (!files->fd[fd].file)
			continue;
		if (flags & CLOSE_RANGE_CLOEXEC)
			files->fd[fd].cloexec = true;
		else
			fd_close((int)fd);
	}
	return 0;
}

SYSCALL_DEFINE2(access, uint64_t, path, int, mode)
{
	return do_faccessat(AT_FDCWD, path, mode, 0);
}

SYSCALL_DEFINE3(faccessat, int, dirfd, uint64_t, path, int, mode)
{
	return do_faccessat(dirfd, path, mode, 0);
}

SYSCALL_DEFINE4(faccessat2, int, dirfd, uint64_t, path, int, mode, int, flags)
{
	return do_faccessat(dirfd, path, mode, flags);
}

/* Makes host_fd (a directory we own) the working directory; proc: its name in
 * emu's /proc, or NULL for a host directory. */
static long set_cwd(int host_fd, const char *proc)
{
	struct stat st;

	if (fstat(host_fd, &st) < 0 || !S_ISDIR(st.st_mode)) {
		close(host_fd);
		return -ENOTDIR;
	}
	if (proc && strlen(proc) >= sizeof current->fs->proc_cwd) {
		close(host_fd);
		return -ENAMETOOLONG;
	}
	close(current->fs->cwd_fd);
	current->fs->cwd_fd = host_fd;
	snprintf(current->fs->proc_cwd, sizeof current->fs->proc_cwd, "%s", proc ? proc : "");
	return 0;
}

SYSCALL_DEFINE1(chdir, uint64_t, upath)
{
	char path[PATH_MAX];
	int base, err = path_lookup(AT_FDCWD, upath, 0, path, &base);

	if (err < 0)
		return err;
	if (err == LOOKUP_PROC) {
		if ((err = procfs_resolve_dir(path)) < 0)
			return err;
		if (err == LOOKUP_PROC) {
			int fd = procfs_open_dir(path);
			return fd < 0 ? fd : set_cwd(fd, path);
		}
		base = current->fs->cwd_fd; /* a /proc link led to a host directory */
	}
	int fd = openat(base, path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (faccessat(fd, ".", X_OK, 0) < 0) {
		close(fd);
		return -errno;
	}
	return set_cwd(fd, NULL);
}

SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct file *f = fdget(fd);

	if (!f)
		return -EBADF;
	if (f->host_fd < 0)
		return -ENOTDIR; /* a pipe */
	int dup_fd = fcntl(f->host_fd, F_DUPFD_CLOEXEC, 3);
	return dup_fd < 0 ? -errno : set_cwd(dup_fd, f->procfs ? f->path : NULL);
}

/* Sets the host file's size; shared mappings lose the pages past the new end. */
long do_truncate(int host_fd, long length)
{
	if (ftruncate(host_fd, length) < 0)
		return -errno;
	filemap_truncate(host_fd, (uint64_t)length);
	return 0;
}

SYSCALL_DEFINE2(ftruncate, int, fd, long, length)
{
	struct file *f = fdget(fd);

	if (f && f->host_fd < 0)
		return -EINVAL; /* a pipe: no such method */
	return f ? do_truncate(f->host_fd, length) : -EBADF;
}

SYSCALL_DEFINE1(umask, unsigned, mask)
{
	unsigned old = current->fs->umask;

	current->fs->umask = mask & 0777;
	return old;
}
