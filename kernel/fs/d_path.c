/* getcwd and /proc/PID/fd links: the path of a working directory or open file, read
 * back from the host and named as the guest sees it (a tmpfs's under its mount). */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/mount.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

SYSCALL_DEFINE2(getcwd, uint64_t, buf, unsigned long, size)
{
	char link[64], path[PATH_MAX];
	struct stat st;

	if (current->fs->proc_cwd[0]) { /* in emu's /proc: its name there */
		size_t n = strlen(current->fs->proc_cwd) + 1;
		if (n > size)
			return -ERANGE;
		return copy_to_user(buf, current->fs->proc_cwd, n) ? -EFAULT : (long)n;
	}
	/* a removed working directory has no path: Linux says ENOENT */
	if (fstat(current->fs->cwd_fd, &st) == 0 && st.st_nlink == 0)
		return -ENOENT;
	snprintf(link, sizeof link, "/proc/self/fd/%d", current->fs->cwd_fd);
	ssize_t len = readlink(link, path, sizeof path - 1);
	if (len < 0)
		return -errno;
	path[len] = '\0';
	d_path_guest(path, sizeof path); /* a tmpfs's files are under its mount point */
	len = strlen(path) + 1;
	if ((unsigned long)len > size)
		return -ERANGE;
	return copy_to_user(buf, path, len) ? -EFAULT : len;
}

/* What /proc/PID/fd/N says of an open file, as Linux's d_path: the host file's path,
 * "pipe:[ino]" for a pipe, "anon_inode:[eventfd]" for emu's own kinds. Returns the
 * length (not NUL-terminated beyond size) or -errno. */
int fd_link_target(const struct file *f, char *buf, size_t size)
{
	char link[64];
	struct stat st;

	if (f->pipe) {
		pipe_stat((struct file *)f, &st);
		return snprintf(buf, size, "pipe:[%lu]", (unsigned long)st.st_ino);
	}
	if (f->f_op || f->host_fd < 0 || f->procfs) /* a /proc file: its name there */
		return snprintf(buf, size, "%s", f->path);
	snprintf(link, sizeof link, "/proc/self/fd/%d", f->host_fd); /* emu's own, for its path */
	char path[PATH_MAX];
	ssize_t len = readlink(link, path, sizeof path - 1);
	if (len < 0)
		return -errno;
	path[len] = '\0';
	d_path_guest(path, sizeof path);
	len = strlen(path);
	memcpy(buf, path, (size_t)len < size ? (size_t)len : size);
	return (size_t)len < size ? (int)len : (int)size;
}
