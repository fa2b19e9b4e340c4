/* Planted bug: an atomicity violation. Each deposit reads the balance in one
 * critical section and writes it back in another, so a deposit of the other thread
 * in between is overwritten; each section alone is correctly locked. Built with
 * -DFIXED a deposit is one critical section. Exit status 1 if money was lost. */
#include <pthread.h>
#include <stdio.h>

#define DEPOSITS 500

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long balance;

static void *deposit(void *unused)
{
	(void)unused;
	for (int i = 0; i < DEPOSITS; i++) {
		pthread_mutex_lock(&lock);
		long seen = balance; /* RACE: read in one critical section */
#ifndef FIXED
		pthread_mutex_unlock(&lock);
		pthread_mutex_lock(&lock);
#endif
		balance = seen + 1; /* RACE: written back in another */
		pthread_mutex_unlock(&lock);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[2];

	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, deposit, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("balance = %ld\n", balance);
	return balance == 2 * DEPOSITS ? 0 : 1;
}
