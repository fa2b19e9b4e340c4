/* Waits for a signal from outside, spinning ("spin") or blocked in a read of an
 * idle pipe ("read"), with a handler ("handle") or with the default action. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t got;

static void on_signal(int sig)
{
	got = sig;
}

int main(int argc, char **argv)
{
	const char *how = argc > 1 ? argv[1] : "spin";
	struct sigaction sa;

	if (argc > 2 && !strcmp(argv[2], "handle")) {
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = on_signal;
		sigaction(SIGINT, &sa, NULL);
		sigaction(SIGTERM, &sa, NULL);
	}
	if (!strcmp(how, "read")) {
		char c;
		long r = read(0, &c, 1);
		printf("read returned %ld (%s), signal %d\n", r, r < 0 ? strerror(errno) : "-", (int)got);
		return 0;
	}
	while (!got)
		;
	printf("signal %d\n", (int)got);
	return 0;
}
