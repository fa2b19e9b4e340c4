/* open, openat, close, access, chdir, fchdir, ftruncate, umask: Linux's fs/open.c.
 * Paths resolve on the host, relative to the task's own working directory. */
#include <emu/fs.h>
#include <emu/mount.h>
#include <emu/mm.h>
#include <emu/record.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A host descriptor for a host path. Whatever route reaches the host's /proc or
 * /sys (a symlink, "..", a directory descriptor) is refused: emu's host process
 * must not show through (emu's own are kernel/fs/procfs.c's). -errno. */
static int open_host(int base, char *path, int flags, unsigned mode, uint64_t resolve)
{
	struct open_how how = { (uint64_t)(flags | O_CLOEXEC), flags & (O_CREAT | O_TMPFILE) ? mode : 0,
				resolve };
	int host_fd = resolve ? (int)syscall(SYS_openat2, base, path, &how, sizeof how)
			      : openat(base, path, flags | O_CLOEXEC, mode);
	if (host_fd < 0)
		return -errno;
	if (is_host_procfs(host_fd)) {
		close(host_fd);
		return -EACCES;
	}
	return host_fd;
}

/* A read-only mount refuses an open that would write, truncate or create
 * (Linux's mnt_want_write in open_last_lookups); a missing file without O_CREAT
 * is left to the host's ENOENT. */
static int may_open_write(int base, const char *path, int flags)
{
	struct stat st;

	if (!mnt_want_write(lookup_mnt_last()) || (flags & O_PATH))
		return 0;
	if (fstatat(base, path, &st, 0) < 0)
		return errno == ENOENT && (flags & O_CREAT) ? -EROFS : 0;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC) || (flags & O_TMPFILE) == O_TMPFILE)
		return -EROFS;
	return 0;
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

/* A regular file opened for writing counts as a writer of its inode, which a
 * running program refuses (ETXTBSY). 0 or -errno; *inode holds the write access. */
static int get_writer(int host_fd, struct inode **inode)
{
	struct stat st;

	if (fstat(host_fd, &st) || !S_ISREG(st.st_mode))
		return 0;
	if (!(*inode = iget(st.st_dev, st.st_ino)))
		return -ENOMEM;
	if (get_write_access(*inode)) {
		iput(*inode);
		*inode = NULL;
		return -ETXTBSY;
	}
	return 0;
}

static bool proc_base_dir(int dirfd)
{
	return lookup_proc_base(dirfd) != NULL;
}

/* Whether a relative path's ".." climbs above where it starts (lexically). */
static bool escapes(const char *p)
{
	int depth = 0;

	while (*p) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			depth--;
		else if (n && !(n == 1 && p[0] == '.'))
			depth++;
		if (depth < 0)
			return true;
		p += n + (p[n] == '/');
	}
	return false;
}

/* openat2's RESOLVE_IN_ROOT: the path, absolute or not, is below dirfd, which must
 * be a host directory; the host's openat2 keeps it there. */
static int in_root(int dirfd, uint64_t upath, char *path, int *base)
{
	int err = getname(upath, path, 0);

	if (err)
		return err;
	if (proc_base_dir(dirfd))
		return -EXDEV; /* emu's /proc as a root: not offered */
	*base = host_dirfd(dirfd);
	return *base < 0 ? *base : LOOKUP_HOST;
}

/* openat2's RESOLVE_* for a path that leads into emu's /proc (Linux's checks as
 * its walk meets them): 0 or -errno. */
static int proc_resolve(int dirfd, uint64_t upath, const char *path, uint64_t resolve)
{
	char raw[PATH_MAX];
	struct stat st;
	bool from_proc = proc_base_dir(dirfd);

	if (strncpy_from_user(raw, upath, sizeof raw) < 0)
		return -EFAULT;
	if ((resolve & RESOLVE_BENEATH) && (raw[0] == '/' || escapes(raw)))
		return -EXDEV;
	if ((resolve & RESOLVE_NO_XDEV) && (!from_proc || raw[0] == '/'))
		return -EXDEV; /* /proc is another mount */
	bool self = strstr(raw, "/self") || strstr(raw, "/thread-self") ||
		    !strncmp(raw, "self", 4) || !strncmp(raw, "thread-self", 11);
	bool last_link = !procfs_stat(path, false, &st) && S_ISLNK(st.st_mode);
	if ((resolve & RESOLVE_NO_SYMLINKS) && (self || last_link))
		return -ELOOP;
	/* /proc/self and thread-self are plain symlinks; fd/N, exe, cwd, root magic ones */
	if ((resolve & RESOLVE_NO_MAGICLINKS) && last_link && strcmp(path, "/proc/self") &&
	    strcmp(path, "/proc/thread-self"))
		return -ELOOP;
	return 0;
}

static long do_sys_open(int dirfd, uint64_t upath, int flags, unsigned mode, uint64_t resolve)
{
	char path[PATH_MAX];
	int base, r;

	if ((resolve & RESOLVE_IN_ROOT) && (r = in_root(dirfd, upath, path, &base)) < 0)
		return r;
	if (!(resolve & RESOLVE_IN_ROOT) &&
	    (r = path_lookup(dirfd, upath, (flags & O_NOFOLLOW) ? AT_SYMLINK_NOFOLLOW : 0, path,
			     &base)) < 0)
		return r;
	if (flags & (O_CREAT | O_TMPFILE))
		mode &= ~current->fs->umask & 07777;
	int err = r == LOOKUP_PROC && resolve ? proc_resolve(dirfd, upath, path, resolve) : 0;
	if (err)
		return err;
	if (r == LOOKUP_PROC)
		return procfs_open(path, flags);
	if (!(resolve & RESOLVE_IN_ROOT) && (err = may_open_write(base, path, flags)))
		return err;
	long fifo = open_fifo(base, path, flags);
	if (fifo != -ENOENT)
		return fifo;
	/* a writer truncates only once it is known not to be a running program */
	bool writer = (flags & O_ACCMODE) != O_RDONLY && !(flags & O_PATH);
	struct inode *inode = NULL;
	int host_fd = open_host(base, path, writer ? flags & ~O_TRUNC : flags, mode, resolve);
	if (host_fd < 0)
		return host_fd;
	if (writer && (err = get_writer(host_fd, &inode))) {
		close(host_fd);
		return err;
	}
	if (writer && (flags & O_TRUNC) && inode && ftruncate(host_fd, 0) < 0)
		err = -errno;
	if (flags & O_TRUNC)
		filemap_truncate(host_fd, 0); /* shared mappings lose every page */
	if (!err)
		record_file_opened(host_fd, flags); /* the identity of an input (kernel/replay/) */
	struct file *f = err ? NULL : file_from_host(host_fd, flags & ~O_CLOEXEC, path);
	if (!f) {
		close(host_fd);
		if (inode) {
			put_write_access(inode);
			iput(inode);
		}
		return err ? err : -ENOMEM;
	}
	f->f_inode = inode;
	int fd = fd_install(f, flags & O_CLOEXEC, 0);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE2(creat, uint64_t, path, unsigned, mode)
{
	return do_sys_open(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode, 0);
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
	return do_sys_open(AT_FDCWD, path, flags, mode, 0);
}

SYSCALL_DEFINE4(openat, int, dirfd, uint64_t, path, int, flags, unsigned, mode)
{
	return do_sys_open(dirfd, path, flags, mode, 0);
}

#define VALID_OPEN_FLAGS                                                                   \
	(O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | O_NONBLOCK | O_DSYNC | \
	 O_SYNC | O_ASYNC | O_DIRECT | 0100000 /* O_LARGEFILE */ | O_DIRECTORY | O_NOFOLLOW | \
	 O_NOATIME | O_CLOEXEC | O_PATH | O_TMPFILE)
#define VALID_RESOLVE_FLAGS                                                          \
	(RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS | RESOLVE_BENEATH | \
	 RESOLVE_IN_ROOT | RESOLVE_CACHED)

/* openat2 (Linux 5.6): openat with a struct open_how that may grow (its unknown
 * tail must be zero) and the RESOLVE_* limits on the walk; unknown flags are
 * EINVAL, not ignored as openat ignores them (Linux's build_open_how checks). */
SYSCALL_DEFINE4(openat2, int, dirfd, uint64_t, upath, uint64_t, uhow, size_t, size)
{
	struct open_how how;
	int err;

	if (size < sizeof how)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	if ((err = copy_struct_from_user(&how, sizeof how, uhow, size)))
		return err;
	if ((how.flags & ~(uint64_t)VALID_OPEN_FLAGS) || (how.resolve & ~(uint64_t)VALID_RESOLVE_FLAGS))
		return -EINVAL;
	if (how.mode & ~07777ULL)
		return -EINVAL;
	if (how.mode && !(how.flags & (O_CREAT | O_TMPFILE)))
		return -EINVAL;
	if ((how.resolve & RESOLVE_BENEATH) && (how.resolve & RESOLVE_IN_ROOT))
		return -EINVAL;
	if ((how.resolve & RESOLVE_CACHED) && (how.flags & (O_CREAT | O_TRUNC | O_TMPFILE)))
		return -EAGAIN;
	char raw[PATH_MAX];
	if ((how.resolve & (RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS)) &&
	    strncpy_from_user(raw, upath, sizeof raw) > 0 && is_self_exe(raw))
		return -ELOOP; /* a magic link getname would have followed */
	return do_sys_open(dirfd, upath, (int)how.flags, (unsigned)how.mode,
			   how.resolve & ~(uint64_t)RESOLVE_CACHED);
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
	if (current->fs->proc_cwd[0]) /* lookups there went by proc_cwd */
		procfs_drop_snapshot(current->fs->cwd_fd);
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
	if (f->procfs) { /* a snapshot of its own: the descriptor's may go first */
		int dir = procfs_open_dir(f->path);
		return dir < 0 ? dir : set_cwd(dir, f->path);
	}
	int dup_fd = fcntl(f->host_fd, F_DUPFD_CLOEXEC, 3);
	return dup_fd < 0 ? -errno : set_cwd(dup_fd, NULL);
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
