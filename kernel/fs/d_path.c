/* getcwd: the path of the task's working directory, read back from the host. */
#include <emu/fs.h>
#include <emu/mm.h>
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

	/* a removed working directory has no path: Linux says ENOENT */
	if (fstat(current->fs->cwd_fd, &st) == 0 && st.st_nlink == 0)
		return -ENOENT;
	snprintf(link, sizeof link, "/proc/self/fd/%d", current->fs->cwd_fd);
	ssize_t len = readlink(link, path, sizeof path - 1);
	if (len < 0)
		return -errno;
	path[len++] = '\0';
	if ((unsigned long)len > size)
		return -ERANGE;
	return copy_to_user(buf, path, len) ? -EFAULT : len;
}
