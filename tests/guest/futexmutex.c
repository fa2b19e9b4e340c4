/* A mutex written by hand on raw futexes (Drepper's "Futexes Are Tricky", mutex 2:
 * 0 free, 1 locked, 2 locked with waiters): 8 threads add 50,000 each under it and
 * must reach the exact total, with real FUTEX_WAIT sleeps on the way. */
#include "check.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#define THREADS 8
#define ADDS 50000
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

static atomic_uint lock_word;
static long total;
static atomic_long sleeps;

static void lock(void)
{
	unsigned c = 0;

	if (atomic_compare_exchange_strong(&lock_word, &c, 1))
		return;
	if (c != 2)
		c = atomic_exchange(&lock_word, 2);
	while (c != 0) {
		atomic_fetch_add(&sleeps, 1);
		syscall(SYS_futex, &lock_word, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0);
		c = atomic_exchange(&lock_word, 2);
	}
}

static void unlock(void)
{
	if (atomic_fetch_sub(&lock_word, 1) != 1) {
		atomic_store(&lock_word, 0);
		syscall(SYS_futex, &lock_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	}
}

static void *worker(void *arg)
{
	for (int i = 0; i < ADDS; i++) {
		lock();
		long t = total;
		if (i % 5000 == 0)
			sched_yield(); /* give up the CPU holding the lock: others must sleep */
		total = t + 1;
		unlock();
	}
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];

	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	CHECK("8 threads under a futex mutex: the exact total", total == (long)THREADS * ADDS);
	CHECK("the lock is free at the end", atomic_load(&lock_word) == 0);
	return failures;
}
