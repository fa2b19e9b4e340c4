/* openat2 (Linux 5.6), compared with the real kernel: struct open_how's size rules,
 * flags openat would ignore, mode without O_CREAT, and the RESOLVE_* limits on host
 * paths and on paths into /proc. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_openat2
#define SYS_openat2 437
#endif
#define RESOLVE_NO_XDEV 0x01
#define RESOLVE_NO_MAGICLINKS 0x02
#define RESOLVE_NO_SYMLINKS 0x04
#define RESOLVE_BENEATH 0x08
#define RESOLVE_IN_ROOT 0x10

struct how {
	uint64_t flags, mode, resolve;
	uint64_t tail; /* a bigger struct of a newer libc */
};

static void try(const char *what, int dirfd, const char *path, uint64_t flags, uint64_t mode,
		uint64_t resolve, size_t size, uint64_t tail)
{
	struct how h = { flags, mode, resolve, tail };
	long fd = syscall(SYS_openat2, dirfd, path, &h, size);

	printf("%s: %s\n", what, fd < 0 ? strerror(errno) : "opened");
	if (fd >= 0)
		close((int)fd);
}

int main(void)
{
	mkdir("d", 0755);
	close(open("d/file", O_CREAT | O_WRONLY, 0644));
	symlink("file", "d/sym");
	int d = open("d", O_RDONLY | O_DIRECTORY);

	try("plain", d, "file", O_RDONLY, 0, 0, 24, 0);
	try("size 23", d, "file", O_RDONLY, 0, 0, 23, 0);
	try("size 32, zero tail", d, "file", O_RDONLY, 0, 0, 32, 0);
	try("size 32, tail set", d, "file", O_RDONLY, 0, 0, 32, 1);
	try("an unknown flag", d, "file", O_RDONLY | 0x40000000, 0, 0, 24, 0);
	try("an unknown resolve flag", d, "file", O_RDONLY, 0, 0x1000, 24, 0);
	try("mode without O_CREAT", d, "file", O_RDONLY, 0644, 0, 24, 0);
	try("mode past 07777", d, "new", O_CREAT | O_WRONLY, 010000, 0, 24, 0);
	try("O_CREAT with a mode", d, "new", O_CREAT | O_WRONLY, 0600, 0, 24, 0);
	try("BENEATH and IN_ROOT", d, "file", O_RDONLY, 0, RESOLVE_BENEATH | RESOLVE_IN_ROOT, 24, 0);
	try("BENEATH, ../d/file", d, "../d/file", O_RDONLY, 0, RESOLVE_BENEATH, 24, 0);
	try("BENEATH, an absolute path", d, "/etc/passwd", O_RDONLY, 0, RESOLVE_BENEATH, 24, 0);
	try("IN_ROOT, /file", d, "/file", O_RDONLY, 0, RESOLVE_IN_ROOT, 24, 0);
	try("IN_ROOT, /proc/self/status", d, "/proc/self/status", O_RDONLY, 0, RESOLVE_IN_ROOT, 24, 0);
	try("NO_SYMLINKS, a symlink", d, "sym", O_RDONLY, 0, RESOLVE_NO_SYMLINKS, 24, 0);
	try("NO_SYMLINKS, the file", d, "file", O_RDONLY, 0, RESOLVE_NO_SYMLINKS, 24, 0);
	try("/proc/self/status", AT_FDCWD, "/proc/self/status", O_RDONLY, 0, 0, 24, 0);
	try("NO_SYMLINKS, /proc/self/status", AT_FDCWD, "/proc/self/status", O_RDONLY, 0, RESOLVE_NO_SYMLINKS, 24, 0);
	try("NO_MAGICLINKS, /proc/self/status", AT_FDCWD, "/proc/self/status", O_RDONLY, 0, RESOLVE_NO_MAGICLINKS, 24, 0);
	try("NO_MAGICLINKS, /proc/self/exe", AT_FDCWD, "/proc/self/exe", O_RDONLY, 0, RESOLVE_NO_MAGICLINKS, 24, 0);
	try("NO_MAGICLINKS, /proc/self/fd/0", AT_FDCWD, "/proc/self/fd/0", O_RDONLY, 0, RESOLVE_NO_MAGICLINKS, 24, 0);
	try("NO_XDEV, /proc/self/status", AT_FDCWD, "/proc/self/status", O_RDONLY, 0, RESOLVE_NO_XDEV, 24, 0);
	int p = open("/proc/self", O_RDONLY | O_DIRECTORY);
	try("NO_XDEV, status in a /proc/self descriptor", p, "status", O_RDONLY, 0, RESOLVE_NO_XDEV, 24, 0);
	try("BENEATH, status in it", p, "status", O_RDONLY, 0, RESOLVE_BENEATH, 24, 0);
	try("BENEATH, ../self/status from it", p, "../self/status", O_RDONLY, 0, RESOLVE_BENEATH, 24, 0);
	close(p);
	close(d);
	unlink("d/new");
	unlink("d/sym");
	unlink("d/file");
	rmdir("d");
	return 0;
}
