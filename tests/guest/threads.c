/* Threads: 8 threads under a mutex reach an exact total, a condition variable,
 * thread-local storage per thread, join with return values, getpid vs gettid,
 * a detached thread, and the main thread leaving with pthread_exit while another
 * thread finishes the process with exit(). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static long counter;
static int finished;
static __thread int tls = 5;

static void *worker(void *arg)
{
	long id = (long)arg;

	tls += id;
	for (int i = 0; i < 20000; i++) {
		pthread_mutex_lock(&lock);
		counter++;
		pthread_mutex_unlock(&lock);
	}
	pthread_mutex_lock(&lock);
	finished++;
	pthread_cond_signal(&cond);
	pthread_mutex_unlock(&lock);
	int same_ids = getpid() == syscall(SYS_gettid);
	return (void *)(long)(tls + (same_ids ? 1000 : 0));
}

static int waiting, go;

static void *waiter(void *arg)
{
	pthread_mutex_lock(&lock);
	waiting++;
	pthread_cond_broadcast(&cond); /* a signal could wake another waiter, not main */
	while (!go)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	return arg;
}

/* pthread_cond_broadcast wakes every waiter (musl requeues them on the mutex). */
static void broadcast_test(void)
{
	pthread_t w[4];

	for (long i = 0; i < 4; i++)
		pthread_create(&w[i], NULL, waiter, (void *)i);
	pthread_mutex_lock(&lock);
	while (waiting < 4)
		pthread_cond_wait(&cond, &lock);
	go = 1;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	long sum = 0;
	for (int i = 0; i < 4; i++) {
		void *r;
		pthread_join(w[i], &r);
		sum += (long)r;
	}
	printf("broadcast woke all four waiters: %s\n", sum == 6 ? "yes" : "no");
}

static void *last_word(void *arg)
{
	pthread_t main_thread = *(pthread_t *)arg;
	pthread_join(main_thread, NULL); /* the main thread has called pthread_exit */
	printf("the last thread ends the process\n");
	fflush(stdout);
	exit(9);
}

int main(void)
{
	pthread_t t[8], d;
	long sum = 0;

	for (long i = 0; i < 8; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	pthread_mutex_lock(&lock);
	while (finished < 8)
		pthread_cond_wait(&cond, &lock);
	pthread_mutex_unlock(&lock);
	for (int i = 0; i < 8; i++) {
		void *r;
		pthread_join(t[i], &r);
		sum += (long)r;
	}
	printf("counter=%ld (expect 160000), thread tls sum=%ld (expect 68), main tls=%d\n", counter,
	       sum, tls);
	printf("main: getpid() == gettid(): %d\n", getpid() == syscall(SYS_gettid));
	broadcast_test();
	pthread_create(&d, NULL, worker, (void *)100);
	pthread_detach(d);
	static pthread_t self;
	self = pthread_self();
	pthread_t last;
	pthread_create(&last, NULL, last_word, &self);
	fflush(stdout);
	pthread_exit(NULL);
}
