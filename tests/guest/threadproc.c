/* Threads meeting processes: fork from a thread (the child has one thread, the
 * forking one), execve from a thread that is not the leader (the new program has
 * the process's pid, the other threads are gone), a robust mutex whose owner thread
 * dies (EOWNERDEAD), and the scheduler calls (affinity, getcpu, policies). */
#include "check.h"
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static char *self;

static int nr_threads(void)
{
	/* a thread other than the caller would still be scheduled: count them by tgkill */
	int n = 0;
	for (int tid = getpid(); tid < getpid() + 64; tid++)
		if (syscall(SYS_tgkill, getpid(), tid, 0) == 0)
			n++;
	return n;
}

static void *forker(void *arg)
{
	pid_t pid = fork();
	if (pid == 0) {
		/* only this thread came along: it is the child's main thread */
		_exit(syscall(SYS_gettid) == getpid() && nr_threads() == 1 ? 0 : 1);
	}
	int status;
	waitpid(pid, &status, 0);
	return (void *)(long)(WIFEXITED(status) ? WEXITSTATUS(status) : 99);
}

static void *spinner(void *arg)
{
	for (;;)
		pause();
	return NULL;
}

static void *execer(void *arg)
{
	char pid[32];
	snprintf(pid, sizeof pid, "%d", getpid());
	execl(self, self, "after-exec", pid, (char *)NULL);
	return NULL; /* not reached */
}

static pthread_mutex_t robust;

static void *locker(void *arg)
{
	pthread_mutex_lock(&robust);
	return NULL; /* dies holding it */
}

static void test_robust(void)
{
	pthread_mutexattr_t a;
	pthread_t t;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(&robust, &a);
	pthread_create(&t, NULL, locker, NULL);
	pthread_join(t, NULL);
	int r = pthread_mutex_lock(&robust);
	CHECK("lock after the owner died: EOWNERDEAD", r == EOWNERDEAD);
	CHECK("pthread_mutex_consistent", pthread_mutex_consistent(&robust) == 0);
	CHECK("unlock", pthread_mutex_unlock(&robust) == 0);
	CHECK("lock again: 0", pthread_mutex_lock(&robust) == 0);
	pthread_mutex_unlock(&robust);
}

static void test_sched(void)
{
	cpu_set_t set;
	struct sched_param p = { 0 };
	unsigned cpu = 99;

	CHECK("sched_getaffinity includes CPU 0", sched_getaffinity(0, sizeof set, &set) == 0 && CPU_ISSET(0, &set));
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	CHECK("pin to CPU 0", sched_setaffinity(0, sizeof set, &set) == 0);
	CPU_ZERO(&set);
	sched_getaffinity(0, sizeof set, &set);
	CHECK("affinity now CPU 0 only", CPU_COUNT(&set) == 1 && CPU_ISSET(0, &set));
	CHECK("getcpu: 0", syscall(SYS_getcpu, &cpu, NULL, NULL) == 0 && cpu == 0);
	CPU_ZERO(&set);
	CPU_SET(1000, &set);
	errno = 0;
	CHECK("affinity to no online CPU: EINVAL", sched_setaffinity(0, sizeof set, &set) == -1 && errno == EINVAL);
	CHECK("policy SCHED_OTHER", sched_getscheduler(0) == SCHED_OTHER);
	CHECK("priority 0", sched_getparam(0, &p) == 0 && p.sched_priority == 0);
	CHECK("SCHED_FIFO priorities 1-99", sched_get_priority_min(SCHED_FIFO) == 1 && sched_get_priority_max(SCHED_FIFO) == 99);
	CHECK("SCHED_OTHER priority 0", sched_get_priority_max(SCHED_OTHER) == 0);
	errno = 0;
	CHECK("unknown policy: EINVAL", sched_get_priority_max(42) == -1 && errno == EINVAL);
	p.sched_priority = 5;
	errno = 0;
	CHECK("SCHED_OTHER with priority 5: EINVAL", sched_setscheduler(0, SCHED_OTHER, &p) == -1 && errno == EINVAL);
	p.sched_priority = 0;
	CHECK("SCHED_BATCH set and read back", sched_setscheduler(0, SCHED_BATCH, &p) == 0 && sched_getscheduler(0) == SCHED_BATCH);
	sched_setscheduler(0, SCHED_OTHER, &p);
	errno = 0;
	CHECK("pid -1: EINVAL", sched_getscheduler(-1) == -1 && errno == EINVAL);
	errno = 0;
	CHECK("nice starts at 0", getpriority(PRIO_PROCESS, 0) == 0 && errno == 0);
	CHECK("setpriority 5", setpriority(PRIO_PROCESS, 0, 5) == 0 && getpriority(PRIO_PROCESS, 0) == 5);
	CHECK("setpriority 50 is clamped to 19",
	      setpriority(PRIO_PROCESS, 0, 50) == 0 && getpriority(PRIO_PROCESS, 0) == 19);
	errno = 0;
	CHECK("getpriority of no process: ESRCH", getpriority(PRIO_PROCESS, 999999) == -1 && errno == ESRCH);
	errno = 0;
	CHECK("setpriority with a bad which: EINVAL", setpriority(7, 0, 0) == -1 && errno == EINVAL);
}

int main(int argc, char **argv)
{
	pthread_t t;
	void *ret;

	if (argc == 3 && !strcmp(argv[1], "after-exec")) {
		CHECK("after execve from a thread: the process's pid", atoi(argv[2]) == getpid());
		CHECK("... and its only thread is the leader", syscall(SYS_gettid) == getpid());
		CHECK("... the other threads are gone", nr_threads() == 1);
		return failures;
	}
	self = argv[0];
	pthread_create(&t, NULL, forker, NULL);
	pthread_join(t, &ret);
	CHECK("fork from a thread: the child has that thread only", ret == 0);
	test_robust();
	test_sched();
	fflush(stdout);
	pthread_create(&t, NULL, spinner, NULL);
	pthread_create(&t, NULL, execer, NULL);
	pthread_join(t, NULL); /* execve replaces us first */
	return 100;
}
