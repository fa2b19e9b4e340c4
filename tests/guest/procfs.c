/* /proc as the program sees it: the fields whose values the kernel decides the same
 * way on every run (names, states, ids, masks, thread counts, region permissions,
 * argv), compared with the real kernel. Addresses, sizes and times are left out. */
#include <dirent.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static char text[65536];

static const char *slurp(const char *path)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, text, sizeof text - 1);

	text[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
	return n < 0 ? NULL : text;
}

/* "Field:\tvalue" of /proc/self/status, value only */
static void status_field(const char *field)
{
	static char lines[sizeof text + 1];
	char key[64], *p;

	slurp("/proc/self/status");
	snprintf(lines, sizeof lines, "\n%s", text); /* every field after a newline */
	snprintf(key, sizeof key, "\n%s:", field);
	p = strstr(lines, key);
	if (!p) {
		printf("%s: missing\n", field);
		return;
	}
	p += strlen(key);
	p += strspn(p, " \t");
	printf("%s: %.*s\n", field, (int)strcspn(p, "\n"), p);
}

static void ids(void)
{
	int tgid = 0, pid = 0, ppid = 0;

	slurp("/proc/self/status");
	sscanf(strstr(text, "\nTgid:"), "\nTgid:\t%d", &tgid);
	sscanf(strstr(text, "\nPid:"), "\nPid:\t%d", &pid);
	sscanf(strstr(text, "\nPPid:"), "\nPPid:\t%d", &ppid);
	printf("Tgid is getpid: %d, Pid is gettid: %d, PPid is getppid: %d\n", tgid == getpid(),
	       pid == gettid(), ppid == getppid());
}

static void *idle(void *arg)
{
	pause();
	return NULL;
}

static void maps(void *anon)
{
	char line[512], *save;
	char want[32];

	snprintf(want, sizeof want, "%lx-", (unsigned long)anon);
	slurp("/proc/self/maps");
	for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		snprintf(line, sizeof line, "%s", l);
		char perms[8];
		sscanf(line, "%*s %7s", perms);
		if (!strncmp(line, want, strlen(want)))
			printf("maps: the anonymous mapping is %s\n", perms);
		if (strstr(line, "[stack]"))
			printf("maps: [stack] is %s\n", perms);
	}
}

static int listed(const char *dir, const char *name)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0, n = 0;

	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			n++;
			found |= !strcmp(e->d_name, name);
		}
	if (d)
		closedir(d);
	return d ? found : -1;
}

static void dirs(void)
{
	char name[32], buf[256];
	int p[2];

	snprintf(name, sizeof name, "%d", getpid());
	printf("/proc lists this process: %d\n", listed("/proc", name));
	printf("/proc/self lists status and task: %d %d\n", listed("/proc/self", "status"),
	       listed("/proc/self", "task"));
	snprintf(name, sizeof name, "%d", gettid());
	printf("/proc/self/task/ lists this thread: %d\n", listed("/proc/self/task/", name));
	printf("/proc/self/fd lists 0, 1 and 2: %d\n",
	       listed("/proc/self/fd", "0") && listed("/proc/self/fd", "1") && listed("/proc/self/fd", "2"));
	ssize_t n = readlink("/proc/self", buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	snprintf(name, sizeof name, "%d", getpid());
	printf("readlink(/proc/self) is the pid: %d\n", !strcmp(buf, name));
	pipe(p);
	snprintf(name, sizeof name, "/proc/self/fd/%d", p[0]);
	n = readlink(name, buf, sizeof buf - 1);
	buf[n > 0 ? n : 0] = '\0';
	printf("a pipe's link: %.6s\n", buf);
	int d = open("/proc/self", O_RDONLY | O_DIRECTORY);
	int f = openat(d, "comm", O_RDONLY);
	n = read(f, buf, sizeof buf);
	printf("openat(/proc/self, comm): %.*s", (int)n, buf);
	close(f);
	f = open("/proc/self/comm", O_WRONLY);
	printf("write to comm: %zd\n", write(f, "renamed\n", 8));
	close(f);
	printf("comm now: ");
	fflush(stdout);
	f = open("/proc/self/comm", O_RDONLY);
	n = read(f, buf, sizeof buf);
	printf("%.*s|\n", (int)n, buf);
	f = open("/proc/self/oom_score_adj", O_WRONLY);
	ssize_t w500 = write(f, "500", 3), w2000 = write(f, "2000", 4);
	printf("oom_score_adj 500: %zd, 2000: %zd\n", w500, w2000);
	close(f);
	slurp("/proc/self/oom_score_adj");
	printf("oom_score_adj now: %s", text);
	prctl(PR_SET_TIMERSLACK, 12345);
	slurp("/proc/self/timerslack_ns");
	printf("timerslack_ns after PR_SET_TIMERSLACK: %s", text);
}

int main(int argc, char **argv)
{
	sigset_t set;
	pthread_t th;

	status_field("Name");
	status_field("State");
	ids();
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGRTMIN + 2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	signal(SIGUSR2, SIG_IGN);
	signal(SIGHUP, (void (*)(int))idle);
	status_field("SigBlk");
	status_field("SigIgn");
	status_field("SigCgt");
	status_field("Threads");
	pthread_create(&th, NULL, idle, NULL);
	status_field("Threads");
	void *anon = mmap(NULL, 3 * 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	maps(anon);
	mprotect(anon, 4096, PROT_READ | PROT_WRITE | PROT_EXEC);
	maps(anon);
	slurp("/proc/self/comm");
	printf("comm: %s", text);
	int fd = open("/proc/self/cmdline", O_RDONLY);
	ssize_t n = read(fd, text, sizeof text);
	size_t want = 0;
	for (int i = 0; i < argc; i++)
		want += strlen(argv[i]) + 1;
	printf("cmdline: %zd bytes, argv has %zu, last is %s\n", n, want, text + want - 1 - strlen(argv[argc - 1]));
	slurp("/proc/self/stat");
	int spid;
	char comm[64], state;
	sscanf(text, "%d (%63[^)]) %c", &spid, comm, &state);
	printf("stat: pid is getpid: %d, comm %s, state %c\n", spid == getpid(), comm, state);
	slurp("/proc/thread-self/comm");
	printf("thread-self/comm: %s", text);
	printf("sysconf(_SC_NPROCESSORS_ONLN) matches sched_getaffinity: %d\n",
	       (int)sysconf(_SC_NPROCESSORS_ONLN) == CPU_COUNT(&(cpu_set_t){ 0 }) ||
		       ({ cpu_set_t s; sched_getaffinity(0, sizeof s, &s); CPU_COUNT(&s) == sysconf(_SC_NPROCESSORS_ONLN); }));
	printf("/proc/self/nonexistent: %s\n", slurp("/proc/self/nonexistent") ? "opened" : "fails");
	dirs();
	return 0;
}
