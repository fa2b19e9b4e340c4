/* cgroup v2's base behaviour on whatever cgroup2 hierarchy /proc/self/mounts names
 * (emu's own /sys/fs/cgroup under emu, the host's natively): a group made and
 * removed, processes moved in through cgroup.procs and by clone3's
 * CLONE_INTO_CGROUP, cgroup.events, cgroup.kill, and the errors of each.
 * Natively: 77 (skip) when no cgroup2 mount is writable or we are not root. Only
 * relative, deterministic results are printed. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

struct clone_args_v2 {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	uint64_t set_tid, set_tid_size, cgroup;
};

static char mnt[2048], grp[3072], name[64];

static const char *errname(int e)
{
	static const struct { int e; const char *n; } t[] = {
		{ 0, "0" }, { EINVAL, "EINVAL" }, { ESRCH, "ESRCH" }, { EBUSY, "EBUSY" },
		{ EEXIST, "EEXIST" }, { EBADF, "EBADF" }, { ENOENT, "ENOENT" }, { EACCES, "EACCES" },
		{ ENOTDIR, "ENOTDIR" }, { EPERM, "EPERM" }, { ERANGE, "ERANGE" }, { EISDIR, "EISDIR" },
		{ ENODEV, "ENODEV" }, { EOPNOTSUPP, "EOPNOTSUPP" }, { EAGAIN, "EAGAIN" },
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++)
		if (t[i].e == e)
			return t[i].n;
	return "other";
}

/* The first cgroup2 mount, from /proc/self/mounts. */
static int find_cgroup2(void)
{
	FILE *f = fopen("/proc/self/mounts", "r");
	char dev[256], dir[2048], type[64];

	while (f && fscanf(f, "%255s %2047s %63s %*[^\n]", dev, dir, type) == 3)
		if (!strcmp(type, "cgroup2")) {
			snprintf(mnt, sizeof mnt, "%s", dir);
			fclose(f);
			return 0;
		}
	if (f)
		fclose(f);
	return -1;
}

static void path_of(char *out, const char *file)
{
	snprintf(out, 4096, "%.3072s/%.512s", grp, file);
}

/* A write of text to the group's file: "0" or the errno's name. */
static const char *put(const char *file, const char *text)
{
	char p[4096];
	int fd, e = 0;

	path_of(p, file);
	if ((fd = open(p, O_WRONLY)) < 0)
		return errname(errno);
	if (write(fd, text, strlen(text)) < 0)
		e = errno;
	close(fd);
	return errname(e);
}

static void get(const char *file, char *buf, size_t size)
{
	char p[4096];
	int fd;
	ssize_t n = -1;

	path_of(p, file);
	if ((fd = open(p, O_RDONLY)) >= 0) {
		n = read(fd, buf, size - 1);
		close(fd);
	}
	buf[n > 0 ? n : 0] = '\0';
}

static void show(const char *file)
{
	char buf[4096];

	get(file, buf, sizeof buf);
	printf("%s:\n%s", file, buf);
}

static void show_mode(const char *file)
{
	char p[4096];
	struct stat st;

	path_of(p, file);
	if (stat(p, &st))
		printf("stat %s: %s\n", file, errname(errno));
	else
		printf("mode %s: %s %o uid %u\n", file, S_ISDIR(st.st_mode) ? "dir" : "file",
		       (unsigned)(st.st_mode & 07777), (unsigned)st.st_uid);
}

/* Whether pid is listed in the group's cgroup.procs, and how many lines it has. */
static void check_procs(const char *what, pid_t pid)
{
	char buf[4096], *line, *save;
	int lines = 0, found = 0;

	get("cgroup.procs", buf, sizeof buf);
	for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		lines++;
		found += atoi(line) == pid;
	}
	printf("%s: %d line(s), child listed %d\n", what, lines, found);
}

/* /proc/PID/cgroup's v2 line names our group. */
static void check_proc_cgroup(const char *what, pid_t pid)
{
	char p[64], line[4096], want[128];
	FILE *f;
	int ok = 0;

	snprintf(p, sizeof p, "/proc/%d/cgroup", pid);
	snprintf(want, sizeof want, "/%s\n", name);
	if ((f = fopen(p, "r"))) {
		while (fgets(line, sizeof line, f))
			if (!strncmp(line, "0::", 3) && strlen(line) >= strlen(want) &&
			    !strcmp(line + strlen(line) - strlen(want), want))
				ok = 1;
		fclose(f);
	}
	printf("%s: /proc/PID/cgroup names the group %d\n", what, ok);
}

static pid_t sleeper(int *release)
{
	int p[2];
	char c;

	if (pipe(p))
		exit(2);
	pid_t pid = fork();
	if (pid == 0) {
		close(p[1]);
		_exit(read(p[0], &c, 1) == 1 ? 0 : 3); /* until released, or 3 at EOF */
	}
	close(p[0]);
	*release = p[1];
	return pid;
}

static void status(const char *what, int st)
{
	if (WIFSIGNALED(st))
		printf("%s: killed by %s\n", what, WTERMSIG(st) == SIGKILL ? "SIGKILL" : "another signal");
	else
		printf("%s: exit %d\n", what, WEXITSTATUS(st));
}

static long clone_into(int fd, uint64_t flags)
{
	struct clone_args_v2 a = { .flags = flags, .exit_signal = SIGCHLD, .cgroup = (uint64_t)fd };

	return syscall(SYS_clone3, &a, sizeof a);
}

static void test_move(void)
{
	int release, st;
	pid_t pid = sleeper(&release);
	char text[32];

	check_procs("empty group", -1);
	show("cgroup.events");
	snprintf(text, sizeof text, "%d\n", pid);
	printf("move child: %s\n", put("cgroup.procs", text));
	check_procs("after move", pid);
	check_proc_cgroup("child", pid);
	show("cgroup.events");
	printf("rmdir while populated: %s\n", rmdir(grp) ? errname(errno) : "0");
	printf("write abc: %s\n", put("cgroup.procs", "abc"));
	printf("write -1: %s\n", put("cgroup.procs", "-1"));
	printf("write a pid nobody has: %s\n", put("cgroup.procs", "2147483000"));
	char c = 'x';
	if (write(release, &c, 1) != 1)
		exit(2);
	close(release);
	waitpid(pid, &st, 0);
	status("moved child", st);
	check_procs("after exit", pid);
	show("cgroup.events");
}

static void test_clone_into(void)
{
	int fd = open(grp, O_RDONLY | O_DIRECTORY), p[2], st;
	char c;

	if (fd < 0 || pipe(p))
		exit(2);
	long pid = clone_into(fd, CLONE_INTO_CGROUP);
	if (pid == 0) {
		close(p[1]);
		_exit(read(p[0], &c, 1) == 1 ? 0 : 3);
	}
	close(p[0]);
	printf("clone3 CLONE_INTO_CGROUP: %s\n", pid > 0 ? "child" : errname(errno));
	check_procs("after clone3", (pid_t)pid);
	check_proc_cgroup("clone3 child", (pid_t)pid);
	if (write(p[1], "x", 1) != 1)
		exit(2);
	close(p[1]);
	waitpid((pid_t)pid, &st, 0);
	status("clone3 child", st);

	int file = openat(fd, "cgroup.procs", O_RDONLY);
	errno = 0;
	printf("clone3 into a cgroup file: %s\n", clone_into(file, CLONE_INTO_CGROUP) < 0 ? errname(errno) : "child");
	int tmp = open("/", O_RDONLY | O_DIRECTORY);
	errno = 0;
	printf("clone3 into /: %s\n", clone_into(tmp, CLONE_INTO_CGROUP) < 0 ? errname(errno) : "child");
	errno = 0;
	printf("clone3 into a closed fd: %s\n", clone_into(1000, CLONE_INTO_CGROUP) < 0 ? errname(errno) : "child");
	errno = 0;
	printf("clone3 into fd -1: %s\n", clone_into(-1, CLONE_INTO_CGROUP) < 0 ? errname(errno) : "child");
	close(tmp);
	close(file);
	close(fd);
}

static void test_kill(void)
{
	int release, st;
	pid_t pid = sleeper(&release);
	char text[32];

	snprintf(text, sizeof text, "%d", pid);
	printf("move for kill: %s\n", put("cgroup.procs", text));
	printf("cgroup.kill 2: %s\n", put("cgroup.kill", "2"));
	printf("cgroup.kill x: %s\n", put("cgroup.kill", "x"));
	printf("cgroup.kill 1: %s\n", put("cgroup.kill", "1"));
	waitpid(pid, &st, 0);
	status("killed child", st);
	close(release);
}

static void test_files(void)
{
	char sub[4096];

	show_mode("");
	show_mode("cgroup.procs");
	show_mode("cgroup.threads");
	show_mode("cgroup.events");
	show_mode("cgroup.controllers");
	show_mode("cgroup.subtree_control");
	show_mode("cgroup.kill");
	show_mode("cgroup.freeze");
	show_mode("cgroup.type");
	show_mode("cgroup.max.depth");
	show_mode("cgroup.nonexistent");
	show("cgroup.type");
	show("cgroup.max.depth");
	show("cgroup.max.descendants");
	show("cgroup.controllers");
	show("cgroup.subtree_control");
	printf("subtree_control +bogus: %s\n", put("cgroup.subtree_control", "+bogus"));
	printf("subtree_control memory: %s\n", put("cgroup.subtree_control", "memory"));
	printf("max.depth abc: %s\n", put("cgroup.max.depth", "abc"));
	printf("max.depth 0: %s\n", put("cgroup.max.depth", "0"));
	path_of(sub, "sub");
	printf("mkdir past max.depth: %s\n", mkdir(sub, 0755) ? errname(errno) : "0");
	printf("max.depth max: %s\n", put("cgroup.max.depth", "max"));
	printf("mkdir sub: %s\n", mkdir(sub, 0755) ? errname(errno) : "0");
	printf("mkdir sub again: %s\n", mkdir(sub, 0755) ? errname(errno) : "0");
	char st[4096];
	get("cgroup.stat", st, sizeof st);
	printf("cgroup.stat: %.*s\n", (int)strcspn(st, "\n"), st);
	printf("rmdir with a child group: %s\n", rmdir(grp) ? errname(errno) : "0");
	printf("rmdir a file: %s\n", rmdir(strcat(strcpy(st, grp), "/cgroup.procs")) ? errname(errno) : "0");
	printf("unlink a file: %s\n", unlink(st) ? errname(errno) : "0");
	printf("rmdir sub: %s\n", rmdir(sub) ? errname(errno) : "0");
	printf("cgroup.type threaded-ish: %s\n", put("cgroup.type", "domain"));
}

/* cgroup.events' frozen, after at most a second of waiting (Linux freezes the
 * tasks asynchronously; emu at once). */
static int frozen_within(int want)
{
	char buf[256];

	for (int i = 0; i < 1000; i++) {
		get("cgroup.events", buf, sizeof buf);
		char *f = strstr(buf, "frozen ");
		if (f && atoi(f + 7) == want)
			return 1;
		usleep(1000);
	}
	return 0;
}

/* cgroup.freeze: a spinning child stops counting while frozen, counts again when
 * thawed, and dies of SIGKILL while frozen. */
static void test_freeze(void)
{
	volatile long *counter = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int st;

	if (counter == MAP_FAILED)
		exit(2);
	pid_t pid = fork();
	if (pid == 0)
		for (;;)
			(*counter)++;
	char text[32];
	snprintf(text, sizeof text, "%d", pid);
	printf("move spinner: %s\n", put("cgroup.procs", text));
	show("cgroup.freeze");
	printf("cgroup.freeze 2: %s\n", put("cgroup.freeze", "2"));
	printf("cgroup.freeze 1: %s\n", put("cgroup.freeze", "1"));
	printf("frozen 1: %d\n", frozen_within(1));
	long a = *counter;
	usleep(20000);
	printf("a frozen task does not run: %d\n", *counter == a);
	show("cgroup.freeze");
	printf("cgroup.freeze 0: %s\n", put("cgroup.freeze", "0"));
	printf("frozen 0: %d\n", frozen_within(0));
	a = *counter;
	for (int i = 0; i < 1000 && *counter == a; i++)
		usleep(1000);
	printf("a thawed task runs: %d\n", *counter != a);
	printf("cgroup.freeze 1 again: %s\n", put("cgroup.freeze", "1"));
	printf("frozen 1 again: %d\n", frozen_within(1));
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	status("frozen spinner", st);
	printf("cgroup.freeze 0: %s\n", put("cgroup.freeze", "0"));
	munmap((void *)counter, 4096);
}

/* As an unprivileged user: the files and directories are root's. */
static void test_unprivileged(void)
{
	int st, p[2];

	if (pipe(p))
		exit(2);
	pid_t pid = fork();
	if (pid == 0) {
		char sub[4096], line[256];
		int fd;
		if (setgid(65534) || setuid(65534))
			_exit(2);
		path_of(sub, "sub");
		int n = snprintf(line, sizeof line, "mkdir: %s\n", mkdir(sub, 0755) ? errname(errno) : "0");
		path_of(sub, "cgroup.procs");
		fd = open(sub, O_WRONLY);
		n += snprintf(line + n, sizeof line - n, "open cgroup.procs for writing: %s\n", fd < 0 ? errname(errno) : "0");
		fd = open(grp, O_RDONLY | O_DIRECTORY);
		errno = 0;
		long c = clone_into(fd, CLONE_INTO_CGROUP);
		if (c == 0)
			_exit(0);
		n += snprintf(line + n, sizeof line - n, "clone3 CLONE_INTO_CGROUP: %s\n", c < 0 ? errname(errno) : "child");
		if (c > 0)
			waitpid((pid_t)c, NULL, 0);
		n += snprintf(line + n, sizeof line - n, "rmdir: %s\n", rmdir(grp) ? errname(errno) : "0");
		_exit(write(p[1], line, (size_t)n) == n ? 0 : 3);
	}
	close(p[1]);
	char buf[512];
	ssize_t n = read(p[0], buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	close(p[0]);
	waitpid(pid, &st, 0);
	printf("as nobody:\n%s", buf);
	status("unprivileged child", st);
}

int main(void)
{
	if (geteuid() != 0 || find_cgroup2())
		return 77;
	snprintf(name, sizeof name, "emu-test-%d", (int)getpid());
	snprintf(grp, sizeof grp, "%s/%s", mnt, name);
	if (mkdir(grp, 0755))
		return errno == EACCES || errno == EROFS || errno == EPERM ? 77 : 1;
	setvbuf(stdout, NULL, _IONBF, 0);
	test_files();
	test_move();
	test_clone_into();
	test_kill();
	test_freeze();
	test_unprivileged();
	printf("rmdir: %s\n", rmdir(grp) ? errname(errno) : "0");
	printf("rmdir again: %s\n", rmdir(grp) ? errname(errno) : "0");
	printf("mkdir in a missing group: %s\n", mkdir(strcat(grp, "/x"), 0755) ? errname(errno) : "0");
	return 0;
}
