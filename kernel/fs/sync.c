/* fsync, fdatasync. */
#include <emu/fs.h>
#include <emu/syscall.h>
#include <unistd.h>

SYSCALL_DEFINE1(fsync, int, fd)
{
	struct file *f = fdget(fd);

	if (f && f->host_fd < 0)
		return -EINVAL; /* a pipe: no such method */
	return f ? host_ret(fsync(f->host_fd)) : -EBADF;
}

SYSCALL_DEFINE1(fdatasync, int, fd)
{
	struct file *f = fdget(fd);

	if (f && f->host_fd < 0)
		return -EINVAL; /* a pipe: no such method */
	return f ? host_ret(fdatasync(f->host_fd)) : -EBADF;
}
