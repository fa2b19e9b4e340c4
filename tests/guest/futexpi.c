/* Priority-inheritance futexes: pthread mutexes with PTHREAD_PRIO_INHERIT (which go
 * through FUTEX_LOCK_PI and FUTEX_UNLOCK_PI when contended), robust PI mutexes whose
 * owner died, and the raw calls' errors. */
#include "check.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

/* <linux/futex.h> is not in musl's headers */
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_LOCK_PI_PRIVATE (6 | FUTEX_PRIVATE_FLAG)
#define FUTEX_UNLOCK_PI_PRIVATE (7 | FUTEX_PRIVATE_FLAG)
#define FUTEX_TRYLOCK_PI_PRIVATE (8 | FUTEX_PRIVATE_FLAG)

#define THREADS 4
#define ROUNDS 20000

static pthread_mutex_t pi;
static long counter;

static void *worker(void *arg)
{
	for (int i = 0; i < ROUNDS; i++) {
		pthread_mutex_lock(&pi);
		long c = counter;
		if (i % 1000 == 0)
			sched_yield(); /* let the others queue up on the lock */
		counter = c + 1;
		pthread_mutex_unlock(&pi);
	}
	return NULL;
}

static void init_mutex(pthread_mutex_t *m, int robust)
{
	pthread_mutexattr_t a;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_setprotocol(&a, PTHREAD_PRIO_INHERIT);
	if (robust)
		pthread_mutexattr_setrobust(&a, PTHREAD_MUTEX_ROBUST);
	pthread_mutex_init(m, &a);
}

static void *die_holding(void *arg)
{
	pthread_mutex_lock(arg);
	return NULL;
}

static long futex(uint32_t *w, int op)
{
	return syscall(SYS_futex, w, op, 0, NULL, NULL, 0);
}

int main(void)
{
	pthread_t t[THREADS];
	pthread_mutex_t robust;
	uint32_t word;

	init_mutex(&pi, 0);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&t[i], NULL, worker, NULL);
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	CHECK("PI mutex: exact total", counter == THREADS * ROUNDS);
	CHECK("trylock of a free PI mutex", pthread_mutex_trylock(&pi) == 0);
	pthread_mutex_unlock(&pi);

	init_mutex(&robust, 1);
	pthread_create(&t[0], NULL, die_holding, &robust);
	pthread_join(t[0], NULL);
	CHECK("robust PI mutex, owner died: EOWNERDEAD", pthread_mutex_lock(&robust) == EOWNERDEAD);
	CHECK("made consistent", pthread_mutex_consistent(&robust) == 0);
	CHECK("unlocked", pthread_mutex_unlock(&robust) == 0);

	word = 0;
	CHECK("FUTEX_TRYLOCK_PI on 0 takes it", futex(&word, FUTEX_TRYLOCK_PI_PRIVATE) == 0 &&
						  word == (uint32_t)syscall(SYS_gettid));
	EXPECT_ERRNO("FUTEX_LOCK_PI on our own lock", futex(&word, FUTEX_LOCK_PI_PRIVATE), EDEADLK);
	CHECK("FUTEX_UNLOCK_PI by the owner", futex(&word, FUTEX_UNLOCK_PI_PRIVATE) == 0 && word == 0);
	word = 1; /* "owned" by a tid that does not exist in this process */
	EXPECT_ERRNO("FUTEX_UNLOCK_PI by another", futex(&word, FUTEX_UNLOCK_PI_PRIVATE), EPERM);
	return failures;
}
