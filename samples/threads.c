/* A thread and pthread_join, for the kernel trace: clone with CLONE_THREAD and
 * CLONE_CHILD_CLEARTID, the joiner's futex_wait on the thread's tid word, and at
 * the thread's exit the kernel zeroing that word and waking the joiner.
 *
 *   emu --trace=syscall,sched,proc threads
 */
#include <pthread.h>
#include <stdio.h>

static void *square(void *arg)
{
	long n = (long)arg;
	return (void *)(n * n);
}

int main(void)
{
	pthread_t t;
	void *result;

	pthread_create(&t, NULL, square, (void *)12L);
	pthread_join(t, &result);
	printf("12 * 12 = %ld\n", (long)result);
	return 0;
}
