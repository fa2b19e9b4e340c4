/* /proc as the program sees it: the fields whose values the kernel decides the same
 * way on every run (names, states, ids, masks, thread counts, region permissions,
 * argv), compared with the real kernel. Addresses, sizes and times are left out. */
#include <fcntl.h>
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
	return 0;
}
