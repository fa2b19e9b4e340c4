/* Futexes between processes: a word in MAP_SHARED memory, a waiter woken by the
 * other process, EAGAIN for a changed value, ETIMEDOUT, and FUTEX_WAKE's count. */
#include "check.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* from <linux/futex.h>, which musl-gcc does not see */
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_PRIVATE 128
#define FUTEX_WAKE_PRIVATE 129
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_OP(op, oparg, cmp, cmparg) \
	(((op & 0xf) << 28) | ((cmp & 0xf) << 24) | ((oparg & 0xfff) << 12) | (cmparg & 0xfff))

static long futex(uint32_t *uaddr, int op, uint32_t val, const struct timespec *ts)
{
	return syscall(SYS_futex, uaddr, op, val, ts, NULL, 0);
}

int main(void)
{
	uint32_t *word = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	uint32_t local = 5;
	struct timespec ten_ms = { 0, 10000000 };

	EXPECT_ERRNO("FUTEX_WAIT on a changed value", futex(&local, FUTEX_WAIT_PRIVATE, 4, NULL), EAGAIN);
	EXPECT_ERRNO("FUTEX_WAIT times out", futex(&local, FUTEX_WAIT_PRIVATE, 5, &ten_ms), ETIMEDOUT);
	CHECK("FUTEX_WAKE with no waiter wakes 0", futex(&local, FUTEX_WAKE_PRIVATE, 1, NULL) == 0);
	EXPECT_ERRNO("an unaligned futex", futex((uint32_t *)((char *)&local + 1), FUTEX_WAKE, 1, NULL), EINVAL);

	uint32_t other = 10;
	long woken = syscall(SYS_futex, &local, FUTEX_WAKE_OP, 1, 1, &other,
			     FUTEX_OP(1 /* ADD */, 5, 0 /* EQ */, 10));
	CHECK("FUTEX_WAKE_OP adds to the second word, wakes nobody", woken == 0 && other == 15);
	EXPECT_ERRNO("FUTEX_CMP_REQUEUE with a changed value",
		     syscall(SYS_futex, &local, FUTEX_CMP_REQUEUE, 1, 1, &other, 4), EAGAIN);
	CHECK("FUTEX_CMP_REQUEUE with nobody waiting", syscall(SYS_futex, &local, FUTEX_CMP_REQUEUE, 1, 1, &other, 5) == 0);

	*word = 0;
	pid_t c = fork();
	if (c == 0) {
		struct timespec d = { 0, 20000000 };
		nanosleep(&d, NULL); /* let the parent sleep first */
		__atomic_store_n(word, 1, __ATOMIC_SEQ_CST);
		_exit(futex(word, FUTEX_WAKE, 1, NULL) == 1 ? 0 : 1);
	}
	long r;
	while ((r = futex(word, FUTEX_WAIT, 0, NULL)) == 0 && __atomic_load_n(word, __ATOMIC_SEQ_CST) == 0)
		;
	int st;
	waitpid(c, &st, 0);
	CHECK("a shared futex: woken by the other process", *word == 1);
	CHECK("... whose FUTEX_WAKE woke one waiter", WIFEXITED(st) && WEXITSTATUS(st) == 0);
	return failures;
}
