/* fcntl, dup, dup2, dup3: Linux's fs/fcntl.c and fs/file.c. Status flags
 * (O_APPEND, O_NONBLOCK) live in the host's open file description, which dup
 * shares, as on Linux; close-on-exec is per descriptor and lives in our table. */
#include <emu/fs.h>
#include <emu/signal.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <fcntl.h>

static long dup_to(int oldfd, int newfd, bool cloexec)
{
	struct file *f = fdget(oldfd);

	if (!f)
		return -EBADF;
	if (newfd < 0 || (unsigned long)newfd >= rlimit(RLIMIT_NOFILE))
		return -EBADF;
	fget(f);
	return fd_install_at(newfd, f, cloexec);
}

static long dup_from(int oldfd, int min_fd, bool cloexec)
{
	struct file *f = fdget(oldfd);

	if (!f)
		return -EBADF;
	if (min_fd < 0 || (unsigned long)min_fd >= rlimit(RLIMIT_NOFILE))
		return -EINVAL;
	fget(f);
	int fd = fd_install(f, cloexec, min_fd);
	if (fd < 0)
		fput(f);
	return fd;
}

SYSCALL_DEFINE1(dup, int, oldfd)
{
	return dup_from(oldfd, 0, false);
}

SYSCALL_DEFINE2(dup2, int, oldfd, int, newfd)
{
	if (oldfd == newfd)
		return fdget(oldfd) ? newfd : -EBADF;
	return dup_to(oldfd, newfd, false);
}

SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, int, flags)
{
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	return dup_to(oldfd, newfd, flags & O_CLOEXEC);
}

static long fcntl_lock(struct file *f, int cmd, uint64_t uflock)
{
	struct flock fl;

	if (copy_from_user(&fl, uflock, sizeof fl))
		return -EFAULT;
	if (fcntl(f->host_fd, cmd, &fl) < 0)
		return -errno;
	return cmd == F_GETLK || cmd == F_OFD_GETLK ? copy_to_user(uflock, &fl, sizeof fl) : 0;
}

SYSCALL_DEFINE3(fcntl, int, fd, int, cmd, uint64_t, arg)
{
	struct file *f = fdget(fd);

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		return dup_from(fd, (int)arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return current->files->fd[fd].cloexec ? FD_CLOEXEC : 0;
	case F_SETFD:
		current->files->fd[fd].cloexec = arg & FD_CLOEXEC;
		return 0;
	case F_GETFL:
		if (f->pipe)
			return f->flags;
		return host_ret(fcntl(f->host_fd, cmd));
	case F_SETFL:
		if (f->pipe) {
			f->flags = (f->flags & ~(O_NONBLOCK | O_APPEND)) | (arg & (O_NONBLOCK | O_APPEND));
			return 0;
		}
		if (fcntl(f->host_fd, cmd, (int)arg) < 0)
			return -errno;
		/* kept here too: a socket's reads and writes look here, not at the host */
		f->flags = (f->flags & ~(O_NONBLOCK | O_APPEND)) | (arg & (O_NONBLOCK | O_APPEND));
		return 0;
	case F_GETPIPE_SZ:
		return f->pipe ? pipe_get_size(f) : -EBADF;
	case F_SETPIPE_SZ:
		return f->pipe ? pipe_set_size(f, arg) : -EBADF;
	case F_GETLK:
	case F_SETLK:
	case F_SETLKW:
	case F_OFD_GETLK:
	case F_OFD_SETLK:
	case F_OFD_SETLKW:
		return fcntl_lock(f, cmd, arg);
	default:
		return -EINVAL;
	}
}
