/* Signals and threads: a process-directed signal goes to the thread that does not block
 * it; pthread_kill reaches exactly the thread named (a worker, the main thread, itself);
 * masks are per thread and a new thread starts with its creator's; a signal sent to a
 * thread that blocks it is pending for that thread only; a fault is handled by the
 * thread that faulted; sigwaitinfo in a dedicated thread collects queued signals. Only
 * the main thread prints; the others answer through pipes. */
#include "check.h"
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

static int cmd[2], reply[2], done[2];
static volatile pid_t handled_tid, worker_tid, main_tid;
static volatile int handled_sig;
static pthread_t main_thread;

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static void handler(int sig)
{
	handled_tid = gettid_();
	handled_sig = sig;
	write(done[1], "d", 1);
}

static char wait_done(void) /* a handler somewhere has run */
{
	char c = 0;
	read(done[0], &c, 1);
	return c;
}

static int in(sigset_t *s, int sig)
{
	return sigismember(s, sig) ? 1 : 0;
}

static void answer(int v)
{
	char c = (char)v;
	write(reply[1], &c, 1);
}

static int ask(char c)
{
	char r = 0;
	write(cmd[1], &c, 1);
	read(reply[0], &r, 1);
	return r;
}

static __thread sigjmp_buf env;
static int *volatile bad = (int *)16;
static void on_segv(int sig)
{
	handled_tid = gettid_();
	handled_sig = sig;
	siglongjmp(env, 1);
}

/* The worker runs commands from the main thread, one byte each, and answers each. */
static void *worker(void *arg)
{
	sigset_t s, m;
	char c;
	(void)arg;
	worker_tid = gettid_();
	sigprocmask(SIG_SETMASK, NULL, &m);
	answer(in(&m, SIGUSR1)); /* inherited from main */
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_UNBLOCK, &s, NULL);
	answer(1);
	for (;;) {
		if (read(cmd[0], &c, 1) != 1)
			continue;
		sigemptyset(&s);
		sigaddset(&s, SIGUSR2);
		switch (c) {
		case 'b': /* block SIGUSR2 */
			pthread_sigmask(SIG_BLOCK, &s, NULL);
			answer(1);
			break;
		case 'p': /* is SIGUSR2 pending for me? */
			sigpending(&m);
			answer(in(&m, SIGUSR2));
			break;
		case 'u': /* unblock SIGUSR2: its handler runs here */
			pthread_sigmask(SIG_UNBLOCK, &s, NULL);
			answer(1);
			break;
		case 'k': /* pthread_kill the main thread */
			answer(pthread_kill(main_thread, SIGUSR2) == 0);
			break;
		case 'f': /* fault */
			if (sigsetjmp(env, 1) == 0)
				*bad = 1;
			answer(handled_sig == SIGSEGV);
			break;
		case 'q':
			answer(1);
			return NULL;
		}
	}
}

static int values[8], nvalues, waiter_term;
static void *waiter(void *arg)
{
	sigset_t s;
	siginfo_t si;
	(void)arg;
	sigemptyset(&s);
	sigaddset(&s, SIGRTMIN);
	while (nvalues < 5)
		if (sigwaitinfo(&s, &si) == SIGRTMIN && si.si_code == SI_QUEUE)
			values[nvalues++] = si.si_value.sival_int;
	sigemptyset(&s);
	sigaddset(&s, SIGTERM);
	answer(1);
	int sig = 0;
	if (sigwait(&s, &sig) == 0 && sig == SIGTERM)
		waiter_term = 1;
	return NULL;
}

int main(void)
{
	pthread_t w, wt;
	sigset_t s, m;
	struct sigaction sa = {0};
	char r;

	pipe(cmd);
	pipe(reply);
	pipe(done);
	main_tid = gettid_();
	main_thread = pthread_self();
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sa.sa_handler = on_segv;
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGSEGV, &sa, NULL);

	/* main blocks SIGUSR1 (and, for the waiter, SIGRTMIN and SIGTERM) before any thread */
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigaddset(&s, SIGRTMIN);
	sigaddset(&s, SIGTERM);
	sigprocmask(SIG_BLOCK, &s, NULL);
	pthread_create(&w, NULL, worker, NULL);
	read(reply[0], &r, 1);
	CHECK("a new thread starts with its creator's mask", r == 1);
	read(reply[0], &r, 1); /* the worker has unblocked SIGUSR1 */

	kill(getpid(), SIGUSR1);
	wait_done();
	CHECK("kill(getpid()): handled by the worker, the only thread not blocking it",
	      handled_sig == SIGUSR1 && handled_tid == worker_tid && worker_tid != main_tid);
	sigprocmask(SIG_SETMASK, NULL, &m);
	CHECK("main still blocks SIGUSR1", in(&m, SIGUSR1));

	pthread_kill(w, SIGUSR2);
	wait_done();
	CHECK("pthread_kill(worker, SIGUSR2): handled by the worker", handled_sig == SIGUSR2 &&
	      handled_tid == worker_tid);
	handled_tid = 0;
	pthread_kill(pthread_self(), SIGUSR2);
	CHECK("pthread_kill(self): handled by main before it returns", handled_tid == main_tid);
	wait_done();
	handled_tid = 0;
	CHECK("the worker asks to signal main", ask('k') == 1);
	wait_done();
	CHECK("... handled by main", handled_tid == main_tid);

	CHECK("worker blocks SIGUSR2", ask('b') == 1);
	sigprocmask(SIG_SETMASK, NULL, &m);
	CHECK("masks are per thread: main does not block SIGUSR2", !in(&m, SIGUSR2));
	handled_tid = 0;
	pthread_kill(w, SIGUSR2);
	sigpending(&m);
	CHECK("pthread_kill(worker) while it blocks: not pending for main", !in(&m, SIGUSR2));
	CHECK("... pending for the worker", ask('p') == 1);
	CHECK("... and not handled yet", handled_tid == 0);
	ask('u');
	wait_done();
	CHECK("worker unblocks: handled by the worker", handled_tid == worker_tid);
	CHECK("nothing pending for the worker", ask('p') == 0);

	handled_tid = 0;
	CHECK("a fault in the worker", ask('f') == 1);
	CHECK("... is handled by the worker", handled_tid == worker_tid);

	/* sigwaitinfo in a dedicated thread */
	pthread_create(&wt, NULL, waiter, NULL);
	union sigval v;
	for (int i = 1; i <= 5; i++) {
		v.sival_int = i;
		sigqueue(getpid(), SIGRTMIN, v);
	}
	read(reply[0], &r, 1); /* the waiter has all five */
	printf("the waiter got %d values:", nvalues);
	for (int i = 0; i < nvalues; i++)
		printf(" %d", values[i]);
	printf("\n");
	kill(getpid(), SIGTERM);
	pthread_join(wt, NULL);
	CHECK("kill(getpid(), SIGTERM): taken by the thread in sigwait", waiter_term);

	ask('q');
	pthread_join(w, NULL);
	sigpending(&m);
	CHECK("nothing left pending", !in(&m, SIGUSR1) && !in(&m, SIGUSR2) && !in(&m, SIGTERM) &&
	      !in(&m, SIGRTMIN));
	return failures;
}
