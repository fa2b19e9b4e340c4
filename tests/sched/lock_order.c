/* Planted bug: a lock-order deadlock. One thread takes a then b, the other b then
 * a; they deadlock only if each gets its first lock before the other its second
 * (emu then reports the deadlock and exits with 253). Built with -DFIXED both take
 * a first. */
#include <pthread.h>
#include <stdio.h>

#define ROUNDS 200

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static volatile long work;

static void critical(pthread_mutex_t *first, pthread_mutex_t *second)
{
	pthread_mutex_lock(first);
	for (int i = 0; i < 10; i++)
		work++;
	pthread_mutex_lock(second);
	work++;
	pthread_mutex_unlock(second);
	pthread_mutex_unlock(first);
}

static void *ab(void *unused)
{
	(void)unused;
	for (int i = 0; i < ROUNDS; i++)
		critical(&a, &b);
	return NULL;
}

static void *ba(void *unused)
{
	(void)unused;
	for (int i = 0; i < ROUNDS; i++)
#ifdef FIXED
		critical(&a, &b);
#else
		critical(&b, &a);
#endif
	return NULL;
}

int main(void)
{
	pthread_t t1, t2;

	pthread_create(&t1, NULL, ab, NULL);
	pthread_create(&t2, NULL, ba, NULL);
	pthread_join(t1, NULL);
	pthread_join(t2, NULL);
	printf("done\n");
	return 0;
}
