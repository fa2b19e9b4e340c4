/* getdents64: the host fills a bounce buffer in the same linux_dirent64 format. A
 * /proc directory is a snapshot in a host directory: its entries get the inode
 * numbers stat gives them (the host's would change from run to run). */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

struct dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

static void proc_dirents(const char *dir, char *buf, long n)
{
	char path[PATH_MAX];
	struct stat st;

	for (long off = 0; off < n;) {
		struct dirent64 *d = (struct dirent64 *)(buf + off);
		snprintf(path, sizeof path, "%s/%s", dir, d->d_name);
		if (is_procfs_path(path) && !procfs_stat(path, false, &st))
			d->d_ino = st.st_ino;
		off += d->d_reclen;
	}
}

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
	if (f->procfs)
		proc_dirents(f->path, buf, n);
	return copy_to_user(dirp, buf, n) ? -EFAULT : n;
}
