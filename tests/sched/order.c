/* Planted bug: an order violation (use before init). main publishes the
 * configuration after it starts the worker, which assumes it is there. Built with
 * -DFIXED main publishes it first. Exit status 1 if the worker saw no configuration. */
#include <pthread.h>
#include <stdio.h>

struct config {
	int workers;
};

static struct config *volatile config;
static struct config the_config = { 4 };
static int seen = -1;

static void *worker(void *unused)
{
	(void)unused;
	struct config *c = config; /* RACE: read, maybe before it is set */
	seen = c ? c->workers : 0; /* without the check: a NULL dereference */
	return NULL;
}

int main(void)
{
	pthread_t t;

#ifdef FIXED
	config = &the_config;
#endif
	pthread_create(&t, NULL, worker, NULL);
	config = &the_config; /* RACE: set after the worker started */
	pthread_join(t, NULL);
	printf("the worker saw %d workers\n", seen);
	return seen == 4 ? 0 : 1;
}
