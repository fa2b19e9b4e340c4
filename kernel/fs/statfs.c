/* statfs, fstatfs: Linux's fs/statfs.c. A host path or descriptor reports its host
 * filesystem's figures; a pipe reports pipefs, as Linux's. The guest and host
 * struct statfs are the same x86-64 layout. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/vfs.h>
#include <unistd.h>

#define PIPEFS_MAGIC 0x50495045

static void pipefs_statfs(struct statfs *st)
{
	memset(st, 0, sizeof *st);
	st->f_type = PIPEFS_MAGIC;
	st->f_bsize = PAGE_SIZE;
	st->f_namelen = NAME_MAX;
	st->f_frsize = PAGE_SIZE;
}

SYSCALL_DEFINE2(statfs, uint64_t, upath, uint64_t, ubuf)
{
	char path[PATH_MAX];
	struct statfs st;
	int dir, err = path_lookup(AT_FDCWD, upath, 0, path, &dir);

	if (err < 0)
		return err;
	if (err == LOOKUP_PROC) {
		if ((err = procfs_statfs(path, &st)))
			return err;
		return copy_to_user(ubuf, &st, sizeof st);
	}
	int fd = openat(dir, path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = fstatfs(fd, &st) < 0 ? -errno : 0;
	close(fd);
	return err ? err : copy_to_user(ubuf, &st, sizeof st);
}

SYSCALL_DEFINE2(fstatfs, int, fd, uint64_t, ubuf)
{
	struct file *f = fdget(fd);
	struct statfs st;

	if (!f)
		return -EBADF;
	if (f->pipe)
		pipefs_statfs(&st);
	else if (f->procfs) {
		int err = procfs_statfs(f->path, &st);
		if (err)
			return err;
	} else if (fstatfs(f->host_fd, &st) < 0)
		return -errno;
	return copy_to_user(ubuf, &st, sizeof st);
}
