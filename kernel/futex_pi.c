/* Priority-inheritance futexes (Linux's kernel/futex/pi.c), the paths glibc's
 * PTHREAD_PRIO_INHERIT mutexes use: the lock word holds the owner's tid, with
 * FUTEX_WAITERS when someone sleeps on it and FUTEX_OWNER_DIED when its owner
 * died. The kernel takes a free lock, takes a dead owner's lock (with
 * FUTEX_OWNER_DIED), and at unlock hands the lock to the first waiter in pid
 * order. Priorities are not boosted: emu's scheduler has no priorities. */
#include <emu/futex.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <errno.h>
#include <linux/futex.h>

static int get_word(uint64_t uaddr, uint32_t *v)
{
	return copy_from_user(v, uaddr, sizeof *v) ? -EFAULT : 0;
}

static int put_word(uint64_t uaddr, uint32_t v)
{
	return copy_to_user(uaddr, &v, sizeof v) ? -EFAULT : 0;
}

/* 1: current owns the lock now; 0: it is held (FUTEX_WAITERS set unless trylock). */
static int lock_pi_atomic(uint64_t uaddr, bool trylock)
{
	uint32_t v, tid = (uint32_t)task_pid_vnr(current), owner; /* the caller's namespace's */
	int err = get_word(uaddr, &v);

	if (err)
		return err;
	owner = v & FUTEX_TID_MASK;
	if (owner == tid)
		return -EDEADLK;
	if (!owner || !find_task_by_vpid((int)owner)) {
		uint32_t died = owner ? FUTEX_OWNER_DIED : v & FUTEX_OWNER_DIED;
		return (err = put_word(uaddr, tid | (v & FUTEX_WAITERS) | died)) ? err : 1;
	}
	if (!trylock && !(v & FUTEX_WAITERS))
		return put_word(uaddr, v | FUTEX_WAITERS);
	return 0;
}

/* The first task after q (NULL: the first of all) asleep in FUTEX_LOCK_PI on key. */
static struct futex_q *next_pi_waiter(const union futex_key *key, struct futex_q *q)
{
	while ((q = futex_next_waiter(key, q)) && !q->pi)
		;
	return q;
}

/* A restart after sleeping: the lock may have been handed over meanwhile. */
static long futex_lock_pi_restart(struct restart_block *restart)
{
	uint32_t v;
	int err;

	futex_unqueue(&current->futex_q);
	if ((err = get_word(restart->futex.uaddr, &v)))
		return err;
	if ((v & FUTEX_TID_MASK) == (uint32_t)task_pid_vnr(current))
		return 0;
	return futex_lock_pi(restart->futex.uaddr, restart->futex.flags, restart->deadline, false);
}

long futex_lock_pi(uint64_t uaddr, unsigned int flags, uint64_t deadline, bool trylock)
{
	struct restart_block *restart = &current->restart_block;
	struct futex_q *q = &current->futex_q;
	union futex_key key;
	long ret;

	if ((ret = get_futex_key(uaddr, flags, &key)))
		return ret;
	if ((ret = lock_pi_atomic(uaddr, trylock)))
		return ret < 0 ? ret : 0;
	if (trylock)
		return -EWOULDBLOCK;
	/* a handler runs, then it tries again */
	ret = wait_event(WAIT_FUTEX, NULL, deadline, -ETIMEDOUT, -ERESTARTNOINTR);
	if (ret != EMU_RESTART)
		return ret;
	*q = (struct futex_q){ .task = current, .key = key, .bitset = FUTEX_BITSET_MATCH_ANY,
			       .uaddr = uaddr, .pi = true };
	futex_queue(q);
	restart->fn = futex_lock_pi_restart;
	restart->futex.uaddr = uaddr;
	restart->futex.flags = flags;
	trace_kernel(TRACE_SCHED, "futex_lock_pi %#lx: pid %d sleeps", (unsigned long)uaddr,
		     current->pid);
	return EMU_RESTART;
}

long futex_unlock_pi(uint64_t uaddr, unsigned int flags)
{
	union futex_key key;
	struct futex_q *next;
	bool more;
	uint32_t v;
	int err;

	if ((err = get_futex_key(uaddr, flags, &key)) || (err = get_word(uaddr, &v)))
		return err;
	if ((v & FUTEX_TID_MASK) != (uint32_t)task_pid_vnr(current))
		return -EPERM;
	next = next_pi_waiter(&key, NULL);
	if (!next)
		return put_word(uaddr, 0);
	more = next_pi_waiter(&key, next) != NULL;
	if ((err = put_word(uaddr, (uint32_t)task_pid_vnr(next->task) | (more ? FUTEX_WAITERS : 0))))
		return err;
	trace_kernel(TRACE_SCHED, "futex_unlock_pi %#lx: handed to pid %d", (unsigned long)uaddr,
		     next->task->pid);
	futex_wake_mark(next); /* its restart finds itself the owner */
	return 0;
}

/* Does another task wait with w on its PI futex? */
static bool more_pi_waiters(struct futex_q *w)
{
	for (struct futex_q *q = next_pi_waiter(&w->key, NULL); q; q = next_pi_waiter(&w->key, q))
		if (q != w)
			return true;
	return false;
}

/* A thread died holding PI locks that others sleep on (Linux's exit_pi_state_list):
 * each lock goes to its first waiter, marked FUTEX_OWNER_DIED. */
void exit_pi_state_list(struct task *dead)
{
	uint32_t v;

	for (struct task *w = first_task_in_list(); w; w = w->next_task) {
		struct futex_q *q = &w->futex_q;
		if (w->state != TASK_SLEEPING || w->restart_block.waiting != WAIT_FUTEX || !q->pi ||
		    !q->pprev)
			continue;
		/* the word, as the waiter sees it, with tids of its pid namespace */
		const struct pid_namespace *ns = task_active_pid_ns(w);
		if (access_remote_vm(w->mm, q->uaddr, &v, sizeof v, false) != sizeof v ||
		    (v & FUTEX_TID_MASK) != (uint32_t)task_pid_nr_ns(dead, ns))
			continue;
		uint32_t nv = (uint32_t)task_pid_nr_ns(w, ns) | FUTEX_OWNER_DIED |
			      (more_pi_waiters(q) ? FUTEX_WAITERS : 0);
		if (access_remote_vm(w->mm, q->uaddr, &nv, sizeof nv, true) != sizeof nv)
			continue;
		trace_kernel(TRACE_PROC, "exit: PI futex %#lx of tid %d handed to pid %d, owner died",
			     (unsigned long)q->uaddr, dead->pid, w->pid);
		futex_wake_mark(q);
	}
}
