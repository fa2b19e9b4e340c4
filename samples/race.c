/* Two threads add 1,000,000 each to one counter without a lock. On real hardware
 * the total is usually short of 2,000,000 and changes from run to run. Under emu
 * it depends on --seed only: the same seed gives the same total every time, so a
 * lost update can be replayed, and other seeds explore other interleavings.
 *
 *   emu --seed 1 race; emu --seed 1 race; emu --seed 2 race
 */
#include <pthread.h>
#include <stdio.h>

#define ADDS 1000000

static volatile long counter;

static void *add(void *unused)
{
	(void)unused;
	for (int i = 0; i < ADDS; i++)
		counter = counter + 1; /* load, add, store: another thread may come between */
	return NULL;
}

int main(void)
{
	pthread_t t[2];

	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, add, NULL);
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	printf("counter = %ld (expected %d without a race)\n", counter, 2 * ADDS);
	return 0;
}
