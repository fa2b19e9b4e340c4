/* statfs, fstatfs: Linux's fs/statfs.c. A host path or descriptor reports its host
 * filesystem's figures; a pipe reports pipefs, as Linux's. The guest and host
 * struct statfs are the same x86-64 layout. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/mount.h>
#include <emu/syscall.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <string.h>
#include <sys/statvfs.h>
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

/* A host file's filesystem as the mount it was found in shows it: a tmpfs's own
 * figures, the mount's flags (ST_RDONLY, ST_NOEXEC ...). */
static int mnt_statfs(const struct mount *mnt, int host_fd, struct statfs *st)
{
	int err = mnt && mnt->mnt_sb->s_anon_dev ? tmpfs_statfs(mnt->mnt_sb, st) : 0;

	if (err)
		return err;
	if (!(mnt && mnt->mnt_sb->s_anon_dev) && fstatfs(host_fd, st) < 0)
		return -errno;
	if (mnt) /* the mount's flags, not those of the host's mount below */
		st->f_flags = mnt_statfs_flags(mnt);
	return 0;
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
	struct mount *mnt = lookup_mnt_last();
	int fd = openat(dir, path, O_PATH | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = mnt_statfs(mnt, fd, &st);
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
	} else {
		int err = mnt_statfs(mnt_of_host_fd(f->host_fd), f->host_fd, &st);
		if (err)
			return err;
	}
	return copy_to_user(ubuf, &st, sizeof st);
}
