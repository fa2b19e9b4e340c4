/* Bad pointers: every call that is handed memory the program does not own returns
 * EFAULT, and emu survives. Raw system calls, so libc cannot crash first. Where Linux
 * does part of the work before it meets the bad page (a buffer that runs into an
 * unmapped page), the result is printed, so it is compared with the real kernel's. */
#include "check.h"
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define BAD ((void *)1)
#define LOW ((void *)8)
#define KERNEL ((void *)0xffff800000000000UL)
#define PG 4096

int main(void)
{
	struct stat st;
	char buf[64];
	int fd = open("f", O_RDWR | O_CREAT, 0644);

	write(fd, "data", 4);
	lseek(fd, 0, SEEK_SET);
	EXPECT_ERRNO("read into (void *)1", syscall(SYS_read, fd, BAD, 4), EFAULT);
	EXPECT_ERRNO("read into (void *)8", syscall(SYS_read, fd, LOW, 4), EFAULT);
	EXPECT_ERRNO("read into a kernel address", syscall(SYS_read, fd, KERNEL, 4), EFAULT);
	CHECK("the failed reads left the offset", lseek(fd, 0, SEEK_CUR) == 0);
	EXPECT_ERRNO("write from (void *)1", syscall(SYS_write, fd, BAD, 4), EFAULT);
	EXPECT_ERRNO("write from a kernel address", syscall(SYS_write, fd, KERNEL, 4), EFAULT);
	CHECK("read at EOF into a bad buffer returns 0", lseek(fd, 0, SEEK_END) == 4 &&
	      syscall(SYS_read, fd, BAD, 4) == 0);
	CHECK("write of 0 bytes from a bad buffer returns 0", syscall(SYS_write, fd, BAD, 0) == 0);
	EXPECT_ERRNO("pread into a bad buffer", syscall(SYS_pread64, fd, BAD, 4, 0), EFAULT);
	EXPECT_ERRNO("pwrite from a bad buffer", syscall(SYS_pwrite64, fd, BAD, 4, 0), EFAULT);
	CHECK("the file is unchanged", fstat(fd, &st) == 0 && st.st_size == 4 && pread(fd, buf, 4, 0) == 4 &&
	      !memcmp(buf, "data", 4));
	EXPECT_ERRNO("writev with a bad iovec array", syscall(SYS_writev, fd, BAD, 2), EFAULT);
	EXPECT_ERRNO("readv with a bad iovec array", syscall(SYS_readv, fd, BAD, 2), EFAULT);
	struct iovec iov = { BAD, 4 };
	EXPECT_ERRNO("writev with a bad buffer", syscall(SYS_writev, fd, &iov, 1), EFAULT);
	lseek(fd, 0, SEEK_SET);
	EXPECT_ERRNO("readv with a bad buffer", syscall(SYS_readv, fd, &iov, 1), EFAULT);

	/* paths */
	EXPECT_ERRNO("open with a bad path", syscall(SYS_open, BAD, O_RDONLY), EFAULT);
	EXPECT_ERRNO("openat with a bad path", syscall(SYS_openat, AT_FDCWD, BAD, O_RDONLY), EFAULT);
	EXPECT_ERRNO("open O_CREAT with a kernel path", syscall(SYS_open, KERNEL, O_CREAT | O_WRONLY, 0644), EFAULT);
	EXPECT_ERRNO("stat with a bad path", syscall(SYS_stat, BAD, &st), EFAULT);
	EXPECT_ERRNO("lstat with a bad path", syscall(SYS_lstat, BAD, &st), EFAULT);
	EXPECT_ERRNO("access with a bad path", syscall(SYS_access, BAD, F_OK), EFAULT);
	EXPECT_ERRNO("mkdir with a bad path", syscall(SYS_mkdir, BAD, 0755), EFAULT);
	EXPECT_ERRNO("unlink with a bad path", syscall(SYS_unlink, BAD), EFAULT);
	EXPECT_ERRNO("rename from a bad path", syscall(SYS_rename, BAD, "g"), EFAULT);
	EXPECT_ERRNO("rename to a bad path", syscall(SYS_rename, "f", BAD), EFAULT);
	CHECK("f is still there", access("f", F_OK) == 0);
	EXPECT_ERRNO("chdir with a bad path", syscall(SYS_chdir, BAD), EFAULT);
	EXPECT_ERRNO("readlink with a bad path", syscall(SYS_readlink, BAD, buf, sizeof buf), EFAULT);

	/* results written to bad memory */
	EXPECT_ERRNO("stat into a bad buffer", syscall(SYS_stat, "f", BAD), EFAULT);
	EXPECT_ERRNO("fstat into a bad buffer", syscall(SYS_fstat, fd, BAD), EFAULT);
	EXPECT_ERRNO("newfstatat into a bad buffer", syscall(SYS_newfstatat, AT_FDCWD, "f", BAD, 0), EFAULT);
	EXPECT_ERRNO("statx into a bad buffer", syscall(SYS_statx, AT_FDCWD, "f", 0, 0x7ff, BAD), EFAULT);
	EXPECT_ERRNO("getcwd into a bad buffer", syscall(SYS_getcwd, BAD, 100), EFAULT);
	EXPECT_ERRNO("uname into a bad buffer", syscall(SYS_uname, BAD), EFAULT);
	EXPECT_ERRNO("readlink into a bad buffer", syscall(SYS_readlink, "/proc/self/exe", BAD, 100), EFAULT);
	EXPECT_ERRNO("getdents64 into a bad buffer",
		     syscall(SYS_getdents64, open(".", O_RDONLY | O_DIRECTORY), BAD, 4096), EFAULT);
	EXPECT_ERRNO("sysinfo into a bad buffer", syscall(SYS_sysinfo, BAD), EFAULT);
	EXPECT_ERRNO("sched_getaffinity into a bad buffer", syscall(SYS_sched_getaffinity, 0, 128, BAD), EFAULT);
	EXPECT_ERRNO("prlimit64 into a bad buffer", syscall(SYS_prlimit64, 0, 3 /* RLIMIT_STACK */, NULL, BAD), EFAULT);
	EXPECT_ERRNO("getrlimit into a bad buffer", syscall(SYS_getrlimit, 3, BAD), EFAULT);
	EXPECT_ERRNO("clock_gettime into a bad buffer", syscall(SYS_clock_gettime, CLOCK_REALTIME, BAD), EFAULT);
	EXPECT_ERRNO("time into a bad pointer", syscall(SYS_time, BAD), EFAULT);
	EXPECT_ERRNO("getrandom into a bad buffer", syscall(SYS_getrandom, BAD, 16, 0), EFAULT);
	if (syscall(SYS_getgroups, 0, NULL) > 0) /* with no groups nothing is copied */
		EXPECT_ERRNO("getgroups into a bad buffer", syscall(SYS_getgroups, 64, BAD), EFAULT);

	/* memory that exists but may not be written: a read-only page, a PROT_NONE page
	 * (only the kernel touches these, never the program) */
	char *ro = mmap(NULL, PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	lseek(fd, 0, SEEK_SET);
	EXPECT_ERRNO("read into a read-only page", syscall(SYS_read, fd, ro, 4), EFAULT);
	CHECK("write from a read-only page works", syscall(SYS_pwrite64, fd, ro, 4, 0) == 4);
	char *none = mmap(NULL, PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	EXPECT_ERRNO("write from a PROT_NONE page", syscall(SYS_write, fd, none, 4), EFAULT);
	EXPECT_ERRNO("read into a PROT_NONE page", syscall(SYS_read, fd, none, 4), EFAULT);
	EXPECT_ERRNO("stat into a PROT_NONE page", syscall(SYS_stat, "f", none), EFAULT);

	/* a buffer that runs off the end of its mapping */
	char *two = mmap(NULL, 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(two + PG, PG);
	memset(two, 'w', PG);
	EXPECT_ERRNO("a path that runs into an unmapped page", syscall(SYS_open, two + PG - 10, O_RDONLY), EFAULT);
	EXPECT_ERRNO("a 4096-byte path without NUL is too long", syscall(SYS_open, two, O_RDONLY), ENAMETOOLONG);
	int big = open("big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	printf("write of 8192 bytes, only 4096 mapped: %ld\n", syscall(SYS_write, big, two, 2 * PG));
	printf("file size after it: %ld\n", (long)lseek(big, 0, SEEK_END));
	char zeros[2 * PG];
	memset(zeros, 'z', sizeof zeros);
	pwrite(big, zeros, sizeof zeros, 0);
	lseek(big, 0, SEEK_SET);
	printf("read of 8192 bytes, only 4096 mapped: %ld\n", syscall(SYS_read, big, two, 2 * PG));
	printf("offset after it: %ld\n", (long)lseek(big, 0, SEEK_CUR));
	printf("bytes read: %s\n", two[0] == 'z' && two[PG - 1] == 'z' ? "z..z" : "other");
	close(big);
	unlink("big");

	close(fd);
	unlink("f");
	return failures;
}
