/* The newer files of /proc/PID and /proc/sys, compared with the real kernel on the
 * parts it decides the same way each run: smaps of a known mapping, smaps_rollup's
 * form, limits against getrlimit, fdinfo of a file, pipe, eventfd, signalfd and
 * epoll, mountinfo against /proc/mounts, pagemap's bits, /proc/PID/mem of the
 * process itself and of its child, and the sysctls programs read. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char text[1 << 17];

static char *slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	size_t len = 0;
	ssize_t n = 0;

	text[0] = '\0';
	if (fd < 0)
		return NULL;
	while (len < sizeof text - 1 && (n = read(fd, text + len, sizeof text - 1 - len)) > 0)
		len += n;
	text[len] = '\0';
	close(fd);
	return text;
}

/* The value of "Field:" in the block of text from p on (up to the next region). */
static long field_kb(const char *p, const char *field)
{
	const char *f = strstr(p, field);
	return f ? strtol(f + strlen(field), NULL, 10) : -1;
}

static void smaps(void)
{
	/* PROT_NONE pages on both sides: Linux merges neighbours of equal flags */
	char *guard = mmap(NULL, 5 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *map = guard + 4096, head[32];

	mprotect(map, 3 * 4096, PROT_READ | PROT_WRITE);

	map[0] = map[4096] = 1;
	snprintf(head, sizeof head, "\n%lx-", (unsigned long)map);
	if (!slurp("/proc/self/smaps"))
		return;
	char *p = strstr(text, head);
	if (!p) {
		printf("smaps: the mapping is missing\n");
		return;
	}
	char *next = strstr(p + 1, "VmFlags:");
	if (next)
		next[strcspn(next, "\n")] = '\0';
	printf("smaps: Size %ld Rss %ld Anonymous %ld Private_Dirty %ld Swap %ld Locked %ld\n",
	       field_kb(p, "Size:"), field_kb(p, "Rss:"), field_kb(p, "Anonymous:"),
	       field_kb(p, "Private_Dirty:"), field_kb(p, "Swap:"), field_kb(p, "Locked:"));
	printf("smaps: VmFlags has rd wr: %d, ac: %d, sh: %d\n", next && strstr(next, " rd wr "),
	       next && strstr(next, " ac"), next && strstr(next, " sh"));
	slurp("/proc/self/smaps_rollup");
	printf("smaps_rollup: [rollup] %d, Rss %d, Pss_Anon %d\n", strstr(text, "[rollup]\n") != NULL,
	       field_kb(text, "Rss:") > 0, strstr(text, "\nPss_Anon:") != NULL);
	munmap(guard, 5 * 4096);
}

static void limits(void)
{
	static const int res[] = { RLIMIT_STACK, RLIMIT_CORE, RLIMIT_NOFILE, RLIMIT_NICE };
	static const char *const names[] = { "Max stack size", "Max core file size",
					     "Max open files", "Max nice priority" };

	if (!slurp("/proc/self/limits"))
		return;
	printf("limits: %.*s\n", (int)strcspn(text, "\n"), text);
	for (int i = 0; i < 4; i++) {
		struct rlimit r;
		char soft[32], hard[32], want[2][32];
		char *l = strstr(text, names[i]);
		getrlimit(res[i], &r);
		if (!l || sscanf(l + 26, "%31s %31s", soft, hard) != 2) {
			printf("limits: %s missing\n", names[i]);
			continue;
		}
		for (int j = 0; j < 2; j++) {
			rlim_t v = j ? r.rlim_max : r.rlim_cur;
			if (v == RLIM_INFINITY)
				strcpy(want[j], "unlimited");
			else
				snprintf(want[j], sizeof want[j], "%lu", (unsigned long)v);
		}
		printf("limits: %s is getrlimit's: %d\n", names[i],
		       !strcmp(soft, want[0]) && !strcmp(hard, want[1]));
	}
}

/* fdinfo's first lines: pos and flags; ino against fstat; the rest as given. */
static void fdinfo(const char *what, int fd, const char *extra)
{
	char path[64];
	struct stat st;
	long pos = -1, ino = -1;
	unsigned flags = 0;

	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", fd);
	if (!slurp(path)) {
		printf("fdinfo %s: %s\n", what, strerror(errno));
		return;
	}
	sscanf(text, "pos:\t%ld\nflags:\t%o", &pos, &flags);
	char *i = strstr(text, "\nino:");
	if (i)
		ino = strtol(i + 5, NULL, 10);
	fstat(fd, &st);
	printf("fdinfo %s: pos %ld flags 0%o mnt_id %d ino is fstat's %d", what, pos, flags,
	       strstr(text, "\nmnt_id:") != NULL, ino == (long)st.st_ino);
	if (extra) { /* one line: eventfd-id numbers every eventfd of the machine */
		char *e = strstr(text, extra);
		printf(", %.*s", e ? (int)strcspn(e, "\n") : 6, e ? e : "(none)");
	}
	putchar('\n');
}

static void fdinfos(void)
{
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC), p[2];

	lseek(fd, 5, SEEK_SET);
	fdinfo("file", fd, NULL);
	close(fd);
	pipe(p);
	fdinfo("pipe read end", p[0], NULL);
	fcntl(p[1], F_SETFL, O_NONBLOCK);
	fdinfo("pipe write end", p[1], NULL);
	int efd = eventfd(5, EFD_CLOEXEC);
	fdinfo("eventfd", efd, "eventfd-count:");
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGTERM);
	int sfd = signalfd(-1, &set, 0);
	fdinfo("signalfd", sfd, "sigmask:");
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = 0x1234 };
	epoll_ctl(ep, EPOLL_CTL_ADD, efd, &ev);
	char path[64];
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", ep);
	int tfd = -1;
	unsigned events = 0;
	unsigned long long data = 0;
	char *t = slurp(path) ? strstr(text, "tfd:") : NULL;
	if (t)
		sscanf(t, "tfd: %d events: %x data: %llx", &tfd, &events, &data);
	printf("fdinfo epoll: tfd is the eventfd %d, events %x, data %llx\n", tfd == efd, events, data);
	snprintf(path, sizeof path, "/proc/self/fdinfo/%d", 1000);
	printf("fdinfo of a closed descriptor: %s\n", open(path, O_RDONLY) < 0 ? strerror(errno) : "opened");
	close(ep);
	close(sfd);
	close(efd);
	close(p[0]);
	close(p[1]);
}

static void mountinfo(void)
{
	slurp("/proc/self/mountinfo");
	int proc = strstr(text, " /proc ") && strstr(text, " - proc proc ");
	int fields = 0;
	char *dash = strstr(text, " - ");
	int id, parent, maj, min;
	fields = sscanf(text, "%d %d %d:%d", &id, &parent, &maj, &min);
	printf("mountinfo: /proc is proc %d, a line has 4 leading numbers %d, separator %d\n", proc,
	       fields == 4, dash != NULL);
	slurp("/proc/mounts");
	printf("mounts: /proc is proc %d\n", strstr(text, " /proc proc ") != NULL);
}

static void pagemap(void)
{
	char *map = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t e[4] = { 0 };
	int fd = open("/proc/self/pagemap", O_RDONLY);

	map[0] = map[2 * 4096] = 1;
	if (fd < 0 || pread(fd, e, sizeof e, (off_t)((unsigned long)map / 4096 * 8)) != sizeof e) {
		printf("pagemap: %s\n", strerror(errno));
		return;
	}
	for (int i = 0; i < 4; i++)
		printf("pagemap page %d: present %d swapped %d file %d exclusive %d pfn shown %d\n", i,
		       (int)(e[i] >> 63), (int)(e[i] >> 62 & 1), (int)(e[i] >> 61 & 1),
		       (int)(e[i] >> 56 & 1), (e[i] & ((1ULL << 55) - 1)) != 0);
	uint64_t x;
	printf("pagemap at an odd offset: %s\n", pread(fd, &x, 8, 3) < 0 ? strerror(errno) : "read");
	printf("pagemap for writing: %s\n", open("/proc/self/pagemap", O_RDWR) < 0 ? strerror(errno) : "opened");
	close(fd);
	munmap(map, 4 * 4096);
}

static volatile long var = 41;

static void mem(void)
{
	int fd = open("/proc/self/mem", O_RDWR), p[2];
	long v = 0, w = 42;

	int ok = pread(fd, &v, sizeof v, (off_t)(unsigned long)&var) == sizeof v;
	printf("mem: pread %d, value %ld\n", ok, v);
	ok = pwrite(fd, &w, sizeof w, (off_t)(unsigned long)&var) == sizeof w;
	printf("mem: pwrite %d, variable now %ld\n", ok, var);
	lseek(fd, (off_t)(unsigned long)&var, SEEK_SET);
	v = 0;
	ok = read(fd, &v, sizeof v) == sizeof v;
	printf("mem: read at lseek's offset %d, value %ld, offset after %d\n", ok, v,
	       lseek(fd, 0, SEEK_CUR) == (off_t)(unsigned long)&var + (off_t)sizeof v);
	close(fd);
	pipe(p);
	pid_t child = fork();
	if (child == 0) {
		var = 7;
		write(p[1], "x", 1);
		pause();
		_exit(0);
	}
	char c, path[64];
	read(p[0], &c, 1);
	snprintf(path, sizeof path, "/proc/%d/mem", child);
	fd = open(path, O_RDONLY);
	ok = fd >= 0 && pread(fd, &v, sizeof v, (off_t)(unsigned long)&var) == sizeof v;
	printf("mem of the child: %d, its value %ld, ours %ld\n", ok, v, var);
	close(fd);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
}

static void sysctls(void)
{
	static const char *const numbers[] = { "/proc/sys/vm/max_map_count", "/proc/sys/fs/nr_open",
		"/proc/sys/kernel/core_uses_pid", "/proc/sys/vm/nr_hugepages",
		"/proc/sys/fs/pipe-max-size" };

	for (int i = 0; i < 5; i++) {
		char *end;
		slurp(numbers[i]);
		strtol(text, &end, 10);
		printf("%s: a number %d\n", numbers[i], end != text && *end == '\n');
	}
	slurp("/proc/sys/net/ipv4/conf/lo/tag");
	printf("net.ipv4.conf.lo.tag: %s", text);
	slurp("/proc/sys/net/ipv4/conf/default/tag");
	printf("net.ipv4.conf.default.tag: %s", text);
}

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	smaps();
	limits();
	fdinfos();
	mountinfo();
	pagemap();
	mem();
	sysctls();
	return 0;
}
