/* Futexes: Linux's kernel/futex/. A futex in private memory is keyed by its mm and
 * address; one in a MAP_SHARED mapping by the frame and offset behind it, so
 * processes that share the mapping meet on it. Waiters wake in the order of
 * the task list (pid order). Here: WAIT, WAKE and their BITSET forms, timeouts,
 * REQUEUE, CMP_REQUEUE and WAKE_OP, the robust-list registration; PI futexes in
 * kernel/futex_pi.c, futex_waitv in kernel/futex_waitv.c. Not done: WAIT_REQUEUE_PI,
 * CMP_REQUEUE_PI. */
#include <emu/futex.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <errno.h>
#include <linux/futex.h>
#include <time.h>

#define ROBUST_LIST_HEAD_SIZE 24 /* struct robust_list_head */

int get_futex_key(uint64_t uaddr, bool private, struct futex_key *key)
{
	uint32_t probe;

	if (uaddr & 3)
		return -EINVAL;
	if (copy_from_user(&probe, uaddr, sizeof probe)) /* faults the page in */
		return -EFAULT;
	/* as Linux: only a MAP_SHARED mapping is keyed by what backs it; private
	 * memory is (mm, address) with or without FUTEX_PRIVATE_FLAG, since the frame
	 * behind it changes when a copy-on-write fault copies it */
	struct vma *vma = private ? NULL : vma_at(current->mm, uaddr);
	if (private || !vma || !(vma->flags & VM_SHARED)) {
		*key = (struct futex_key){ current->mm, uaddr };
		return 0;
	}
	pte_t *pte = pte_lookup(&current->mm->pgd, uaddr);
	*key = (struct futex_key){ NULL, ((uint64_t)pte_pfn(*pte) << PAGE_SHIFT) | (uaddr & ~PAGE_MASK) };
	return 0;
}

static long futex_wait(uint64_t uaddr, bool private, uint32_t val, uint64_t deadline,
		       uint32_t bitset)
{
	struct futex_key key;
	uint32_t cur;
	int err;

	if (current->futex.woken) { /* this is the restart after a wake-up */
		current->futex.woken = false;
		current->futex.sleeping = false;
		return 0;
	}
	if (current->futex.sleeping) { /* woken by something else: a signal? */
		current->futex.sleeping = false;
		if (signal_pending(current)) /* Linux does not look at the word again */
			return current->restart_deadline ? -ERESTART_RESTARTBLOCK : -ERESTARTSYS;
	}
	if (!bitset)
		return -EINVAL;
	if ((err = get_futex_key(uaddr, private, &key)))
		return err;
	if (current->restart_deadline && ktime_get_ns() >= current->restart_deadline)
		return -ETIMEDOUT;
	if (copy_from_user(&cur, uaddr, sizeof cur))
		return -EFAULT;
	if (cur != val)
		return -EAGAIN;
	if (deadline && !current->restart_deadline && ktime_get_ns() >= deadline)
		return -ETIMEDOUT;
	if (signal_pending(current)) /* with a timeout, a handler makes it EINTR */
		return deadline ? -ERESTART_RESTARTBLOCK : -ERESTARTSYS;
	task_sleep_until(current, deadline);
	current->waiting = WAIT_FUTEX;
	current->futex.sleeping = true;
	current->futex.nr_vec = 0;
	current->restart_deadline = deadline;
	current->futex.a = key.a;
	current->futex.b = key.b;
	current->futex.uaddr = uaddr;
	current->futex.bitset = bitset;
	trace_kernel(TRACE_SCHED, "futex_wait %#lx: pid %d sleeps", (unsigned long)uaddr, current->pid);
	return EMU_RESTART;
}

static long futex_wake(uint64_t uaddr, bool private, int nr, uint32_t bitset)
{
	struct futex_key key;
	int woken = 0, err;

	if (!bitset)
		return -EINVAL;
	if ((err = get_futex_key(uaddr, private, &key)))
		return err;
	if (nr <= 0)
		nr = 1; /* Linux wakes one even when asked for none */
	for (struct task *t = first_task_in_list(); t && woken < nr; t = t->next_task) {
		if (t->state != TASK_SLEEPING || t->waiting != WAIT_FUTEX)
			continue;
		if (t->futex.nr_vec ? !futex_waitv_match(t, &key)
				    : t->futex.a != key.a || t->futex.b != key.b ||
				      !(t->futex.bitset & bitset))
			continue;
		wake_task(t);
		t->futex.woken = true;
		woken++;
	}
	if (woken)
		trace_kernel(TRACE_SCHED, "futex_wake %#lx: %d woken", (unsigned long)uaddr, woken);
	return woken;
}

void futex_wake_tid(uint64_t uaddr)
{
	if (futex_wake(uaddr, false, 1, FUTEX_BITSET_MATCH_ANY) == 0)
		futex_wake(uaddr, true, 1, FUTEX_BITSET_MATCH_ANY);
}

/* FUTEX_REQUEUE and FUTEX_CMP_REQUEUE: wake up to nr_wake waiters on uaddr, move up
 * to nr_requeue of the others to uaddr2. Returns how many were woken or moved. */
static long futex_requeue(uint64_t uaddr, uint64_t uaddr2, bool private, int nr_wake,
			  int nr_requeue, const uint32_t *cmpval)
{
	struct futex_key k1, k2;
	uint32_t cur;
	int count = 0, err;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	if ((err = get_futex_key(uaddr, private, &k1)) || (err = get_futex_key(uaddr2, private, &k2)))
		return err;
	if (cmpval) {
		if (copy_from_user(&cur, uaddr, sizeof cur))
			return -EFAULT;
		if (cur != *cmpval)
			return -EAGAIN;
	}
	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		if (t->state != TASK_SLEEPING || t->waiting != WAIT_FUTEX || t->futex.nr_vec ||
		    t->futex.a != k1.a || t->futex.b != k1.b)
			continue;
		if (nr_wake > 0) {
			wake_task(t);
			t->futex.woken = true;
			nr_wake--;
		} else if (nr_requeue > 0) {
			t->futex.a = k2.a;
			t->futex.b = k2.b;
			nr_requeue--;
		} else {
			break;
		}
		count++;
	}
	return count;
}

/* FUTEX_WAKE_OP: *uaddr2 = oldval OP oparg; wake on uaddr; and if oldval CMP cmparg,
 * wake on uaddr2 too (the encoding is futex(2)'s). */
static long futex_wake_op(uint64_t uaddr, uint64_t uaddr2, bool private, int nr_wake,
			  int nr_wake2, uint32_t encoded)
{
	int op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	int oparg = (int)(encoded << 8) >> 20, cmparg = (int)(encoded << 20) >> 20;
	int32_t oldval, newval;

	if (encoded & (8u << 28))
		oparg = 1 << (oparg & 31); /* FUTEX_OP_OPARG_SHIFT */
	if (copy_from_user(&oldval, uaddr2, sizeof oldval))
		return -EFAULT;
	switch (op) {
	case FUTEX_OP_SET: newval = oparg; break;
	case FUTEX_OP_ADD: newval = oldval + oparg; break;
	case FUTEX_OP_OR: newval = oldval | oparg; break;
	case FUTEX_OP_ANDN: newval = oldval & ~oparg; break;
	case FUTEX_OP_XOR: newval = oldval ^ oparg; break;
	default: return -ENOSYS;
	}
	bool hit;
	switch (cmp) {
	case FUTEX_OP_CMP_EQ: hit = oldval == cmparg; break;
	case FUTEX_OP_CMP_NE: hit = oldval != cmparg; break;
	case FUTEX_OP_CMP_LT: hit = oldval < cmparg; break;
	case FUTEX_OP_CMP_LE: hit = oldval <= cmparg; break;
	case FUTEX_OP_CMP_GT: hit = oldval > cmparg; break;
	case FUTEX_OP_CMP_GE: hit = oldval >= cmparg; break;
	default: return -ENOSYS;
	}
	if (copy_to_user(uaddr2, &newval, sizeof newval))
		return -EFAULT;
	long woken = futex_wake(uaddr, private, nr_wake, FUTEX_BITSET_MATCH_ANY);
	if (woken >= 0 && hit) {
		long more = futex_wake(uaddr2, private, nr_wake2, FUTEX_BITSET_MATCH_ANY);
		woken += more > 0 ? more : 0;
	}
	return woken;
}

/* A futex timeout: relative for FUTEX_WAIT, absolute for the BITSET form; the
 * deadline is on the monotonic clock, the first time the call runs. */
static long futex_deadline(uint64_t utime, bool absolute, bool realtime, uint64_t *deadline)
{
	uint64_t ns;
	long err;

	*deadline = 0;
	if (!utime)
		return 0;
	if (current->restart_deadline) {
		*deadline = current->restart_deadline;
		return 0;
	}
	if ((err = get_user_timespec(utime, &ns)))
		return err;
	if (!absolute)
		*deadline = ktime_get_ns() + ns;
	else if (realtime)
		*deadline = ns > ktime_get_real_ns() ? ktime_get_ns() + (ns - ktime_get_real_ns()) : 1;
	else
		*deadline = ns ? ns : 1;
	return 0;
}

SYSCALL_DEFINE6(futex, uint64_t, uaddr, int, op, uint32_t, val, uint64_t, utime, uint64_t, uaddr2,
		uint32_t, val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	bool private = op & FUTEX_PRIVATE_FLAG, realtime = op & FUTEX_CLOCK_REALTIME;
	uint64_t deadline;
	long err;

	if (realtime && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT && cmd != FUTEX_LOCK_PI2)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		if ((err = futex_deadline(utime, false, false, &deadline)))
			return err;
		return futex_wait(uaddr, private, val, deadline, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAIT_BITSET:
		if ((err = futex_deadline(utime, true, realtime, &deadline)))
			return err;
		return futex_wait(uaddr, private, val, deadline, val3);
	case FUTEX_WAKE:
		return futex_wake(uaddr, private, (int)val, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, private, (int)val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, uaddr2, private, (int)val, (int)utime, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, uaddr2, private, (int)val, (int)utime, &val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, uaddr2, private, (int)val, (int)utime, val3);
	case FUTEX_LOCK_PI: /* an absolute CLOCK_REALTIME timeout */
		if ((err = futex_deadline(utime, true, true, &deadline)))
			return err;
		return futex_lock_pi(uaddr, private, deadline, false);
	case FUTEX_LOCK_PI2: /* CLOCK_MONOTONIC unless FUTEX_CLOCK_REALTIME */
		if ((err = futex_deadline(utime, true, realtime, &deadline)))
			return err;
		return futex_lock_pi(uaddr, private, deadline, false);
	case FUTEX_TRYLOCK_PI:
		return futex_lock_pi(uaddr, private, 0, true);
	case FUTEX_UNLOCK_PI:
		return futex_unlock_pi(uaddr, private);
	default:
		return -ENOSYS;
	}
}

SYSCALL_DEFINE2(set_robust_list, uint64_t, head, size_t, len)
{
	if (len != ROBUST_LIST_HEAD_SIZE)
		return -EINVAL;
	current->robust_list = head;
	current->robust_list_len = len;
	return 0;
}

SYSCALL_DEFINE3(get_robust_list, int, pid, uint64_t, uhead, uint64_t, ulen)
{
	uint64_t len = ROBUST_LIST_HEAD_SIZE;

	if (pid && pid != current->pid)
		return -ESRCH;
	if (copy_to_user(uhead, &current->robust_list, sizeof current->robust_list) ||
	    copy_to_user(ulen, &len, sizeof len))
		return -EFAULT;
	return 0;
}
