/* Planted bug: a missed condition-variable wake-up. The worker checks the flag
 * outside the lock, does some bookkeeping, then takes the lock and waits once;
 * main sets the flag and signals without the lock. If main comes between the
 * worker's check and its wait, the signal finds no waiter and the worker waits for
 * good (a deadlock). Built with -DFIXED both sides hold the lock and the worker
 * waits in a loop. Exit status 1 (or a deadlock) on the bug. */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static volatile int ready;
static volatile long bookkeeping;

static void *worker(void *unused)
{
	(void)unused;
#ifdef FIXED
	pthread_mutex_lock(&m);
	while (!ready)
		pthread_cond_wait(&c, &m);
	pthread_mutex_unlock(&m);
#else
	if (!ready) {
		for (int i = 0; i < 5000; i++)
			bookkeeping = bookkeeping + 1;
		pthread_mutex_lock(&m);
		pthread_cond_wait(&c, &m);
		pthread_mutex_unlock(&m);
	}
#endif
	return NULL;
}

int main(void)
{
	pthread_t t;

	pthread_create(&t, NULL, worker, NULL);
#ifdef FIXED
	pthread_mutex_lock(&m);
	ready = 1;
	pthread_cond_signal(&c);
	pthread_mutex_unlock(&m);
#else
	ready = 1;
	pthread_cond_signal(&c);
#endif
	pthread_join(t, NULL);
	printf("ready = %d\n", ready);
	return ready == 1 ? 0 : 1;
}
