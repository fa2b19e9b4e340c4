/* futex: 200,000 round trips between two threads of one process over one futex word,
 * with raw FUTEX_WAIT_PRIVATE and FUTEX_WAKE_PRIVATE. */
#include <pthread.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define FUTEX_WAIT_PRIVATE 128 /* musl-gcc has no <linux/futex.h> */
#define FUTEX_WAKE_PRIVATE 129
#define N 200000

static int turn; /* 0: main's turn, 1: the other thread's */

static void pass(int to)
{
	__atomic_store_n(&turn, to, __ATOMIC_SEQ_CST);
	syscall(SYS_futex, &turn, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void await(int me)
{
	int v;
	while ((v = __atomic_load_n(&turn, __ATOMIC_SEQ_CST)) != me)
		syscall(SYS_futex, &turn, FUTEX_WAIT_PRIVATE, v, NULL, NULL, 0);
}

static void *run(void *arg)
{
	long n = 0;

	for (int i = 0; i < N; i++) {
		await(1);
		n++;
		pass(0);
	}
	return (void *)n;
}

int main(void)
{
	pthread_t t;
	void *r;
	long n = 0;

	pthread_create(&t, NULL, run, NULL);
	for (int i = 0; i < N; i++) {
		pass(1);
		await(0);
		n++;
	}
	pthread_join(t, &r);
	printf("%ld %ld\n", n, (long)r);
	return 0;
}
