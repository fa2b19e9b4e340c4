/* getdents64: the host fills a bounce buffer in the same linux_dirent64 format. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <sys/syscall.h>
#include <unistd.h>

SYSCALL_DEFINE3(getdents64, int, fd, uint64_t, dirp, unsigned, count)
{
	static char buf[65536];
	struct file *f = fdget(fd);

	if (!f)
		return -EBADF;
	if (count > sizeof buf)
		count = sizeof buf;
	long n = syscall(SYS_getdents64, f->host_fd, buf, count);
	if (n < 0)
		return -errno;
	return copy_to_user(dirp, buf, n) ? -EFAULT : n;
}
