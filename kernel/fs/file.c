/* Open files and descriptor tables, as Linux's fs/file.c and fs/file_table.c. */
#include <emu/fs.h>
#include <emu/signal.h>
#include <emu/mm.h>
#include <emu/record.h>
#include <emu/sched.h>
#include <emu/task.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct file *file_from_host(int host_fd, unsigned flags, const char *path)
{
	struct file *f = calloc(1, sizeof *f);

	if (!f)
		return NULL;
	f->refcount = 1;
	f->host_fd = host_fd;
	struct stat st;
	f->may_block = host_fd >= 0 && !fstat(host_fd, &st) && !S_ISREG(st.st_mode) &&
		       !S_ISDIR(st.st_mode) && !S_ISBLK(st.st_mode);
	f->flags = flags;
	f->path = strdup(path ? path : "");
	return f;
}

void fget(struct file *f)
{
	f->refcount++;
}

/* What a poll of f finds now: emu's own files answer themselves, host descriptors
 * are asked without waiting (Linux's vfs_poll). */
static short host_poll(struct file *f, short events)
{
	struct pollfd p = { f->host_fd, events, 0 };

	return poll(&p, 1, 0) < 0 ? POLLERR : p.revents;
}

short vfs_poll(struct file *f, short events)
{
	if (f->f_op)
		return f->f_op->poll(f, events);
	if (f->pipe)
		return pipe_poll(f, events);
	/* a host stream's readiness comes from outside: recorded (kernel/replay/) */
	return f->may_block ? record_poll(f, events, host_poll) : host_poll(f, events);
}

/* Linux's anon_inode_getfd: a descriptor for one of emu's own files, with a host
 * descriptor of the same kind (host, or -1 with errno set) to answer fstat and
 * fcntl. On failure priv is freed and -errno returned. */
int anon_inode_getfd(const char *name, const struct file_operations *fops, void *priv,
		     int host, unsigned flags, bool cloexec)
{
	struct file *f;
	int fd;

	if (host < 0) {
		int err = -errno;
		free(priv);
		return err;
	}
	if (!(f = file_from_host(host, flags, name))) {
		close(host);
		free(priv);
		return -ENOMEM;
	}
	f->f_op = fops;
	f->private_data = priv;
	fd = fd_install(f, cloexec, 0);
	if (fd < 0)
		fput(f); /* its release frees priv */
	return fd;
}

bool file_nonblocking(struct file *f)
{
	int flags = fcntl(f->host_fd, F_GETFL);

	return flags >= 0 && (flags & O_NONBLOCK);
}

void fput(struct file *f)
{
	if (--f->refcount)
		return;
	eventpoll_release(f);
	if (f->f_op && f->f_op->release)
		f->f_op->release(f);
	if (f->pipe)
		pipe_release(f);
	else {
		if (f->procfs && !f->f_op)
			procfs_drop_snapshot(f->host_fd);
		close(f->host_fd);
	}
	if (f->f_inode) {
		put_write_access(f->f_inode);
		iput(f->f_inode);
	}
	free(f->path);
	free(f);
}

struct files_struct *files_alloc(void)
{
	struct files_struct *files = calloc(1, sizeof *files);

	if (!files)
		return NULL;
	files->refcount = 1;
	files->max_fds = NR_OPEN_DEFAULT;
	files->fd = calloc(files->max_fds, sizeof *files->fd);
	if (!files->fd) {
		free(files);
		return NULL;
	}
	return files;
}

int expand_files(struct files_struct *files, int nr)
{
	struct fdtable_entry *grown;
	int size = files->max_fds;

	if (nr < size)
		return 0;
	if ((unsigned)nr >= sysctl_nr_open)
		return -EMFILE;
	while (size <= nr) /* powers of two, as Linux's expand_fdtable */
		size *= 2;
	if ((unsigned)size > sysctl_nr_open)
		size = (int)sysctl_nr_open;
	if (!(grown = realloc(files->fd, size * sizeof *grown)))
		return -ENOMEM;
	memset(grown + files->max_fds, 0, (size - files->max_fds) * sizeof *grown);
	files->fd = grown;
	files->max_fds = size;
	return 0;
}

void put_files_struct(struct files_struct *files)
{
	if (!files || --files->refcount)
		return;
	for (int i = 0; i < files->max_fds; i++)
		if (files->fd[i].file)
			fput(files->fd[i].file);
	free(files->fd);
	free(files);
}

struct file *fdget(int fd)
{
	struct files_struct *files = current->files;

	if (fd < 0 || fd >= files->max_fds)
		return NULL;
	return files->fd[fd].file;
}

int fd_install_at(int fd, struct file *f, bool cloexec)
{
	struct files_struct *files = current->files;
	int err;

	if (fd < 0 || (unsigned long)fd >= rlimit(RLIMIT_NOFILE))
		return -EBADF;
	if ((err = expand_files(files, fd)))
		return err;
	if (files->fd[fd].file)
		fput(files->fd[fd].file);
	files->fd[fd] = (struct fdtable_entry){ f, cloexec };
	return fd;
}

int fd_install(struct file *f, bool cloexec, int min_fd)
{
	struct files_struct *files = current->files;
	int fd = min_fd < 0 ? 0 : min_fd;

	while (fd < files->max_fds && files->fd[fd].file)
		fd++;
	if ((unsigned long)fd >= rlimit(RLIMIT_NOFILE))
		return -EMFILE;
	return fd_install_at(fd, f, cloexec);
}

int fd_close(int fd)
{
	struct file *f = fdget(fd);

	if (!f)
		return -EBADF;
	current->files->fd[fd] = (struct fdtable_entry){ NULL, false };
	fput(f);
	return 0;
}

struct fs_struct *fs_alloc(void)
{
	struct fs_struct *fs = calloc(1, sizeof *fs);

	if (!fs)
		return NULL;
	fs->refcount = 1;
	fs->umask = 022;
	fs->cwd_fd = open(".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fs->cwd_fd < 0) {
		free(fs);
		return NULL;
	}
	return fs;
}

void put_fs_struct(struct fs_struct *fs)
{
	if (!fs || --fs->refcount)
		return;
	if (fs->proc_cwd[0]) /* lookups there go by proc_cwd: nobody lists the snapshot */
		procfs_drop_snapshot(fs->cwd_fd);
	close(fs->cwd_fd);
	free(fs);
}

int host_dirfd(int dirfd)
{
	if (dirfd == AT_FDCWD)
		return current->fs->cwd_fd;
	struct file *f = fdget(dirfd);
	return f ? f->host_fd : -EBADF;
}

bool is_self_exe(const char *path)
{
	char own[32];

	if (!strcmp(path, "/proc/self/exe") || !strcmp(path, "/proc/thread-self/exe"))
		return true;
	snprintf(own, sizeof own, "/proc/%d/exe", task_tgid_vnr(current));
	return !strcmp(path, own);
}

int getname(uint64_t upath, char *buf, int flags)
{
	long len = strncpy_from_user(buf, upath, PATH_MAX);

	if (len < 0)
		return (int)len;
	if (len == 0)
		return (flags & AT_EMPTY_PATH) ? 0 : -ENOENT;
	if (is_self_exe(buf) && !(flags & AT_SYMLINK_NOFOLLOW))
		snprintf(buf, PATH_MAX, "%s", current->mm->exe_path); /* the program, not emu */
	else
		ld_prefix_path(buf);
	return 0;
}

