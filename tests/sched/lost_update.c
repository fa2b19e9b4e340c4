/* Planted bug: a lost update. Two threads add to a plain counter; counter += 1 is a
 * load, an add and a store, and another thread may come between the load and the
 * store. Built with -DFIXED the adds are atomic. Exit status 1 if an add was lost. */
#include <pthread.h>
#include <stdio.h>

#define ADDS 2000

static volatile long counter;

static void *add(void *unused)
{
	(void)unused;
	for (int i = 0; i < ADDS; i++) {
#ifdef FIXED
		__atomic_add_fetch(&counter, 1, __ATOMIC_SEQ_CST);
#else
		counter = counter + 1; /* RACE: load, add, store */
#endif
	}
	return NULL;
}

int main(void)
{
	pthread_t t[2];

	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, add, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("counter = %ld\n", counter);
	return counter == 2 * ADDS ? 0 : 1;
}
