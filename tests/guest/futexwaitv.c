/* futex_waitv (449): a wake on any of the futexes ends the wait with its index; a
 * changed value is EAGAIN, an absolute timeout ETIMEDOUT, a bad entry EINVAL. */
#include "check.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define SYS_futex_waitv_ 449
#define FUTEX2_SIZE_U32 0x02
#define FUTEX2_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129

struct futex_waitv {
	uint64_t val, uaddr;
	uint32_t flags, reserved;
};

static uint32_t words[3];

static long waitv(struct futex_waitv *w, int n, struct timespec *ts)
{
	return syscall(SYS_futex_waitv_, w, n, 0, ts, CLOCK_MONOTONIC);
}

static void *waker(void *arg)
{
	usleep(1000); /* the main thread is asleep by then (and if not, EAGAIN shows it) */
	words[2] = 1;
	syscall(SYS_futex, &words[2], FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	return NULL;
}

int main(void)
{
	struct futex_waitv w[3];
	struct timespec ts;
	pthread_t t;

	for (int i = 0; i < 3; i++)
		w[i] = (struct futex_waitv){ 0, (uintptr_t)&words[i], FUTEX2_SIZE_U32 | FUTEX2_PRIVATE, 0 };
	pthread_create(&t, NULL, waker, NULL);
	CHECK("a wake on the third futex returns index 2", waitv(w, 3, NULL) == 2);
	pthread_join(t, NULL);
	EXPECT_ERRNO("a value that changed: EAGAIN", waitv(w, 3, NULL), EAGAIN);
	w[2].val = 1;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_nsec += 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	EXPECT_ERRNO("an absolute timeout: ETIMEDOUT", waitv(w, 3, &ts), ETIMEDOUT);
	w[0].flags = 3; /* 64-bit futexes do not exist */
	EXPECT_ERRNO("a bad size: EINVAL", waitv(w, 3, NULL), EINVAL);
	EXPECT_ERRNO("no entries: EINVAL", waitv(w, 0, NULL), EINVAL);
	EXPECT_ERRNO("129 entries: EINVAL", waitv(w, 129, NULL), EINVAL);
	return failures;
}
