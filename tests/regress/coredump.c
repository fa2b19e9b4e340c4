/* Core dumps (core(5)): each case runs in a child in its own directory and dies;
 * the parent prints the signal, the WCOREDUMP bit and whether a "core" file is
 * there. The SIGSEGV case leaves tests/regress/coredump.sh a core to read: two
 * threads, the fault in crash_here, one page MADV_DONTDUMP. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

__attribute__((noinline)) void crash_here(volatile int *p)
{
	*p = 42;
}

static void *idle(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void die(const char *how)
{
	char *keep = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *drop = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	pthread_t t;

	strcpy(keep, "KEEP-THIS-");
	strcat(keep, "MARKER"); /* the marker appears whole only in memory */
	strcpy(drop, "DROP-THIS-");
	strcat(drop, "MARKER");
	madvise(drop, 8192, MADV_DONTDUMP);
	pthread_create(&t, NULL, idle, NULL);
	if (!strcmp(how, "abort"))
		abort();
	if (!strcmp(how, "quit"))
		kill(getpid(), SIGQUIT);
	if (!strcmp(how, "term"))
		kill(getpid(), SIGTERM);
	crash_here((int *)16);
}

static void run(const char *name, const char *how, rlim_t core, int dumpable)
{
	struct rlimit r = { core, RLIM_INFINITY };
	struct stat st;
	char path[64];
	int status;
	pid_t p;

	mkdir(name, 0755);
	fflush(stdout);
	if (!(p = fork())) {
		chdir(name);
		setrlimit(RLIMIT_CORE, &r);
		prctl(PR_SET_DUMPABLE, dumpable);
		die(how);
		_exit(0);
	}
	waitpid(p, &status, 0);
	snprintf(path, sizeof path, "%s/core", name);
	printf("%s: signal %d, core bit %d, core file %s\n", name,
	       WIFSIGNALED(status) ? WTERMSIG(status) : 0, WIFSIGNALED(status) && WCOREDUMP(status),
	       stat(path, &st) ? "no" : "yes");
}

int main(void)
{
	run("segv", "segv", RLIM_INFINITY, 1);
	run("abort", "abort", RLIM_INFINITY, 1);
	run("quit", "quit", RLIM_INFINITY, 1);
	run("term", "term", RLIM_INFINITY, 1);
	run("limit0", "segv", 0, 1);
	run("limit-below-a-page", "segv", 1000, 1);
	run("limit-too-small", "segv", 8192, 1);
	run("not-dumpable", "segv", RLIM_INFINITY, 0);
	return 0;
}
