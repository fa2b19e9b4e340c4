/* Two threads count until SIGINT comes from outside; the handler stops them and the
 * program prints how far each got: where the signal arrived, which a --replay
 * must repeat exactly. "read": the main thread waits in a read of stdin instead.
 * "counting" on stderr says that the handler is in place. */
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got;
static volatile unsigned long counts[2];

static void on_sigint(int sig)
{
	got = sig;
}

static void *count(void *arg)
{
	volatile unsigned long *c = arg;

	while (!got) {
		(*c)++;
		if (*c % 100000 == 0)
			getppid(); /* a system call now and then */
	}
	return NULL;
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	pthread_t t;
	char c;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint;
	sigaction(SIGINT, &sa, NULL);
	fputs("counting\n", stderr); /* the test sends SIGINT once it sees this */
	pthread_create(&t, NULL, count, (void *)&counts[1]);
	if (argc > 1 && !strcmp(argv[1], "read")) {
		long r = read(0, &c, 1);
		printf("read returned %ld, ", r);
		if (!got)
			got = -1; /* end of file: the counter stops too */
	} else {
		count((void *)&counts[0]);
	}
	pthread_join(t, NULL);
	printf("signal %d, counts %lu %lu\n", (int)got, counts[0], counts[1]);
	return 0;
}
