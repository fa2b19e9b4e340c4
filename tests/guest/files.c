/* Files: open flags, read and write in all their forms, offsets, holes, stat in its
 * four forms (fields that do not change between runs), access, rename and unlink,
 * and the errors Linux gives for the usual mistakes. */
#include "check.h"
#include <fcntl.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

/* struct statx by offset: musl 1.2.3 has neither statx() nor the struct */
static uint64_t field(const void *buf, size_t off, size_t len)
{
	uint64_t v = 0;
	memcpy(&v, (const char *)buf + off, len); /* little-endian */
	return v;
}
#define STX_MASK(b) ((uint32_t)field(b, 0x00, 4))
#define STX_NLINK(b) ((uint32_t)field(b, 0x10, 4))
#define STX_MODE(b) ((uint16_t)field(b, 0x1c, 2))
#define STX_SIZE(b) field(b, 0x28, 8)
#define STATX_TYPE_MODE_SIZE (0x1 | 0x2 | 0x200)

static int sys_statx(int dfd, const char *path, int flags, void *buf)
{
	return syscall(SYS_statx, dfd, path, flags, STATX_TYPE_MODE_SIZE, buf);
}

int main(void)
{
	char buf[64] = { 0 };
	struct stat st;
	uint64_t stx[32];

	printf("umask was %03o\n", umask(022));
	int fd = open("a.txt", O_WRONLY | O_CREAT | O_EXCL, 0666);
	CHECK("open O_CREAT|O_EXCL of a new file", fd >= 0);
	CHECK("write", write(fd, "hello, world\n", 13) == 13);
	CHECK("fstat size", fstat(fd, &st) == 0 && st.st_size == 13 && S_ISREG(st.st_mode));
	CHECK("one link", st.st_nlink == 1);
	CHECK("mode after umask 022 is 0644", (st.st_mode & 07777) == 0644);
	CHECK("owned by us", st.st_uid == getuid() && st.st_gid == getgid());
	CHECK("write of 0 bytes", write(fd, buf, 0) == 0);
	EXPECT_ERRNO("read from a write-only fd", read(fd, buf, 1), EBADF);
	close(fd);
	EXPECT_ERRNO("O_EXCL on an existing file", open("a.txt", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	umask(077);
	fd = openat(AT_FDCWD, "private.txt", O_RDWR | O_CREAT, 0666);
	CHECK("openat AT_FDCWD O_CREAT", fd >= 0);
	CHECK("mode after umask 077 is 0600", fstat(fd, &st) == 0 && (st.st_mode & 07777) == 0600);
	close(fd);
	unlink("private.txt");
	umask(022);

	fd = open("a.txt", O_RDWR);
	CHECK("read all", read(fd, buf, sizeof buf) == 13 && !memcmp(buf, "hello, world\n", 13));
	CHECK("read at EOF returns 0", read(fd, buf, sizeof buf) == 0);
	CHECK("lseek SEEK_SET", lseek(fd, 7, SEEK_SET) == 7);
	CHECK("read after lseek", read(fd, buf, 5) == 5 && !memcmp(buf, "world", 5));
	CHECK("lseek SEEK_CUR", lseek(fd, -5, SEEK_CUR) == 7);
	CHECK("lseek SEEK_END", lseek(fd, 0, SEEK_END) == 13);
	EXPECT_ERRNO("lseek to a negative offset", lseek(fd, -100, SEEK_SET), EINVAL);
	EXPECT_ERRNO("lseek with a bad whence", lseek(fd, 0, 42), EINVAL);
	CHECK("the failed lseeks left the offset", lseek(fd, 0, SEEK_CUR) == 13);
	CHECK("pwrite", pwrite(fd, "W", 1, 7) == 1);
	CHECK("pread", pread(fd, buf, 5, 7) == 5 && !memcmp(buf, "World", 5));
	CHECK("pread leaves the offset", lseek(fd, 0, SEEK_CUR) == 13);
	CHECK("pread past the end returns 0", pread(fd, buf, 5, 1000) == 0);
	EXPECT_ERRNO("pread at a negative offset", pread(fd, buf, 5, -1), EINVAL);
	struct iovec iov[4] = { { "one ", 4 }, { "two ", 4 }, { NULL, 0 }, { "three\n", 6 } };
	CHECK("writev with an empty element", writev(fd, iov, 4) == 14);
	char x[4], y[4], z[6];
	struct iovec rv[3] = { { x, 4 }, { y, 4 }, { z, 6 } };
	lseek(fd, 13, SEEK_SET);
	CHECK("readv", readv(fd, rv, 3) == 14 && !memcmp(x, "one ", 4) && !memcmp(y, "two ", 4) &&
	      !memcmp(z, "three\n", 6));
	CHECK("readv at EOF returns 0", readv(fd, rv, 3) == 0);
	EXPECT_ERRNO("writev with a negative count", syscall(SYS_writev, fd, iov, -1), EINVAL);
	CHECK("size is 27", fstat(fd, &st) == 0 && st.st_size == 27);

	/* a write past the end leaves a hole that reads as zeroes */
	CHECK("lseek past the end", lseek(fd, 100, SEEK_END) == 127);
	CHECK("write after the hole", write(fd, "end", 3) == 3);
	CHECK("the size counts the hole", fstat(fd, &st) == 0 && st.st_size == 130);
	memset(buf, 'x', sizeof buf);
	CHECK("the hole reads as zeroes", pread(fd, buf, 10, 50) == 10 && !memcmp(buf, "\0\0\0\0\0\0\0\0\0\0", 10));
	CHECK("ftruncate shrinks", ftruncate(fd, 5) == 0 && fstat(fd, &st) == 0 && st.st_size == 5);
	CHECK("a short read at the end", pread(fd, buf, 64, 0) == 5 && !memcmp(buf, "hello", 5));
	close(fd);

	fd = open("a.txt", O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	CHECK("O_APPEND write", write(fd, "!", 1) == 1);
	CHECK("O_APPEND moves the offset to the end", lseek(fd, 0, SEEK_CUR) == 6);
	/* Linux's documented bug: pwrite on an O_APPEND fd appends too */
	CHECK("pwrite on O_APPEND", pwrite(fd, "?", 1, 0) == 1);
	close(fd);
	CHECK("O_APPEND writes at the end", stat("a.txt", &st) == 0 && st.st_size == 7);
	fd = open("a.txt", O_RDONLY);
	CHECK("appended bytes", read(fd, buf, 64) == 7 && !memcmp(buf, "hello!?", 7));
	EXPECT_ERRNO("write to a read-only fd", write(fd, "x", 1), EBADF);
	CHECK("statx with AT_EMPTY_PATH on the fd", sys_statx(fd, "", AT_EMPTY_PATH, stx) == 0 &&
	      STX_SIZE(stx) == 7 && S_ISREG(STX_MODE(stx)));
	close(fd);

	memset(stx, 0, sizeof stx);
	CHECK("statx", sys_statx(AT_FDCWD, "a.txt", 0, stx) == 0);
	CHECK("statx mask has type, mode and size",
	      (STX_MASK(stx) & STATX_TYPE_MODE_SIZE) == STATX_TYPE_MODE_SIZE);
	CHECK("statx size, mode and links", STX_SIZE(stx) == 7 && S_ISREG(STX_MODE(stx)) &&
	      (STX_MODE(stx) & 07777) == 0644 && STX_NLINK(stx) == 1);
	CHECK("statx of a directory", sys_statx(AT_FDCWD, ".", 0, stx) == 0 && S_ISDIR(STX_MODE(stx)));
	EXPECT_ERRNO("statx of a missing file", sys_statx(AT_FDCWD, "missing", 0, stx), ENOENT);
	EXPECT_ERRNO("statx with a bad flag", syscall(SYS_statx, AT_FDCWD, "a.txt", 0x80000000, 0x7ff, stx), EINVAL);
	CHECK("newfstatat", fstatat(AT_FDCWD, "a.txt", &st, 0) == 0 && st.st_size == 7);
	CHECK("newfstatat AT_SYMLINK_NOFOLLOW on a file", fstatat(AT_FDCWD, "a.txt", &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	      S_ISREG(st.st_mode));
	CHECK("lstat of a file", lstat("a.txt", &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 7);
	CHECK("stat of the directory", stat(".", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK("stat of /dev/null is a character device", stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));
	CHECK("access R_OK|W_OK", access("a.txt", R_OK | W_OK) == 0);
	CHECK("access X_OK on a directory", access(".", X_OK) == 0);
	CHECK("faccessat", faccessat(AT_FDCWD, "a.txt", R_OK, 0) == 0);
	EXPECT_ERRNO("access of a missing file", access("missing", F_OK), ENOENT);
	EXPECT_ERRNO("access with a bad mode", access("a.txt", 0x80), EINVAL);
	EXPECT_ERRNO("faccessat of a missing file", faccessat(AT_FDCWD, "missing", F_OK, 0), ENOENT);
	EXPECT_ERRNO("access with a file as a directory", access("a.txt/x", F_OK), ENOTDIR);

	CHECK("rename", rename("a.txt", "b.txt") == 0 && access("b.txt", F_OK) == 0);
	EXPECT_ERRNO("the old name is gone", stat("a.txt", &st), ENOENT);
	close(open("c.txt", O_WRONLY | O_CREAT, 0644));
	EXPECT_ERRNO("renameat2 RENAME_NOREPLACE onto a file",
		     syscall(SYS_renameat2, AT_FDCWD, "b.txt", AT_FDCWD, "c.txt", 1 /* RENAME_NOREPLACE */), EEXIST);
	CHECK("rename over an existing file replaces it", rename("c.txt", "b.txt") == 0 &&
	      stat("b.txt", &st) == 0 && st.st_size == 0 && access("c.txt", F_OK) == -1);
	EXPECT_ERRNO("rename of a missing file", rename("missing", "d.txt"), ENOENT);
	CHECK("renameat", renameat(AT_FDCWD, "b.txt", AT_FDCWD, "a.txt") == 0);
	fd = open("a.txt", O_WRONLY);
	write(fd, "abc", 3);
	close(fd);
	CHECK("O_TRUNC empties it", (fd = open("a.txt", O_RDWR | O_TRUNC)) >= 0 && fstat(fd, &st) == 0 &&
	      st.st_size == 0);
	close(fd);
	CHECK("unlink", unlink("a.txt") == 0);
	EXPECT_ERRNO("unlink again", unlink("a.txt"), ENOENT);

	/* an open file outlives its name */
	fd = open("gone.txt", O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "still here", 10);
	unlink("gone.txt");
	CHECK("an unlinked open file still reads", pread(fd, buf, 10, 0) == 10 && !memcmp(buf, "still here", 10));
	CHECK("and has no links", fstat(fd, &st) == 0 && st.st_nlink == 0);
	close(fd);

	EXPECT_ERRNO("open a missing file", open("nope", O_RDONLY), ENOENT);
	EXPECT_ERRNO("open in a missing directory", open("nope/x", O_RDONLY | O_CREAT, 0644), ENOENT);
	EXPECT_ERRNO("open with an empty path", open("", O_RDONLY), ENOENT);
	EXPECT_ERRNO("close a bad fd", close(1000), EBADF);
	EXPECT_ERRNO("close a negative fd", close(-1), EBADF);
	EXPECT_ERRNO("write to a bad fd", write(99, "x", 1), EBADF);
	EXPECT_ERRNO("read from a bad fd", read(99, buf, 1), EBADF);
	EXPECT_ERRNO("fstat of a bad fd", fstat(99, &st), EBADF);
	EXPECT_ERRNO("lseek on a bad fd", lseek(99, 0, SEEK_SET), EBADF);
	EXPECT_ERRNO("openat with a bad dirfd", openat(99, "x", O_RDONLY), EBADF);
	CHECK("openat ignores the dirfd for an absolute path", (fd = openat(99, "/dev/null", O_RDONLY)) >= 0);
	close(fd);
	EXPECT_ERRNO("open a directory for writing", open(".", O_WRONLY), EISDIR);
	fd = open(".", O_RDONLY);
	EXPECT_ERRNO("read from a directory", read(fd, buf, sizeof buf), EISDIR);
	close(fd);
	fd = open("c.txt", O_WRONLY | O_CREAT, 0600);
	close(fd);
	EXPECT_ERRNO("a file as a directory", open("c.txt/x", O_RDONLY), ENOTDIR);
	EXPECT_ERRNO("O_DIRECTORY on a file", open("c.txt", O_RDONLY | O_DIRECTORY), ENOTDIR);
	EXPECT_ERRNO("O_CREAT|O_EXCL on a directory", open(".", O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	unlink("c.txt");
	return failures;
}
