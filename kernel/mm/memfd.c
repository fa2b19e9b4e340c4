/* memfd_create: Linux's mm/memfd.c. The file is a host memfd, so MAP_SHARED
 * mappings of it share pages as any host file's do (kernel/mm/filemap.c), and
 * sealing is the host's. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#define MFD_NAME_MAX 249 /* NAME_MAX less "memfd:" */
#ifndef MFD_NOEXEC_SEAL
#define MFD_NOEXEC_SEAL 0x0008U /* Linux 6.3 */
#define MFD_EXEC 0x0010U
#endif
#define MFD_KNOWN (MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB | MFD_NOEXEC_SEAL | MFD_EXEC)

SYSCALL_DEFINE2(memfd_create, uint64_t, uname, unsigned, flags)
{
	char name[MFD_NAME_MAX + 2], path[MFD_NAME_MAX + 32];
	long len;

	if (flags & ~(unsigned)MFD_KNOWN)
		return -EINVAL;
	len = strncpy_from_user(name, uname, sizeof name);
	if (len < 0)
		return len == -ENAMETOOLONG ? -EINVAL : len;
	if (len > MFD_NAME_MAX)
		return -EINVAL;
	int host_fd = memfd_create(name, flags | MFD_CLOEXEC);
	if (host_fd < 0)
		return -errno;
	snprintf(path, sizeof path, "/memfd:%s (deleted)", name);
	struct file *f = file_from_host(host_fd, O_RDWR | O_LARGEFILE, path);
	if (!f) {
		close(host_fd);
		return -ENOMEM;
	}
	int fd = fd_install(f, flags & MFD_CLOEXEC, 0);
	if (fd < 0)
		fput(f);
	return fd;
}
