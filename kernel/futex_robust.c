/* Robust futexes (Linux's exit_robust_list): a thread that dies holding a lock on
 * its robust list leaves FUTEX_OWNER_DIED in the lock word and wakes one waiter,
 * which then owns a lock marked "owner died" (EOWNERDEAD in pthread_mutex_lock).
 * Walked at exit and at execve, for the dying thread's memory (current is it). */
#include <emu/futex.h>
#include <emu/mm.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <linux/futex.h>

#define ROBUST_LIST_LIMIT 2048 /* a corrupt, circular list ends here */

struct robust_list_head_64 {
	uint64_t list;          /* first entry, or the head's own address if empty */
	int64_t futex_offset;   /* from an entry to its lock word */
	uint64_t list_op_pending; /* an entry being added or removed */
};

/* The lock word at uaddr belonged to tid: mark it, wake a waiter. */
static void handle_futex_death(uint64_t uaddr, int tid)
{
	uint32_t val, mval;

	if ((uaddr & 3) || copy_from_user(&val, uaddr, sizeof val))
		return;
	if ((val & FUTEX_TID_MASK) != (uint32_t)tid)
		return;
	mval = (val & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
	if (copy_to_user(uaddr, &mval, sizeof mval))
		return;
	trace_kernel(TRACE_PROC, "exit: robust futex %#lx of tid %d: FUTEX_OWNER_DIED",
		     (unsigned long)uaddr, tid);
	if (val & FUTEX_WAITERS)
		futex_wake_tid(uaddr);
}

/* The low bit of an entry pointer marks a PI futex; the address is the rest. */
static uint64_t entry_addr(uint64_t e)
{
	return e & ~1ULL;
}

void exit_robust_list(struct task *t)
{
	struct robust_list_head_64 head;
	uint64_t entry, next, pending;
	int limit = ROBUST_LIST_LIMIT;
	int tid = task_pid_nr_ns(t, task_active_pid_ns(t)); /* as its own namespace numbers it */

	if (!t->robust_list || copy_from_user(&head, t->robust_list, sizeof head))
		return;
	entry = entry_addr(head.list);
	pending = entry_addr(head.list_op_pending);
	while (entry != t->robust_list && limit--) {
		if (copy_from_user(&next, entry, sizeof next))
			return;
		if (entry != pending)
			handle_futex_death(entry + head.futex_offset, tid);
		entry = entry_addr(next);
	}
	if (pending)
		handle_futex_death(pending + head.futex_offset, tid);
	t->robust_list = 0;
}
