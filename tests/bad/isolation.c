/* Run under emu only: no route from the guest reaches emu's own host process
 * through /proc. Each line is "ok: ..." or "FAIL: ..."; the exit status counts the
 * failures. (Natively every one of these would reach the real /proc.) */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
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

/* /proc/self/mem reads and writes the program's memory, through its page tables:
 * a write lands in a variable, and an address the program has not mapped is EIO. */
static int mem_is_own(void)
{
	static volatile long var = 1;
	long two = 2, got = 0;
	int fd = open("/proc/self/mem", O_RDWR);

	if (fd < 0)
		return 0;
	int ok = pwrite(fd, &two, sizeof two, (off_t)(unsigned long)&var) == sizeof two && var == 2 &&
		 pread(fd, &got, sizeof got, (off_t)(unsigned long)&var) == sizeof got && got == 2;
	char *hole = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(hole, 4096);
	ok &= pread(fd, &got, 1, (off_t)(unsigned long)hole) < 0;
	close(fd);
	return ok;
}

/* readlink's answer must never be emu itself. */
static int links_to_emu(int dirfd, const char *path)
{
	char buf[4096];
	ssize_t n = readlinkat(dirfd, path, buf, sizeof buf - 1);

	buf[n > 0 ? n : 0] = '\0';
	return n > 4 && !strcmp(buf + n - 4, "/emu");
}

/* Every other path-taking call, from a /proc working directory and directory
 * descriptor, through "..", a symlink to /proc, and /dev/fd. */
static void host_routes(const char *tmp)
{
	char sym[96], via[128];
	struct stat st;
	struct statfs sfs;
	int proc = open("/proc/self", O_RDONLY | O_DIRECTORY);

	mkdir(tmp, 0700);
	snprintf(sym, sizeof sym, "%s/p", tmp);
	symlink("/proc", sym);
	check("chdir /proc/self", chdir("/proc/self") == 0);
	check("../../proc/1/environ from there", !shows_host(AT_FDCWD, "../../proc/1/environ"));
	check("../../proc/self/maps from there", !shows_host(AT_FDCWD, "../../proc/self/maps"));
	check("readlink exe from there", !links_to_emu(AT_FDCWD, "exe"));
	check("readlink ../self/exe from there", !links_to_emu(AT_FDCWD, "../self/exe"));
	check("chdir fd, readlink ../exe", chdir("fd") == 0 && !links_to_emu(AT_FDCWD, "../exe"));
	check("openat(/proc/self, ../../../proc/self/maps)",
	      !shows_host(proc, "../../../proc/self/maps"));
	check("readlinkat(/proc/self, exe)", !links_to_emu(proc, "exe"));
	chdir("/");
	snprintf(via, sizeof via, "%s/self/exe", sym);
	check("readlink through a symlink to /proc", !links_to_emu(AT_FDCWD, via));
	check("stat through a symlink to /proc is refused", stat(via, &st) < 0);
	snprintf(via, sizeof via, "%s/self", sym);
	check("statfs through a symlink to /proc is refused", statfs(via, &sfs) < 0);
	check("access through a symlink to /proc is refused", access(via, R_OK) < 0);
	check("chdir through a symlink to /proc is refused", chdir(via) < 0);
	check("/dev/fd/N is the guest's descriptor", !links_to_emu(AT_FDCWD, "/dev/fd/0"));
	snprintf(via, sizeof via, "/dev/fd/%d/maps", proc);
	check("/dev/fd/N/maps of a /proc/self descriptor", !shows_host(AT_FDCWD, via));
	check("chdir(\"/\"), stat(\"proc/self/exe\") is the program",
	      chdir("/") == 0 && stat("proc/self/exe", &st) == 0 && !links_to_emu(AT_FDCWD, "proc/self/exe"));
	unlink(sym);
	rmdir(tmp);
	close(proc);
}

int main(void)
{
	char link[] = "/tmp/emu-isolation-XXXXXX";
	int root = open("/", O_RDONLY | O_DIRECTORY);

	check("/proc/self/maps is the program's", !shows_host(AT_FDCWD, "/proc/self/maps"));
	check("/proc/self/mem writes only the program's memory", mem_is_own());
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
	host_routes(link);
	return failures;
}
