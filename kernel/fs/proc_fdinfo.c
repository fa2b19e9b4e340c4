/* /proc/PID/fdinfo/N (Linux's fs/proc/fd.c seq_show): the offset, the open flags
 * (with O_CLOEXEC from the descriptor), the mount and inode, then what the file's
 * kind adds (eventfd-count, sigmask, tfd lines). */
#include <emu/cgroup.h>
#include <emu/fs.h>
#include <emu/proc_fs.h>
#include <emu/task.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#define LINUX_O_LARGEFILE 0100000 /* the libc's O_LARGEFILE is 0 on x86-64 */

static int mnt_id(const struct file *f)
{
	if (f->pipe)
		return MNT_ID_PIPEFS;
	const char *rel;

	if (f->procfs && is_cgroup_path(f->path, &rel))
		return MNT_ID_CGROUP;
	if (f->procfs)
		return strncmp(f->path, "/sys", 4) ? MNT_ID_PROC : MNT_ID_SYSFS;
	return f->f_op ? MNT_ID_ANON : MNT_ID_ROOT;
}

int show_fdinfo(FILE *m, struct task *t, int fd)
{
	struct stat st;

	if (!t->files || fd < 0 || fd >= t->files->max_fds || !t->files->fd[fd].file)
		return -ENOENT;
	struct file *f = t->files->fd[fd].file;
	long pos = f->pipe ? 0 : lseek(f->host_fd, 0, SEEK_CUR);
	/* open(2) keeps neither O_CREAT, O_EXCL, O_NOCTTY nor O_TRUNC; it adds
	 * O_LARGEFILE on 64-bit to files it opens by name */
	unsigned flags = f->flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
	if (!f->pipe && !f->f_op)
		flags |= LINUX_O_LARGEFILE;
	if (!f->pipe) { /* F_SETFL changed them on the host descriptor */
		int host = fcntl(f->host_fd, F_GETFL);
		flags &= ~(O_NONBLOCK | O_APPEND);
		flags |= host < 0 ? 0 : host & (O_NONBLOCK | O_APPEND);
	}
	if (t->files->fd[fd].cloexec)
		flags |= O_CLOEXEC;
	if (f->pipe)
		pipe_stat(f, &st);
	else if (f->procfs ? procfs_stat(f->path, true, &st) : fstat(f->host_fd, &st))
		st.st_ino = 0;
	fprintf(m, "pos:\t%ld\nflags:\t0%o\nmnt_id:\t%d\nino:\t%lu\n", pos < 0 ? 0 : pos, flags,
		mnt_id(f), (unsigned long)st.st_ino);
	if (f->f_op && f->f_op->show_fdinfo)
		f->f_op->show_fdinfo(m, f);
	return 0;
}
