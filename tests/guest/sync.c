/* Synchronisation built on futexes, as libcs build it: barriers, rwlocks, counting
 * semaphores (with trywait and timedwait), condition variables with a timeout, a
 * process-shared mutex in MAP_SHARED memory, and the futex errors not covered by
 * futex.c (EINTR, ENOSYS, EINVAL for a zero bitset, EFAULT, absolute timeouts). */
#include "check.h"
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define THREADS 6
#define ROUNDS 200
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAIT_BITSET_PRIVATE (9 | 128)
#define FUTEX_WAKE_CLOCK_REALTIME (1 | 256)

static pthread_barrier_t barrier;
static int phase[THREADS];
static volatile int barrier_bad;

static void *barrier_worker(void *arg)
{
	int me = (int)(long)arg;

	for (int r = 0; r < ROUNDS; r++) {
		phase[me] = r;
		pthread_barrier_wait(&barrier);
		for (int i = 0; i < THREADS; i++) /* everyone reached round r */
			if (phase[i] < r)
				barrier_bad = 1;
		pthread_barrier_wait(&barrier);
	}
	return NULL;
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static long shared_a, shared_b;
static volatile int rw_bad;

static void *rw_worker(void *arg)
{
	for (int i = 0; i < 3000; i++) {
		if ((long)arg % 2) {
			pthread_rwlock_wrlock(&rw);
			shared_a++;
			if (i % 500 == 0)
				sched_yield();
			shared_b++;
			pthread_rwlock_unlock(&rw);
		} else {
			pthread_rwlock_rdlock(&rw);
			if (shared_a != shared_b) /* a writer is never half-way while we read */
				rw_bad = 1;
			pthread_rwlock_unlock(&rw);
		}
	}
	return NULL;
}

static sem_t items, slots;
static int queue[4], head, tail;
static long consumed;

static void *producer(void *arg)
{
	for (int i = 1; i <= 1000; i++) {
		sem_wait(&slots);
		queue[tail++ % 4] = i;
		sem_post(&items);
	}
	return NULL;
}

static void run_threads(void *(*fn)(void *), int n)
{
	pthread_t t[THREADS];

	for (int i = 0; i < n; i++)
		pthread_create(&t[i], NULL, fn, (void *)(long)i);
	for (int i = 0; i < n; i++)
		pthread_join(t[i], NULL);
}

static void on_alarm(int sig)
{
}

static void test_futex_errors(void)
{
	uint32_t word = 1;
	struct timespec past = { 0, 0 };

	EXPECT_ERRNO("an unknown futex op: ENOSYS", syscall(SYS_futex, &word, 99, 0, NULL, NULL, 0), ENOSYS);
	EXPECT_ERRNO("FUTEX_CLOCK_REALTIME with FUTEX_WAKE: ENOSYS",
		     syscall(SYS_futex, &word, FUTEX_WAKE_CLOCK_REALTIME, 1, NULL, NULL, 0), ENOSYS);
	EXPECT_ERRNO("WAIT_BITSET with bitset 0: EINVAL",
		     syscall(SYS_futex, &word, FUTEX_WAIT_BITSET_PRIVATE, 1, NULL, NULL, 0), EINVAL);
	EXPECT_ERRNO("WAIT_BITSET, absolute timeout in the past: ETIMEDOUT",
		     syscall(SYS_futex, &word, FUTEX_WAIT_BITSET_PRIVATE, 1, &past, NULL, ~0u), ETIMEDOUT);
	EXPECT_ERRNO("a futex at an unmapped address: EFAULT",
		     syscall(SYS_futex, (uint32_t *)8, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0), EFAULT);
	struct sigaction sa = { .sa_handler = on_alarm }; /* no SA_RESTART */
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = { { 0, 0 }, { 0, 20000 } };
	setitimer(ITIMER_REAL, &it, NULL);
	EXPECT_ERRNO("FUTEX_WAIT interrupted by a handler: EINTR",
		     syscall(SYS_futex, &word, FUTEX_WAIT_PRIVATE, 1, NULL, NULL, 0), EINTR);
}

int main(void)
{
	pthread_barrier_init(&barrier, NULL, THREADS);
	run_threads(barrier_worker, THREADS);
	CHECK("barrier: nobody ever ran ahead, 200 rounds", !barrier_bad);

	run_threads(rw_worker, THREADS);
	CHECK("rwlock: readers never saw a half-done write", !rw_bad);
	CHECK("rwlock: every write counted", shared_a == 3 * 3000 && shared_b == shared_a);

	sem_init(&items, 0, 0);
	sem_init(&slots, 0, 4);
	pthread_t p;
	pthread_create(&p, NULL, producer, NULL);
	for (int i = 0; i < 1000; i++) {
		sem_wait(&items);
		consumed += queue[head++ % 4];
		sem_post(&slots);
	}
	pthread_join(p, NULL);
	CHECK("semaphores: a bounded queue carried 1..1000 in order", consumed == 500500);
	EXPECT_ERRNO("sem_trywait on 0: EAGAIN", sem_trywait(&items), EAGAIN);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += 5000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	EXPECT_ERRNO("sem_timedwait: ETIMEDOUT", sem_timedwait(&items, &ts), ETIMEDOUT);

	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 0;
	ts.tv_nsec = ts.tv_nsec < 995000000 ? ts.tv_nsec + 5000000 : ts.tv_nsec;
	pthread_mutex_lock(&m);
	CHECK("pthread_cond_timedwait: ETIMEDOUT", pthread_cond_timedwait(&c, &m, &ts) == ETIMEDOUT);
	pthread_mutex_unlock(&m);

	/* a process-shared mutex: parent and child add 10,000 each under it */
	struct shared { pthread_mutex_t m; long n; } *sh =
		mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	pthread_mutexattr_t a;
	pthread_mutexattr_init(&a);
	pthread_mutexattr_setpshared(&a, PTHREAD_PROCESS_SHARED);
	pthread_mutex_init(&sh->m, &a);
	pid_t pid = fork();
	for (int i = 0; i < 10000; i++) {
		pthread_mutex_lock(&sh->m);
		long v = sh->n;
		if (i % 1000 == 0)
			sched_yield();
		sh->n = v + 1;
		pthread_mutex_unlock(&sh->m);
	}
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	CHECK("a process-shared mutex across fork: exact total", sh->n == 20000);

	test_futex_errors();
	return failures;
}
