/* Regression (architecture issue, children and thread_group lists): children belong
 * to the thread that made them but any thread of the process may wait for them
 * (unless __WNOTHREAD); a thread's children go to another thread when it ends; a
 * process whose non-leader thread execs is still its parent's child, under its pid. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef __WNOTHREAD
#define __WNOTHREAD 0x20000000
#endif

static char *self;
static pid_t forked;

static void *fork_and_end(void *arg)
{
	forked = fork();
	if (forked == 0)
		_exit(6);
	return NULL; /* the thread ends: its child goes to the main thread */
}

static void *wait_for_main_child(void *arg)
{
	int st;
	pid_t c = *(pid_t *)arg;

	pid_t nothread = waitpid(c, &st, __WNOTHREAD);
	pid_t r = waitpid(c, &st, 0);
	printf("a thread waits for the main thread's child: __WNOTHREAD %s, plain %s, "
	       "status %d\n", nothread < 0 ? "ECHILD" : "found", r == c ? "found" : "not found",
	       WEXITSTATUS(st));
	return NULL;
}

static void *exec_from_thread(void *arg)
{
	char *argv[] = { self, "exec", NULL };

	execv(self, argv);
	_exit(1);
}

int main(int argc, char **argv)
{
	pthread_t th;
	int st;

	if (argc > 1)
		return syscall(SYS_gettid) == getpid() ? 9 : 1;
	self = argv[0];
	setvbuf(stdout, NULL, _IONBF, 0);

	pthread_create(&th, NULL, fork_and_end, NULL);
	pthread_join(th, NULL);
	pid_t r = waitpid(forked, &st, __WNOTHREAD);
	printf("the child of a thread that ended is the main thread's: %s, status %d\n",
	       r == forked ? "yes" : "no", WEXITSTATUS(st));

	pid_t c = fork();
	if (c == 0)
		_exit(8);
	pthread_create(&th, NULL, wait_for_main_child, &c);
	pthread_join(th, NULL);

	c = fork();
	if (c == 0) {
		pthread_create(&th, NULL, exec_from_thread, NULL);
		pause();
	}
	r = waitpid(c, &st, 0);
	printf("a process whose second thread execs: waited for as %s, status %d\n",
	       r == c ? "its pid" : "something else", WEXITSTATUS(st));
	return 0;
}
