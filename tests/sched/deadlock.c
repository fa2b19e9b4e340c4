/* Two threads take two mutexes in opposite orders and wait forever, while the main
 * thread joins one of them. On Linux this hangs; emu sees that every task is blocked
 * with nothing left to wake it, says what each waits on, and exits with 253. */
#include <pthread.h>
#include <sched.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t both_hold_one;

static void *ab(void *arg)
{
	pthread_mutex_lock(&a);
	pthread_barrier_wait(&both_hold_one);
	pthread_mutex_lock(&b);
	return NULL;
}

static void *ba(void *arg)
{
	pthread_mutex_lock(&b);
	pthread_barrier_wait(&both_hold_one);
	pthread_mutex_lock(&a);
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_barrier_init(&both_hold_one, NULL, 2);
	pthread_create(&t1, NULL, ab, NULL);
	pthread_create(&t2, NULL, ba, NULL);
	pthread_join(t1, NULL);
	return 0;
}
