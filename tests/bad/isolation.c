/* Run under emu only: no route from the guest reaches emu's own host process
 * through /proc. Each line is "ok: ..." or "FAIL: ..."; the exit status counts the
 * failures. (Natively every one of these would reach the real /proc.) */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;

static void check(const char *what, int ok)
{
	printf("%s: %s\n", ok ? "ok" : "FAIL", what);
	failures += !ok;
}

/* Whatever this path opens, it must not show emu's host process. */
static int shows_host(int dirfd, const char *path)
{
	static char buf[1 << 16];
	int fd = openat(dirfd, path, O_RDONLY);
	if (fd < 0)
		return 0;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return strstr(buf, "unicorn") || strstr(buf, "libcapstone") || strstr(buf, "/emu\n");
}

int main(void)
{
	char link[] = "/tmp/emu-isolation-XXXXXX";
	int root = open("/", O_RDONLY | O_DIRECTORY);

	check("/proc/self/maps is the program's", !shows_host(AT_FDCWD, "/proc/self/maps"));
	check("/proc/self/mem cannot be opened for writing", open("/proc/self/mem", O_RDWR) < 0);
	check("openat(\"/\", \"proc/self/maps\")", !shows_host(root, "proc/self/maps"));
	check("/tmp/../proc/self/maps", !shows_host(AT_FDCWD, "/tmp/../proc/self/maps"));
	mkdtemp(link);
	char sym[64];
	snprintf(sym, sizeof sym, "%s/p", link);
	symlink("/proc", sym);
	char via[96];
	snprintf(via, sizeof via, "%s/self/maps", sym);
	check("a symlink to /proc", !shows_host(AT_FDCWD, via));
	snprintf(via, sizeof via, "%s/self/mem", sym);
	check("/proc/self/mem through a symlink", open(via, O_RDWR) < 0);
	unlink(sym);
	rmdir(link);
	if (chdir("/proc") == 0)
		check("self/maps relative to /proc", !shows_host(AT_FDCWD, "self/maps"));
	check("/sys is emu's", open("/sys/kernel/mm/transparent_hugepage/enabled", O_RDONLY) < 0);
	return failures;
}
