/* Guest integers at their limits reach no undefined behaviour in emu: select and
 * pselect6 with nfds INT_MAX (Linux reads only the bits its descriptor table has),
 * select with a huge timeout (emu reported a false deadlock), a huge nanosleep
 * interrupted by a signal, and a select timeout whose microseconds exceed a second. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/select.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static void on_alarm(int sig) {}

int main(void)
{
	fd_set r;
	int p[2];
	struct timeval tv = { 0, 0 };

	pipe(p);
	write(p[1], "x", 1);
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	printf("select(INT_MAX, ready pipe): %d\n", select(INT_MAX, &r, NULL, NULL, &tv));
	FD_ZERO(&r);
	FD_SET(p[0], &r);
	struct timespec ts = { 0, 0 };
	printf("pselect(INT_MAX): %d\n", pselect(INT_MAX, &r, NULL, NULL, &ts, NULL));
	tv = (struct timeval){ 0, 1500000 };
	FD_ZERO(&r);
	printf("select with 1.5 s in microseconds: %d\n", select(1, &r, NULL, NULL, &tv));

	signal(SIGALRM, on_alarm);
	alarm(1);
	tv = (struct timeval){ LONG_MAX / 2, 0 };
	FD_ZERO(&r);
	FD_SET(p[1], &r); /* writable: returns at once */
	printf("select, huge timeout, writable pipe: %d\n", select(p[1] + 1, NULL, &r, NULL, &tv));
	FD_ZERO(&r);
	int n = select(1, &r, NULL, NULL, &tv); /* nothing to wait for but the alarm */
	printf("select, huge timeout, until SIGALRM: %d %s\n", n, errno == EINTR ? "EINTR" : "?");
	alarm(1);
	ts = (struct timespec){ LONG_MAX, 0 };
	n = nanosleep(&ts, NULL);
	printf("nanosleep(LONG_MAX s) until SIGALRM: %d %s\n", n, errno == EINTR ? "EINTR" : "?");
	return 0;
}
