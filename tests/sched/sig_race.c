/* Planted bug: a signal-handler race. main adds to a plain counter in a loop; a
 * second thread sends main SIGUSR1, whose handler adds to the same counter. If the
 * signal comes between main's load and its store, the handler's add is lost.
 * Built with -DFIXED both adds are atomic (one instruction, which a signal cannot
 * split). Exit status 1 if an add was lost. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>

#define ADDS 8000
#define SIGNALS 4

static volatile long counter;
static volatile sig_atomic_t handled;
static pthread_t main_thread;

static void add1(void)
{
#ifdef FIXED
	__atomic_add_fetch(&counter, 1, __ATOMIC_SEQ_CST);
#else
	counter = counter + 1;
#endif
}

static void on_usr1(int sig)
{
	(void)sig;
	add1();
	handled = handled + 1;
}

static void *sender(void *unused)
{
	(void)unused;
	for (int i = 0; i < SIGNALS; i++)
		pthread_kill(main_thread, SIGUSR1);
	return NULL;
}

int main(void)
{
	pthread_t t;

	main_thread = pthread_self();
	signal(SIGUSR1, on_usr1);
	pthread_create(&t, NULL, sender, NULL);
	for (int i = 0; i < ADDS; i++)
		add1();
	pthread_join(t, NULL);
	printf("counter = %ld (%d adds, %d in the handler)\n", counter, ADDS, (int)handled);
	return counter == ADDS + handled ? 0 : 1;
}
