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
	uint32_t v, tid = (uint32_t)current->pid, owner;
	int err = get_word(uaddr, &v);

	if (err)
		return err;
	owner = v & FUTEX_TID_MASK;
	if (owner == tid)
		return -EDEADLK;
	if (!owner || !find_task((int)owner)) {
		uint32_t died = owner ? FUTEX_OWNER_DIED : v & FUTEX_OWNER_DIED;
		return (err = put_word(uaddr, tid | (v & FUTEX_WAITERS) | died)) ? err : 1;
	}
	if (!trylock && !(v & FUTEX_WAITERS))
		return put_word(uaddr, v | FUTEX_WAITERS);
	return 0;
}

static bool pi_waiter_on(const struct task *t, const struct futex_key *key)
{
	return t->state == TASK_SLEEPING && t->waiting == WAIT_FUTEX && t->futex.pi && !t->futex.nr_vec &&
	       t->futex.a == key->a && t->futex.b == key->b;
}

long futex_lock_pi(uint64_t uaddr, bool private, uint64_t deadline, bool trylock)
{
	struct futex_key key;
	uint32_t v;
	int err;

	if ((err = get_futex_key(uaddr, private, &key)))
		return err;
	if (current->futex.pi) { /* a restart after sleeping: was the lock handed over? */
		current->futex.pi = false;
		current->futex.woken = false;
		if ((err = get_word(uaddr, &v)))
			return err;
		if ((v & FUTEX_TID_MASK) == (uint32_t)current->pid)
			return 0;
	}
	if ((err = lock_pi_atomic(uaddr, trylock)))
		return err < 0 ? err : 0;
	if (trylock)
		return -EWOULDBLOCK;
	if (deadline && ktime_get_ns() >= deadline)
		return -ETIMEDOUT;
	if (signal_pending(current))
		return -ERESTARTNOINTR; /* a handler runs, then it tries again */
	task_sleep_until(current, deadline);
	current->waiting = WAIT_FUTEX;
	current->restart_deadline = deadline;
	current->futex.a = key.a;
	current->futex.b = key.b;
	current->futex.uaddr = uaddr;
	current->futex.bitset = FUTEX_BITSET_MATCH_ANY;
	current->futex.pi = true;
	current->futex.nr_vec = 0;
	trace_kernel(TRACE_SCHED, "futex_lock_pi %#lx: pid %d sleeps", (unsigned long)uaddr,
		     current->pid);
	return EMU_RESTART;
}

long futex_unlock_pi(uint64_t uaddr, bool private)
{
	struct futex_key key;
	struct task *next = NULL;
	bool more = false;
	uint32_t v;
	int err;

	if ((err = get_futex_key(uaddr, private, &key)) || (err = get_word(uaddr, &v)))
		return err;
	if ((v & FUTEX_TID_MASK) != (uint32_t)current->pid)
		return -EPERM;
	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		if (!pi_waiter_on(t, &key))
			continue;
		if (next) {
			more = true;
			break;
		}
		next = t;
	}
	if (!next)
		return put_word(uaddr, 0);
	if ((err = put_word(uaddr, (uint32_t)next->pid | (more ? FUTEX_WAITERS : 0))))
		return err;
	trace_kernel(TRACE_SCHED, "futex_unlock_pi %#lx: handed to pid %d", (unsigned long)uaddr,
		     next->pid);
	wake_task(next); /* it keeps futex.pi: its restart finds itself the owner */
	return 0;
}

/* Is another task than w asleep on w's PI futex? */
static bool more_pi_waiters(const struct task *w)
{
	struct futex_key key = { w->futex.a, w->futex.b };

	for (struct task *t = first_task_in_list(); t; t = t->next_task)
		if (t != w && pi_waiter_on(t, &key))
			return true;
	return false;
}

/* A thread died holding PI locks that others sleep on (Linux's exit_pi_state_list):
 * each lock goes to its first waiter, marked FUTEX_OWNER_DIED. */
void exit_pi_state_list(struct task *dead)
{
	uint32_t v;

	for (struct task *w = first_task_in_list(); w; w = w->next_task) {
		if (w->state != TASK_SLEEPING || w->waiting != WAIT_FUTEX || !w->futex.pi)
			continue;
		/* the word, as the waiter sees it */
		if (access_remote_vm(w->mm, w->futex.uaddr, &v, sizeof v, false) != sizeof v ||
		    (v & FUTEX_TID_MASK) != (uint32_t)dead->pid)
			continue;
		uint32_t nv = (uint32_t)w->pid | FUTEX_OWNER_DIED | (more_pi_waiters(w) ? FUTEX_WAITERS : 0);
		if (access_remote_vm(w->mm, w->futex.uaddr, &nv, sizeof nv, true) != sizeof nv)
			continue;
		trace_kernel(TRACE_PROC, "exit: PI futex %#lx of tid %d handed to pid %d, owner died",
			     (unsigned long)w->futex.uaddr, dead->pid, w->pid);
		wake_task(w);
	}
}
