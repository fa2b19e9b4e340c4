/* Planted bug that needs three threads in one order. Three workers pass a stage
 * along: third moves it 0 -> 1, second 1 -> 2, first 2 -> 3, and stage 3 means a
 * step was taken out of turn. main starts them all at once (a barrier lets them go
 * together); only the order third, second, first (the reverse of their start)
 * reaches 3. Built with -DFIXED main
 * waits for each worker before it starts the next. Exit status 1 on stage 3. */
#include <pthread.h>
#include <stdio.h>

static volatile int stage;
#ifndef FIXED
static pthread_barrier_t go;
#endif

static void start(void)
{
#ifndef FIXED
	pthread_barrier_wait(&go);
#endif
}

static void *first(void *unused)
{
	(void)unused;
	start();
	if (stage == 2)
		stage = 3;
	return NULL;
}

static void *second(void *unused)
{
	(void)unused;
	start();
	if (stage == 1)
		stage = 2;
	return NULL;
}

static void *third(void *unused)
{
	(void)unused;
	start();
	if (stage == 0)
		stage = 1;
	return NULL;
}

int main(void)
{
	void *(*fn[3])(void *) = { first, second, third };
	pthread_t t[3];

#ifndef FIXED
	pthread_barrier_init(&go, NULL, 4);
#endif
	for (int i = 0; i < 3; i++) {
		pthread_create(&t[i], NULL, fn[i], NULL);
#ifdef FIXED
		pthread_join(t[i], NULL);
#endif
	}
#ifndef FIXED
	pthread_barrier_wait(&go);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
#endif
	printf("stage = %d\n", stage);
	return stage == 3 ? 1 : 0;
}
