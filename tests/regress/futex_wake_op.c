/* Regression (code review, 2026-11-30): FUTEX_WAKE_OP as Linux's
 * futex_atomic_op_inuser: a shift (FUTEX_OP_OPARG_SHIFT) of 31 gives INT_MIN and
 * one outside 0..31 is taken modulo 32 (emu shifted an int by 31: undefined
 * behaviour); the operation wraps; the comparison is signed; an unknown comparison
 * fails with ENOSYS after the write; a bad first address fails before it. */
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static uint32_t words[4];

/* FUTEX_OP with the 12-bit fields unmasked, so that out-of-range arguments pass. */
static uint32_t encode(int op, int oparg, int cmp, int cmparg)
{
	return ((uint32_t)op & 15) << 28 | ((uint32_t)cmp & 15) << 24 |
	       ((uint32_t)oparg & 0xfff) << 12 | ((uint32_t)cmparg & 0xfff);
}

static long wake_op(uint32_t *uaddr1, uint32_t *uaddr2, int nr1, int nr2, uint32_t op)
{
	return syscall(SYS_futex, uaddr1, FUTEX_WAKE_OP_PRIVATE, nr1, (long)nr2, uaddr2, op);
}

static void show(const char *what, uint32_t start, int op, int oparg, int cmp, int cmparg)
{
	words[1] = start;
	long r = wake_op(&words[0], &words[1], 1, 1, encode(op, oparg, cmp, cmparg));
	printf("%-28s %#010x -> %#010x: %ld %s\n", what, start, words[1], r, r < 0 ? (errno == ENOSYS ? "ENOSYS" : "error") : "");
}

static void *waiter(void *arg)
{
	struct timespec ts = { 10, 0 };
	long r = syscall(SYS_futex, &words[2], FUTEX_WAIT_PRIVATE, 0x80000000u, &ts, 0, 0);
	printf("waiter on a word of INT_MIN: %ld\n", r);
	return arg;
}

int main(void)
{
	show("shift 31", 0, FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 31, FUTEX_OP_CMP_EQ, 0);
	show("shift 32 (as 0)", 0, FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 32, FUTEX_OP_CMP_EQ, 0);
	show("shift 33 (as 1)", 0, FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 33, FUTEX_OP_CMP_EQ, 0);
	show("shift 2047 (as 31)", 0, FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 2047, FUTEX_OP_CMP_EQ, 0);
	show("shift -1 (as 31)", 0, FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT, -1, FUTEX_OP_CMP_EQ, 0);
	show("add wraps", 0x7fffffff, FUTEX_OP_ADD, 1, FUTEX_OP_CMP_EQ, 0);
	show("add -1 to INT_MIN", 0x80000000, FUTEX_OP_ADD, -1, FUTEX_OP_CMP_EQ, 0);
	show("andn", 0xffffffff, FUTEX_OP_ANDN, 0x7ff, FUTEX_OP_CMP_EQ, 0);
	show("xor -1", 0x12345678, FUTEX_OP_XOR, -1, FUTEX_OP_CMP_EQ, 0);
	show("unknown op 5", 7, 5, 1, FUTEX_OP_CMP_EQ, 0);
	show("unknown cmp 6 (writes)", 7, FUTEX_OP_SET, 9, 6, 0);
	show("unknown cmp 15 (writes)", 7, FUTEX_OP_SET, 9, 15, 0);

	/* a bad first address: EINVAL, and the second word stays */
	words[1] = 5;
	long r = wake_op((uint32_t *)((char *)&words[0] + 1), &words[1], 1, 1,
			 encode(FUTEX_OP_SET, 9, FUTEX_OP_CMP_EQ, 0));
	printf("misaligned first word: %ld errno %s, second word %u\n", r,
	       errno == EINVAL ? "EINVAL" : "other", words[1]);

	/* the signed comparison wakes a waiter on the second word: INT_MIN < 0 */
	pthread_t t;
	words[2] = 0x80000000u;
	pthread_create(&t, 0, waiter, 0);
	long n = 0;
	for (int i = 0; i < 400 && !n; i++) { /* until the waiter is asleep */
		usleep(5000);
		n = wake_op(&words[0], &words[2], 1, 1,
			    encode(FUTEX_OP_SET | FUTEX_OP_OPARG_SHIFT, 31, FUTEX_OP_CMP_LT, 0));
	}
	pthread_join(t, 0);
	printf("INT_MIN < 0 woke %ld, word %#x\n", n, words[2]);
	return 0;
}
