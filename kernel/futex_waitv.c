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
#include <emu/timekeeping.h>
#include <emu/trace.h>
#include <errno.h>
#include <stdlib.h>
#include <time.h>

#define FUTEX_WAITV_MAX 128
#define FUTEX_BITSET_MATCH_ANY 0xffffffff

/* One entry of the call and its waiter (Linux's struct futex_vector). */
struct futex_vector {
	struct futex_waitv w;
	struct futex_q q;
};

/* Takes every entry off its queue: the index of the one a wake took off, or -1
 * (one at most: the first wake leaves the task running, which no other wakes). */
static int futex_unqueue_multiple(struct futex_vector *v, int count)
{
	int ret = -1;

	for (int i = 0; i < count; i++)
		if (!futex_unqueue(&v[i].q))
			ret = i;
	return ret;
}

void futex_waitv_free(struct task *t)
{
	futex_unqueue_multiple(t->futex_vec, t->futex_nr_vec);
	t->futex_nr_vec = 0;
	free(t->futex_vec);
	t->futex_vec = NULL;
}

/* Keys for every entry, and -EAGAIN if a value has changed already. */
static long waitv_setup(struct futex_vector *vs, unsigned nr)
{
	for (unsigned i = 0; i < nr; i++) {
		const struct futex_waitv *w = &vs[i].w;
		int flags = futex2_to_flags(w->flags);
		uint32_t cur;
		long err;
		if (flags < 0 || w->__reserved || (w->val >> 32))
			return -EINVAL;
		if ((err = get_futex_key(w->uaddr, (unsigned)flags, &vs[i].q.key)))
			return err;
		if (copy_from_user(&cur, w->uaddr, sizeof cur))
			return -EFAULT;
		if (cur != (uint32_t)w->val)
			return -EAGAIN;
	}
	return 0;
}

static long futex_wait_multiple(uint64_t uwaiters, unsigned nr, uint64_t deadline);

/* The call's next run after the task slept: the index of the futex a wake took off
 * its queue, or (a signal, the timeout) the wait goes on from the start. */
static long futex_waitv_restart(struct restart_block *restart)
{
	int woken = futex_unqueue_multiple(current->futex_vec, current->futex_nr_vec);

	current->futex_nr_vec = 0;
	if (woken >= 0)
		return woken;
	return futex_wait_multiple(restart->futex_waitv.uaddr, restart->futex_waitv.nr,
				   restart->deadline);
}

/* Queues a waiter on every futex unless one has changed (Linux's futex_wait_multiple). */
static long futex_wait_multiple(uint64_t uwaiters, unsigned nr, uint64_t deadline)
{
	struct restart_block *restart = &current->restart_block;
	struct futex_waitv w[FUTEX_WAITV_MAX];
	struct futex_vector *vs;
	long ret;

	if (restart->deadline && ktime_get_ns() >= deadline)
		return -ETIMEDOUT; /* an earlier run slept until its timeout */
	if (copy_from_user(w, uwaiters, nr * sizeof w[0]))
		return -EFAULT;
	vs = realloc(current->futex_vec, nr * sizeof *vs);
	if (!vs)
		return -ENOMEM;
	current->futex_vec = vs;
	for (unsigned i = 0; i < nr; i++)
		vs[i].w = w[i];
	if ((ret = waitv_setup(vs, nr)))
		return ret;
	ret = wait_event(WAIT_FUTEX, NULL, deadline, -ETIMEDOUT, -ERESTARTSYS);
	if (ret != EMU_RESTART)
		return ret;
	for (unsigned i = 0; i < nr; i++) {
		vs[i].q = (struct futex_q){ .task = current, .key = vs[i].q.key,
					    .bitset = FUTEX_BITSET_MATCH_ANY, .uaddr = vs[i].w.uaddr };
		futex_queue(&vs[i].q);
	}
	current->futex_nr_vec = (int)nr;
	restart->fn = futex_waitv_restart;
	restart->futex_waitv.uaddr = uwaiters;
	restart->futex_waitv.nr = nr;
	trace_kernel(TRACE_SCHED, "futex_waitv: pid %d sleeps on %u futexes", current->pid, nr);
	return EMU_RESTART;
}

SYSCALL_DEFINE5(futex_waitv, uint64_t, uwaiters, unsigned, nr, unsigned, flags, uint64_t, utimeout,
		int, clockid)
{
	uint64_t deadline;
	long err;

	if (flags || !uwaiters || !nr || nr > FUTEX_WAITV_MAX)
		return -EINVAL;
	if ((err = futex2_deadline(utimeout, clockid, &deadline)))
		return err;
	return futex_wait_multiple(uwaiters, nr, deadline);
}
