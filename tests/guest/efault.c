/* Bad pointers: every call that is handed memory the program does not own returns
 * EFAULT, and emu survives. Raw system calls, so libc cannot crash first. */
#include "check.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#define BAD ((void *)8)
#define KERNEL ((void *)0xffff800000000000UL)

int main(void)
{
	struct stat st;
	int fd = open("f", O_RDWR | O_CREAT, 0644);

	write(fd, "data", 4);
	lseek(fd, 0, SEEK_SET);
	EXPECT_ERRNO("read into a bad buffer", syscall(SYS_read, fd, BAD, 4), EFAULT);
	EXPECT_ERRNO("read into a kernel address", syscall(SYS_read, fd, KERNEL, 4), EFAULT);
	EXPECT_ERRNO("write from a bad buffer", syscall(SYS_write, fd, BAD, 4), EFAULT);
	CHECK("read at EOF into a bad buffer returns 0", lseek(fd, 0, SEEK_END) == 4 &&
	      syscall(SYS_read, fd, BAD, 4) == 0);
	EXPECT_ERRNO("open with a bad path", syscall(SYS_open, BAD, O_RDONLY), EFAULT);
	EXPECT_ERRNO("stat with a bad path", syscall(SYS_stat, BAD, &st), EFAULT);
	EXPECT_ERRNO("stat into a bad buffer", syscall(SYS_stat, "f", BAD), EFAULT);
	EXPECT_ERRNO("fstat into a bad buffer", syscall(SYS_fstat, fd, BAD), EFAULT);
	EXPECT_ERRNO("writev with a bad iovec array", syscall(SYS_writev, fd, BAD, 2), EFAULT);
	struct iovec iov = { BAD, 4 };
	EXPECT_ERRNO("writev with a bad buffer", syscall(SYS_writev, fd, &iov, 1), EFAULT);
	EXPECT_ERRNO("getcwd into a bad buffer", syscall(SYS_getcwd, BAD, 100), EFAULT);
	EXPECT_ERRNO("uname into a bad buffer", syscall(SYS_uname, BAD), EFAULT);
	EXPECT_ERRNO("readlink into a bad buffer", syscall(SYS_readlink, "/proc/self/exe", BAD, 100), EFAULT);
	EXPECT_ERRNO("chdir with a bad path", syscall(SYS_chdir, BAD), EFAULT);
	EXPECT_ERRNO("getdents64 into a bad buffer",
		     syscall(SYS_getdents64, open(".", O_RDONLY | O_DIRECTORY), BAD, 4096), EFAULT);
	close(fd);
	unlink("f");
	return failures;
}
