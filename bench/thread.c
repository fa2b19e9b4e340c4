/* thread: 5,000 times pthread_create + pthread_join of a thread that returns at once. */
#include <pthread.h>
#include <stdio.h>

static void *run(void *arg)
{
	return arg;
}

int main(void)
{
	int ok = 0;

	for (long i = 0; i < 5000; i++) {
		pthread_t t;
		void *r;
		if (pthread_create(&t, NULL, run, (void *)i) == 0 &&
		    pthread_join(t, &r) == 0 && r == (void *)i)
			ok++;
	}
	printf("%d\n", ok);
	return 0;
}
