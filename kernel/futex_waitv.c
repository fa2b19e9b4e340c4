/* futex_waitv (Linux 5.16): wait on up to 128 futexes at once; a wake on any of
 * them ends the wait and the call returns that entry's index. Entries are 32-bit
 * futexes, private or shared; the timeout is absolute, on CLOCK_MONOTONIC or
 * CLOCK_REALTIME. */
#include <emu/futex.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#define FUTEX_WAITV_MAX 128
#define FUTEX2_SIZE_U32 0x02
#define FUTEX2_SIZE_MASK 0x03
#define FUTEX2_PRIVATE 128

struct futex_waitv {
	uint64_t val, uaddr;
	uint32_t flags, reserved;
};

bool futex_waitv_match(struct task *t, const struct futex_key *key)
{
	for (int i = 0; i < t->futex.nr_vec; i++)
		if (t->futex.vec[i].a == key->a && t->futex.vec[i].b == key->b) {
			t->futex.vec_index = i;
			return true;
		}
	return false;
}

static long waitv_deadline(uint64_t utimeout, int clockid, uint64_t *deadline)
{
	uint64_t ns, now = ktime_get_ns();
	long err;

	*deadline = current->restart_deadline;
	if (!utimeout || *deadline)
		return 0;
	if (clockid != CLOCK_MONOTONIC && clockid != CLOCK_REALTIME)
		return -EINVAL;
	if ((err = get_user_timespec(utimeout, &ns)))
		return err;
	if (clockid == CLOCK_REALTIME)
		ns = ns > ktime_get_real_ns() ? now + (ns - ktime_get_real_ns()) : now;
	*deadline = ns ? ns : 1;
	return 0;
}

/* Keys for every entry, and -EAGAIN if a value has changed already. */
static long waitv_setup(const struct futex_waitv *w, unsigned nr, struct futex_key *keys)
{
	for (unsigned i = 0; i < nr; i++) {
		uint32_t cur;
		long err;
		if ((w[i].flags & ~(FUTEX2_SIZE_MASK | FUTEX2_PRIVATE)) || w[i].reserved ||
		    (w[i].flags & FUTEX2_SIZE_MASK) != FUTEX2_SIZE_U32)
			return -EINVAL;
		if ((err = get_futex_key(w[i].uaddr, w[i].flags & FUTEX2_PRIVATE, &keys[i])))
			return err;
		if (copy_from_user(&cur, w[i].uaddr, sizeof cur))
			return -EFAULT;
		if (cur != (uint32_t)w[i].val)
			return -EAGAIN;
	}
	return 0;
}

SYSCALL_DEFINE5(futex_waitv, uint64_t, uwaiters, unsigned, nr, unsigned, flags, uint64_t, utimeout,
		int, clockid)
{
	struct futex_waitv w[FUTEX_WAITV_MAX];
	struct futex_key *keys;
	uint64_t deadline;
	long err;

	if (current->futex.woken && current->futex.nr_vec) { /* the restart after a wake-up */
		current->futex.woken = false;
		current->futex.nr_vec = 0;
		return current->futex.vec_index;
	}
	current->futex.nr_vec = 0;
	if (flags || !uwaiters || !nr || nr > FUTEX_WAITV_MAX)
		return -EINVAL;
	if ((err = waitv_deadline(utimeout, clockid, &deadline)))
		return err;
	if (current->restart_deadline && ktime_get_ns() >= deadline)
		return -ETIMEDOUT; /* woken by its timeout */
	if (copy_from_user(w, uwaiters, nr * sizeof w[0]))
		return -EFAULT;
	keys = realloc(current->futex.vec, nr * sizeof *keys);
	if (!keys)
		return -ENOMEM;
	current->futex.vec = keys;
	if ((err = waitv_setup(w, nr, keys)))
		return err;
	if (deadline && ktime_get_ns() >= deadline)
		return -ETIMEDOUT;
	if (signal_pending(current))
		return -ERESTARTSYS;
	task_sleep_until(current, deadline);
	current->waiting = WAIT_FUTEX;
	current->restart_deadline = deadline;
	current->futex.nr_vec = (int)nr;
	current->futex.pi = false;
	trace_kernel(TRACE_SCHED, "futex_waitv: pid %d sleeps on %u futexes", current->pid, nr);
	return EMU_RESTART;
}
