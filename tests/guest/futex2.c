/* futex2 (Linux 6.7): futex_wake, futex_wait and futex_requeue. Only 32-bit
 * futexes exist; the mask; absolute timeouts on a clock; 0 wakes none; requeue's
 * struct futex_waitv pair; waits and wakes meet the old futex(2)'s. */
#include "check.h"
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define NR_futex_wake 454
#define NR_futex_wait 455
#define NR_futex_requeue 456
#define SIZE_U8 0x00
#define SIZE_U16 0x01
#define SIZE_U32 0x02
#define SIZE_U64 0x03
#define PRIV 128
#define FUTEX_WAIT_PRIVATE 128 /* FUTEX_WAIT | FUTEX_PRIVATE_FLAG */

struct waitv { uint64_t val, uaddr; uint32_t flags, reserved; };

static long fwake(void *u, unsigned long mask, int nr, unsigned flags)
{
	return syscall(NR_futex_wake, u, mask, nr, flags);
}

static long fwait(void *u, unsigned long val, unsigned long mask, unsigned flags,
		  struct timespec *ts, int clk)
{
	return syscall(NR_futex_wait, u, val, mask, flags, ts, clk);
}

static uint32_t word, word2;
static volatile int done_count;

struct waiter { uint32_t *u; unsigned long mask; int legacy; long ret; };

static void *waiter(void *arg)
{
	struct waiter *w = arg;

	if (w->legacy)
		w->ret = syscall(SYS_futex, w->u, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
	else
		w->ret = fwait(w->u, 0, w->mask, SIZE_U32 | PRIV, NULL, 0);
	__atomic_add_fetch(&done_count, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/* Wakes on u (mask) until n waiters have been woken. */
static int wake_all(uint32_t *u, unsigned long mask, int n)
{
	int woken = 0;

	for (int tries = 0; woken < n && tries < 10000; tries++) {
		long r = fwake(u, mask, n - woken, SIZE_U32 | PRIV);
		if (r > 0)
			woken += (int)r;
		else
			usleep(100);
	}
	return woken;
}

static void errors(void)
{
	struct timespec ts = { 0, 0 };

	if (fwake(&word, ~0UL >> 32, 1, SIZE_U32 | PRIV) < 0 && errno == ENOSYS) {
		printf("futex2 unavailable\n");
		_exit(77);
	}
	EXPECT_ERRNO("wake: U8", fwake(&word, 0xffffffff, 1, SIZE_U8), EINVAL);
	EXPECT_ERRNO("wake: U16", fwake(&word, 0xffffffff, 1, SIZE_U16), EINVAL);
	EXPECT_ERRNO("wake: U64", fwake(&word, 0xffffffff, 1, SIZE_U64 | PRIV), EINVAL);
	EXPECT_ERRNO("wake: unknown flag", fwake(&word, 0xffffffff, 1, SIZE_U32 | 0x100), EINVAL);
	EXPECT_ERRNO("wake: mask 0", fwake(&word, 0, 1, SIZE_U32), EINVAL);
	EXPECT_ERRNO("wake: mask past 32 bits", fwake(&word, 1UL << 32, 1, SIZE_U32), EINVAL);
	EXPECT_ERRNO("wake: unaligned", fwake((char *)&word + 1, 0xffffffff, 1, SIZE_U32), EINVAL);
	EXPECT_ERRNO("wake: bad address", fwake((void *)16, 0xffffffff, 1, SIZE_U32), EFAULT);
	CHECK("wake: nobody", fwake(&word, 0xffffffff, 1, SIZE_U32 | PRIV) == 0);
	CHECK("wake: 0", fwake(&word, 0xffffffff, 0, SIZE_U32 | PRIV) == 0);
	word = 5;
	EXPECT_ERRNO("wait: value changed", fwait(&word, 4, 0xffffffff, SIZE_U32 | PRIV, NULL, 0), EAGAIN);
	EXPECT_ERRNO("wait: value past 32 bits", fwait(&word, 5UL | 1UL << 32, 0xffffffff, SIZE_U32, NULL, 0), EINVAL);
	EXPECT_ERRNO("wait: U16", fwait(&word, 5, 0xffffffff, SIZE_U16, NULL, 0), EINVAL);
	EXPECT_ERRNO("wait: mask 0", fwait(&word, 5, 0, SIZE_U32, &ts, CLOCK_MONOTONIC), EINVAL);
	EXPECT_ERRNO("wait: bad clock", fwait(&word, 5, 0xffffffff, SIZE_U32, &ts, CLOCK_BOOTTIME), EINVAL);
	EXPECT_ERRNO("wait: past deadline (monotonic)",
		     fwait(&word, 5, 0xffffffff, SIZE_U32 | PRIV, &ts, CLOCK_MONOTONIC), ETIMEDOUT);
	EXPECT_ERRNO("wait: past deadline (realtime)",
		     fwait(&word, 5, 0xffffffff, SIZE_U32 | PRIV, &ts, CLOCK_REALTIME), ETIMEDOUT);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_nsec += 2000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	EXPECT_ERRNO("wait: 2 ms deadline", fwait(&word, 5, 0xffffffff, SIZE_U32 | PRIV, &ts, CLOCK_MONOTONIC), ETIMEDOUT);
	ts.tv_nsec = 2000000000L;
	EXPECT_ERRNO("wait: bad timespec", fwait(&word, 5, 0xffffffff, SIZE_U32 | PRIV, &ts, CLOCK_MONOTONIC), EINVAL);

	struct waitv w[2] = { { 5, (uintptr_t)&word, SIZE_U32 | PRIV, 0 }, { 0, (uintptr_t)&word2, SIZE_U32 | PRIV, 0 } };
	EXPECT_ERRNO("requeue: flags", syscall(NR_futex_requeue, w, 1, 1, 1), EINVAL);
	EXPECT_ERRNO("requeue: NULL", syscall(NR_futex_requeue, NULL, 0, 1, 1), EINVAL);
	EXPECT_ERRNO("requeue: value changed", (w[0].val = 4, syscall(NR_futex_requeue, w, 0, 1, 1)), EAGAIN);
	w[0].val = 5;
	CHECK("requeue: nobody", syscall(NR_futex_requeue, w, 0, 1, 1) == 0);
	w[1].flags = SIZE_U64;
	EXPECT_ERRNO("requeue: a U64 entry", syscall(NR_futex_requeue, w, 0, 1, 1), EINVAL);
	w[1].flags = SIZE_U32;
	w[1].reserved = 1;
	EXPECT_ERRNO("requeue: reserved", syscall(NR_futex_requeue, w, 0, 1, 1), EINVAL);
	w[1].reserved = 0;
	EXPECT_ERRNO("requeue: negative count", syscall(NR_futex_requeue, w, 0, -1, 1), EINVAL);
	EXPECT_ERRNO("requeue: bad pointer", syscall(NR_futex_requeue, (void *)16, 0, 1, 1), EFAULT);
}

int main(void)
{
	pthread_t t[3];
	struct waiter ws[3];

	setvbuf(stdout, NULL, _IONBF, 0);
	errors();

	word = 0;
	ws[0] = (struct waiter){ &word, 0xffffffff, 0, 1 };
	pthread_create(&t[0], NULL, waiter, &ws[0]);
	CHECK("wait and wake", wake_all(&word, 0xffffffff, 1) == 1);
	pthread_join(t[0], NULL);
	CHECK("the waiter returned 0", ws[0].ret == 0);

	/* the mask: a wake with bits the waiter lacks passes it by */
	ws[0] = (struct waiter){ &word, 0x1, 0, 1 };
	pthread_create(&t[0], NULL, waiter, &ws[0]);
	usleep(20000);
	CHECK("mask: no common bit wakes none", fwake(&word, 0x2, 1, SIZE_U32 | PRIV) == 0);
	CHECK("mask: a common bit wakes it", wake_all(&word, 0x3, 1) == 1);
	pthread_join(t[0], NULL);

	/* the old futex(2) and futex2 meet on the same word */
	ws[0] = (struct waiter){ &word, 0xffffffff, 1, 1 };
	pthread_create(&t[0], NULL, waiter, &ws[0]);
	CHECK("futex2 wakes a FUTEX_WAIT", wake_all(&word, 0xffffffff, 1) == 1);
	pthread_join(t[0], NULL);
	CHECK("... which returned 0", ws[0].ret == 0);

	/* requeue: three waiters on word, one woken, two moved to word2 */
	done_count = 0;
	for (int i = 0; i < 3; i++) {
		ws[i] = (struct waiter){ &word, 0xffffffff, 0, 1 };
		pthread_create(&t[i], NULL, waiter, &ws[i]);
	}
	struct waitv w[2] = { { 0, (uintptr_t)&word, SIZE_U32 | PRIV, 0 }, { 0, (uintptr_t)&word2, SIZE_U32 | PRIV, 0 } };
	long moved = 0;
	for (int tries = 0; moved < 3 && tries < 10000; tries++) {
		long r = syscall(NR_futex_requeue, w, 0, moved ? 0 : 1, 3);
		if (r > 0)
			moved += r;
		else
			usleep(100);
	}
	CHECK("requeue: one woken, the others moved", moved == 3);
	usleep(20000);
	CHECK("requeue: word has none left", fwake(&word, 0xffffffff, 3, SIZE_U32 | PRIV) == 0);
	CHECK("requeue: word2 has two", wake_all(&word2, 0xffffffff, 2) == 2);
	for (int i = 0; i < 3; i++)
		pthread_join(t[i], NULL);
	CHECK("requeue: all returned", done_count == 3);
	return failures;
}
