/* Files: open flags, read and write in all their forms, offsets, stat, rename and
 * unlink, and the errors Linux gives for the usual mistakes. */
#include "check.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

int main(void)
{
	char buf[64] = { 0 };
	struct stat st;
	uint64_t stx[32]; /* struct statx: musl 1.2.3 has no statx(), so the raw call */

	umask(022);
	int fd = open("a.txt", O_WRONLY | O_CREAT | O_TRUNC, 0666);
	CHECK("open O_CREAT", fd >= 0);
	CHECK("write", write(fd, "hello, world\n", 13) == 13);
	CHECK("fstat size", fstat(fd, &st) == 0 && st.st_size == 13 && S_ISREG(st.st_mode));
	CHECK("mode after umask 022 is 0644", (st.st_mode & 0777) == 0644);
	EXPECT_ERRNO("read from a write-only fd", read(fd, buf, 1), EBADF);
	close(fd);
	EXPECT_ERRNO("O_EXCL on an existing file", open("a.txt", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);

	fd = open("a.txt", O_RDWR);
	CHECK("read all", read(fd, buf, sizeof buf) == 13 && !memcmp(buf, "hello, world\n", 13));
	CHECK("read at EOF returns 0", read(fd, buf, sizeof buf) == 0);
	CHECK("lseek SEEK_SET", lseek(fd, 7, SEEK_SET) == 7);
	CHECK("read after lseek", read(fd, buf, 5) == 5 && !memcmp(buf, "world", 5));
	CHECK("lseek SEEK_CUR", lseek(fd, -5, SEEK_CUR) == 7);
	CHECK("lseek SEEK_END", lseek(fd, 0, SEEK_END) == 13);
	EXPECT_ERRNO("lseek to a negative offset", lseek(fd, -100, SEEK_SET), EINVAL);
	CHECK("pwrite", pwrite(fd, "W", 1, 7) == 1);
	CHECK("pread", pread(fd, buf, 5, 7) == 5 && !memcmp(buf, "World", 5));
	CHECK("pread leaves the offset", lseek(fd, 0, SEEK_CUR) == 13);
	struct iovec iov[3] = { { "one ", 4 }, { "two ", 4 }, { "three\n", 6 } };
	CHECK("writev", writev(fd, iov, 3) == 14);
	char x[4], y[4], z[6];
	struct iovec rv[3] = { { x, 4 }, { y, 4 }, { z, 6 } };
	lseek(fd, 13, SEEK_SET);
	CHECK("readv", readv(fd, rv, 3) == 14 && !memcmp(y, "two ", 4) && !memcmp(z, "three\n", 6));
	CHECK("ftruncate", ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0 && st.st_size == 5);
	close(fd);

	fd = open("a.txt", O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	write(fd, "!", 1);
	close(fd);
	CHECK("O_APPEND writes at the end", stat("a.txt", &st) == 0 && st.st_size == 6);
	fd = open("a.txt", O_RDONLY);
	read(fd, buf, 6);
	CHECK("appended byte", buf[5] == '!');
	close(fd);
	CHECK("statx size", syscall(SYS_statx, AT_FDCWD, "a.txt", 0, 0x200 /* STATX_SIZE */, stx) == 0 &&
				    stx[5] == 6 /* stx_size */);
	CHECK("newfstatat", fstatat(AT_FDCWD, "a.txt", &st, 0) == 0 && st.st_size == 6);
	CHECK("access R_OK|W_OK", access("a.txt", R_OK | W_OK) == 0);
	EXPECT_ERRNO("access of a missing file", access("missing", F_OK), ENOENT);
	CHECK("rename", rename("a.txt", "b.txt") == 0 && access("b.txt", F_OK) == 0);
	EXPECT_ERRNO("the old name is gone", stat("a.txt", &st), ENOENT);
	CHECK("O_TRUNC", (fd = open("b.txt", O_RDWR | O_TRUNC)) >= 0 && fstat(fd, &st) == 0 && st.st_size == 0);
	close(fd);
	CHECK("unlink", unlink("b.txt") == 0);
	EXPECT_ERRNO("unlink again", unlink("b.txt"), ENOENT);
	EXPECT_ERRNO("open a missing file", open("nope/x", O_RDONLY), ENOENT);
	EXPECT_ERRNO("close a bad fd", close(1000), EBADF);
	EXPECT_ERRNO("write to a bad fd", write(99, "x", 1), EBADF);
	EXPECT_ERRNO("open a directory for writing", open(".", O_WRONLY), EISDIR);
	fd = open("c.txt", O_WRONLY | O_CREAT, 0600);
	close(fd);
	EXPECT_ERRNO("a file as a directory", open("c.txt/x", O_RDONLY), ENOTDIR);
	unlink("c.txt");
	return failures;
}
