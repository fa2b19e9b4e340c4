/* Descriptors: dup, dup2, dup3, fcntl, close-on-exec flags, shared offsets and file
 * status flags, ioctl on a file, /dev/null and a pipe (ENOTTY), sendfile, and stdout
 * redirected by dup2. */
#include "check.h"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <termios.h>
#include <unistd.h>

int main(void)
{
	char buf[16];
	int fd = open("f.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);

	write(fd, "0123456789", 10);
	int d = dup(fd);
	CHECK("dup gives the lowest free fd", d == fd + 1);
	CHECK("dup shares the offset", lseek(fd, 2, SEEK_SET) == 2 && lseek(d, 0, SEEK_CUR) == 2);
	CHECK("dup2 to a chosen fd", dup2(fd, 10) == 10);
	CHECK("dup2 to itself", dup2(fd, fd) == fd);
	EXPECT_ERRNO("dup3 to itself", dup3(fd, fd, 0), EINVAL);
	EXPECT_ERRNO("dup3 with a bad flag", syscall(SYS_dup3, fd, 11, 0x1), EINVAL);
	CHECK("dup3 O_CLOEXEC", dup3(fd, 11, O_CLOEXEC) == 11 && fcntl(11, F_GETFD) == FD_CLOEXEC);
	CHECK("dup leaves close-on-exec clear", fcntl(d, F_GETFD) == 0);
	CHECK("F_SETFD", fcntl(d, F_SETFD, FD_CLOEXEC) == 0 && fcntl(d, F_GETFD) == FD_CLOEXEC);
	CHECK("F_DUPFD from 20", fcntl(fd, F_DUPFD, 20) == 20);
	CHECK("F_DUPFD_CLOEXEC from 20", fcntl(fd, F_DUPFD_CLOEXEC, 20) == 21 &&
	      fcntl(21, F_GETFD) == FD_CLOEXEC);
	CHECK("F_GETFL access mode", (fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR);
	CHECK("F_SETFL O_APPEND shows through dup", fcntl(fd, F_SETFL, O_APPEND) == 0 &&
	      (fcntl(d, F_GETFL) & O_APPEND));
	EXPECT_ERRNO("fcntl on a bad fd", fcntl(99, F_GETFD), EBADF);
	EXPECT_ERRNO("F_DUPFD with a negative minimum", fcntl(fd, F_DUPFD, -1), EINVAL);
	int ro = open("/dev/null", O_RDONLY);
	CHECK("F_GETFL of a read-only fd", (fcntl(ro, F_GETFL) & O_ACCMODE) == O_RDONLY);
	close(ro);
	CHECK("F_SETFL cannot change the access mode", fcntl(d, F_SETFL, O_RDONLY) == 0 &&
	      (fcntl(d, F_GETFL) & O_ACCMODE) == O_RDWR);
	CHECK("F_SETFL clears O_APPEND", (fcntl(fd, F_GETFL) & O_APPEND) == 0);
	EXPECT_ERRNO("an unknown fcntl command", fcntl(fd, 12345), EINVAL);
	EXPECT_ERRNO("dup2 from a bad fd", dup2(99, 12), EBADF);
	EXPECT_ERRNO("dup2 from a bad fd leaves the target alone", fcntl(12, F_GETFD), EBADF);
	EXPECT_ERRNO("dup2 to a negative fd", dup2(fd, -1), EBADF);
	EXPECT_ERRNO("dup2 beyond RLIMIT_NOFILE", dup2(fd, 1 << 30), EBADF);
	EXPECT_ERRNO("dup of a bad fd", dup(99), EBADF);
	int other = open("other.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK("dup2 onto an open fd replaces it", dup2(fd, other) == other && lseek(other, 0, SEEK_END) == 10);
	close(other);
	unlink("other.txt");
	struct termios t;
	EXPECT_ERRNO("TCGETS on a file", ioctl(fd, TCGETS, &t), ENOTTY);
	int null = open("/dev/null", O_RDWR);
	EXPECT_ERRNO("TCGETS on /dev/null", ioctl(null, TCGETS, &t), ENOTTY);
	CHECK("/dev/null swallows writes", write(null, "abc", 3) == 3);
	CHECK("/dev/null reads as EOF", read(null, buf, sizeof buf) == 0);
	close(null);
	int p[2];
	CHECK("pipe", pipe(p) == 0);
	EXPECT_ERRNO("TCGETS on a pipe", ioctl(p[0], TCGETS, &t), ENOTTY);
	CHECK("F_GETFL of a pipe's ends", (fcntl(p[0], F_GETFL) & O_ACCMODE) == O_RDONLY &&
	      (fcntl(p[1], F_GETFL) & O_ACCMODE) == O_WRONLY);
	close(p[0]);
	close(p[1]);
	EXPECT_ERRNO("ioctl on a bad fd", ioctl(99, TCGETS, &t), EBADF);
	struct winsize ws;
	EXPECT_ERRNO("TIOCGWINSZ on a file", ioctl(fd, TIOCGWINSZ, &ws), ENOTTY);
	CHECK("close", close(10) == 0);
	EXPECT_ERRNO("close twice", close(10), EBADF);
	close(d);
	CHECK("the lowest closed fd is the next one dup gives", dup(fd) == d);

	int out = open("copy.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
	off_t off = 3;
	CHECK("sendfile with an offset", sendfile(out, fd, &off, 4) == 4 && off == 7);
	CHECK("sendfile result", pread(out, buf, 4, 0) == 4 && !memcmp(buf, "3456", 4));

	fflush(stdout);
	int saved = dup(1);
	dup2(out, 1);
	printf("into the file\n");
	fflush(stdout);
	dup2(saved, 1);
	CHECK("stdout redirected with dup2", pread(out, buf, 14, 4) == 14 &&
	      !memcmp(buf, "into the file\n", 14));
	unlink("f.txt");
	unlink("copy.txt");
	return failures;
}
