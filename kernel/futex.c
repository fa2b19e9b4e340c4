/* Futexes: Linux's kernel/futex/ (core.c, waitwake.c, requeue.c, syscalls.c). A
 * futex in private memory is keyed by its mm and address; one in a MAP_SHARED
 * mapping by the object behind it and the offset in it, so processes that share the
 * mapping meet on it (get_futex_key). A waiter is a struct futex_q on its key's hash
 * bucket; waiters wake in the order of the task list (pid order). Here: WAIT, WAKE
 * and their BITSET forms, timeouts, REQUEUE, CMP_REQUEUE and WAKE_OP, the
 * robust-list registration; futex2's futex_wake, futex_wait and futex_requeue
 * (Linux 6.7); PI futexes in kernel/futex_pi.c, futex_waitv in
 * kernel/futex_waitv.c. Not done: WAIT_REQUEUE_PI, CMP_REQUEUE_PI. */
#include <emu/futex.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/timekeeping.h>
#include <emu/trace.h>
#include <errno.h>
#include <linux/futex.h>
#include <string.h>
#include <time.h>

#define ROBUST_LIST_HEAD_SIZE 24 /* struct robust_list_head */
#define FUTEX_HASH_BITS 8

/* A chain of waiters, kept in task-list order so that wakes go in pid order as
 * they always have here (Linux's chain is by priority, then first come, first
 * served). */
struct futex_hash_bucket {
	struct futex_q *chain;
};

static struct futex_hash_bucket futex_queues[1 << FUTEX_HASH_BITS];

static struct futex_hash_bucket *futex_hash(const union futex_key *key)
{
	uint64_t h = (uint64_t)(uintptr_t)key->both.ptr ^ key->both.word ^ key->both.offset;

	return &futex_queues[(h * 0x9e3779b97f4a7c15ULL) >> (64 - FUTEX_HASH_BITS)];
}

bool futex_match(const union futex_key *key1, const union futex_key *key2)
{
	return key1->both.ptr == key2->both.ptr && key1->both.word == key2->both.word &&
	       key1->both.offset == key2->both.offset;
}

int get_futex_key(uint64_t uaddr, unsigned int flags, union futex_key *key)
{
	uint32_t probe;
	struct vma *vma;

	if (uaddr & 3)
		return -EINVAL;
	if (copy_from_user(&probe, uaddr, sizeof probe)) /* faults the page in */
		return -EFAULT;
	memset(key, 0, sizeof *key);
	key->both.offset = uaddr & ~PAGE_MASK;
	/* as Linux: only a MAP_SHARED mapping is keyed by what backs it; private
	 * memory is (mm, address) with or without FUTEX_PRIVATE_FLAG, since the frame
	 * behind it changes when a copy-on-write fault copies it */
	vma = (flags & FLAGS_SHARED) ? vma_at(current->mm, uaddr) : NULL;
	if (!vma || !(vma->flags & VM_SHARED)) {
		key->private.mm = current->mm;
		key->private.address = uaddr & PAGE_MASK;
		return 0;
	}
	key->both.offset |= FUT_OFF_INODE;
	key->shared.obj = vma->obj;
	key->shared.pgoff = vma->pgoff + ((uaddr - vma->start) >> PAGE_SHIFT);
	return 0;
}

/* ---- the queues ---- */

void futex_queue(struct futex_q *q)
{
	struct futex_q **link = &futex_hash(&q->key)->chain;

	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		while (*link && (*link)->task == t)
			link = &(*link)->next;
		if (t == q->task)
			break;
	}
	q->next = *link;
	if (q->next)
		q->next->pprev = &q->next;
	q->pprev = link;
	*link = q;
}

static void __futex_unqueue(struct futex_q *q)
{
	*q->pprev = q->next;
	if (q->next)
		q->next->pprev = q->pprev;
	q->next = NULL;
	q->pprev = NULL;
}

bool futex_unqueue(struct futex_q *q)
{
	if (!q->pprev)
		return false;
	__futex_unqueue(q);
	return true;
}

/* Is q's task asleep on it? One woken by a timeout or a signal stays queued until
 * its call runs again, a dead one until it is freed: neither can be woken. */
static bool futex_q_sleeping(const struct futex_q *q)
{
	return q->task->state == TASK_SLEEPING && q->task->restart_block.waiting == WAIT_FUTEX;
}

/* The first waiter on key from q on, in chain order. */
static struct futex_q *waiter_from(const union futex_key *key, struct futex_q *q)
{
	for (; q; q = q->next)
		if (futex_match(&q->key, key) && futex_q_sleeping(q))
			return q;
	return NULL;
}

struct futex_q *futex_next_waiter(const union futex_key *key, struct futex_q *q)
{
	return waiter_from(key, q ? q->next : futex_hash(key)->chain);
}

void futex_wake_mark(struct futex_q *q)
{
	__futex_unqueue(q);
	wake_task(q->task);
}

/* futex_waitv's waits are entries of its vector, not the task's own futex_q. */
static bool futex_q_is_vector(const struct futex_q *q)
{
	return q != &q->task->futex_q;
}

void futex_task_free(struct task *t)
{
	futex_unqueue(&t->futex_q);
	futex_waitv_free(t);
}

/* ---- FUTEX_WAIT ---- */

static long futex_wait(uint64_t uaddr, unsigned int flags, uint32_t val, uint64_t deadline,
		       uint32_t bitset);

/* The wait's next run after the task slept (Linux's code after schedule() in
 * futex_wait): a wake took the futex_q off its queue; otherwise a signal, the
 * timeout or nothing at all woke it, and the wait goes on from the start. */
static long futex_wait_restart(struct restart_block *restart)
{
	if (!futex_unqueue(&current->futex_q))
		return 0;
	if (signal_pending(current)) /* Linux does not look at the word again */
		return restart->deadline && !(restart->futex.flags & FLAGS_STRICT) ?
			       -ERESTART_RESTARTBLOCK : -ERESTARTSYS;
	return futex_wait(restart->futex.uaddr, restart->futex.flags, restart->futex.val,
			  restart->deadline, restart->futex.bitset);
}

static long futex_wait(uint64_t uaddr, unsigned int flags, uint32_t val, uint64_t deadline,
		       uint32_t bitset)
{
	struct restart_block *restart = &current->restart_block;
	struct futex_q *q = &current->futex_q;
	union futex_key key;
	uint32_t uval;
	long ret;

	if (!bitset)
		return -EINVAL;
	if ((ret = get_futex_key(uaddr, flags, &key)))
		return ret;
	if (restart->deadline && ktime_get_ns() >= restart->deadline)
		return -ETIMEDOUT; /* an earlier run slept until its timeout */
	if (copy_from_user(&uval, uaddr, sizeof uval))
		return -EFAULT;
	if (uval != val)
		return -EAGAIN;
	/* with a timeout, a handler makes it EINTR (futex2's absolute one restarts) */
	ret = wait_event(WAIT_FUTEX, NULL, deadline, -ETIMEDOUT,
			 deadline && !(flags & FLAGS_STRICT) ? -ERESTART_RESTARTBLOCK : -ERESTARTSYS);
	if (ret != EMU_RESTART)
		return ret;
	*q = (struct futex_q){ .task = current, .key = key, .bitset = bitset, .uaddr = uaddr };
	futex_queue(q);
	restart->fn = futex_wait_restart;
	restart->futex.uaddr = uaddr;
	restart->futex.flags = flags;
	restart->futex.val = val;
	restart->futex.bitset = bitset;
	trace_kernel(TRACE_SCHED, "futex_wait %#lx: pid %d sleeps", (unsigned long)uaddr, current->pid);
	return EMU_RESTART;
}

/* ---- FUTEX_WAKE ---- */

/* Wakes up to nr_wake waiters on key whose bitset meets bitset, one at least (as
 * Linux, which counts before it compares); uaddr names the word in the trace. */
static int futex_wake_key(const union futex_key *key, uint64_t uaddr, int nr_wake, uint32_t bitset)
{
	struct futex_q *this, *next;
	int ret = 0;

	for (this = waiter_from(key, futex_hash(key)->chain); this; this = waiter_from(key, next)) {
		next = this->next;
		if (!(this->bitset & bitset))
			continue;
		futex_wake_mark(this);
		if (++ret >= nr_wake)
			break;
	}
	if (ret)
		trace_kernel(TRACE_SCHED, "futex_wake %#lx: %d woken", (unsigned long)uaddr, ret);
	return ret;
}

static long futex_wake(uint64_t uaddr, unsigned int flags, int nr_wake, uint32_t bitset)
{
	union futex_key key;
	int err;

	if (!bitset)
		return -EINVAL;
	if ((err = get_futex_key(uaddr, flags, &key)))
		return err;
	if ((flags & FLAGS_STRICT) && !nr_wake)
		return 0; /* futex2: 0 means none, not one */
	return futex_wake_key(&key, uaddr, nr_wake, bitset);
}

void futex_wake_tid(uint64_t uaddr)
{
	if (futex_wake(uaddr, FLAGS_SHARED, 1, FUTEX_BITSET_MATCH_ANY) == 0)
		futex_wake(uaddr, 0, 1, FUTEX_BITSET_MATCH_ANY);
}

/* ---- FUTEX_REQUEUE, FUTEX_CMP_REQUEUE ---- */

/* q waits on key2 from now on (Linux's requeue_futex). */
static void requeue_futex(struct futex_q *q, const union futex_key *key2)
{
	bool move = futex_hash(&q->key) != futex_hash(key2);

	if (move)
		__futex_unqueue(q);
	q->key = *key2;
	if (move)
		futex_queue(q);
}

/* Wakes up to nr_wake waiters on uaddr1, moves up to nr_requeue of the others to
 * uaddr2. Returns how many were woken or moved. futex_waitv's waiters stay (Linux
 * would move them too). */
static long futex_requeue(uint64_t uaddr1, unsigned int flags1, uint64_t uaddr2,
			  unsigned int flags2, int nr_wake, int nr_requeue, const uint32_t *cmpval)
{
	union futex_key key1, key2;
	struct futex_q *this, *next;
	uint32_t curval;
	int ret = 0, err;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	if ((err = get_futex_key(uaddr1, flags1, &key1)) ||
	    (err = get_futex_key(uaddr2, flags2, &key2)))
		return err;
	if (cmpval) {
		if (copy_from_user(&curval, uaddr1, sizeof curval))
			return -EFAULT;
		if (curval != *cmpval)
			return -EAGAIN;
	}
	for (this = waiter_from(&key1, futex_hash(&key1)->chain); this; this = waiter_from(&key1, next)) {
		next = this->next;
		if (futex_q_is_vector(this))
			continue;
		if (nr_wake > 0) {
			futex_wake_mark(this);
			nr_wake--;
		} else if (nr_requeue > 0) {
			requeue_futex(this, &key2);
			nr_requeue--;
		} else {
			break;
		}
		ret++;
	}
	return ret;
}

/* ---- FUTEX_WAKE_OP ---- */

static int sign_extend32(uint32_t value, int index)
{
	int shift = 31 - index;

	return (int32_t)(value << shift) >> shift;
}

/* *uaddr = oldval OP oparg in one step; the arithmetic wraps, as the CPU's. */
static int arch_futex_atomic_op_inuser(unsigned int op, uint32_t oparg, int *oval, uint64_t uaddr)
{
	uint32_t oldval, newval;

	if (copy_from_user(&oldval, uaddr, sizeof oldval))
		return -EFAULT;
	switch (op) {
	case FUTEX_OP_SET: newval = oparg; break;
	case FUTEX_OP_ADD: newval = oldval + oparg; break;
	case FUTEX_OP_OR: newval = oldval | oparg; break;
	case FUTEX_OP_ANDN: newval = oldval & ~oparg; break;
	case FUTEX_OP_XOR: newval = oldval ^ oparg; break;
	default: return -ENOSYS;
	}
	if (copy_to_user(uaddr, &newval, sizeof newval))
		return -EFAULT;
	*oval = (int32_t)oldval;
	return 0;
}

/* The operation futex(2) encodes in val3 on *uaddr, then its comparison of the old
 * value: 1 or 0, or an error (an unknown comparison after the write, as Linux). */
static int futex_atomic_op_inuser(unsigned int encoded_op, uint64_t uaddr)
{
	unsigned int op = (encoded_op & 0x70000000) >> 28;
	unsigned int cmp = (encoded_op & 0x0f000000) >> 24;
	int oparg = sign_extend32((encoded_op & 0x00fff000) >> 12, 11);
	int cmparg = sign_extend32(encoded_op & 0x00000fff, 11);
	uint32_t arg = (uint32_t)oparg;
	int oldval, ret;

	/* Linux takes a shift out of 0..31 modulo 32 (and logs it) */
	if (encoded_op & ((unsigned int)FUTEX_OP_OPARG_SHIFT << 28))
		arg = 1u << (oparg & 31);
	if ((ret = arch_futex_atomic_op_inuser(op, arg, &oldval, uaddr)))
		return ret;
	switch (cmp) {
	case FUTEX_OP_CMP_EQ: return oldval == cmparg;
	case FUTEX_OP_CMP_NE: return oldval != cmparg;
	case FUTEX_OP_CMP_LT: return oldval < cmparg;
	case FUTEX_OP_CMP_GE: return oldval >= cmparg;
	case FUTEX_OP_CMP_LE: return oldval <= cmparg;
	case FUTEX_OP_CMP_GT: return oldval > cmparg;
	default: return -ENOSYS;
	}
}

/* Changes *uaddr2, wakes up to nr_wake waiters on uaddr1 and, if the comparison
 * of the old value held, up to nr_wake2 on uaddr2. */
static long futex_wake_op(uint64_t uaddr1, unsigned int flags, uint64_t uaddr2, int nr_wake,
			  int nr_wake2, unsigned int op)
{
	union futex_key key1, key2;
	int ret, op_ret;

	if ((ret = get_futex_key(uaddr1, flags, &key1)) || (ret = get_futex_key(uaddr2, flags, &key2)))
		return ret;
	if ((op_ret = futex_atomic_op_inuser(op, uaddr2)) < 0)
		return op_ret;
	ret = futex_wake_key(&key1, uaddr1, nr_wake, FUTEX_BITSET_MATCH_ANY);
	if (op_ret > 0)
		ret += futex_wake_key(&key2, uaddr2, nr_wake2, FUTEX_BITSET_MATCH_ANY);
	return ret;
}

/* ---- the system call ---- */

/* A futex timeout: relative for FUTEX_WAIT, absolute for the others; the deadline
 * is on the monotonic clock, fixed the first time the call runs. */
static long futex_deadline(uint64_t utime, bool absolute, unsigned int flags, uint64_t *deadline)
{
	uint64_t ns;
	long err;

	*deadline = 0;
	if (!utime)
		return 0;
	if (current->restart_block.deadline) {
		*deadline = current->restart_block.deadline;
		return 0;
	}
	if ((err = get_user_timespec(utime, &ns)))
		return err;
	if (!absolute)
		*deadline = ktime_add_safe(ktime_get_ns(), ns);
	else if (flags & FLAGS_CLOCKRT)
		*deadline = ns > ktime_get_real_ns() ? ktime_add_safe(ktime_get_ns(), ns - ktime_get_real_ns()) : 1;
	else
		*deadline = ns ? ns : 1;
	return 0;
}

/* Linux's futex_to_flags. */
static unsigned int futex_to_flags(int op)
{
	unsigned int flags = 0;

	if (!(op & FUTEX_PRIVATE_FLAG))
		flags |= FLAGS_SHARED;
	if (op & FUTEX_CLOCK_REALTIME)
		flags |= FLAGS_CLOCKRT;
	return flags;
}

SYSCALL_DEFINE6(futex, uint64_t, uaddr, int, op, uint32_t, val, uint64_t, utime, uint64_t, uaddr2,
		uint32_t, val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	unsigned int flags = futex_to_flags(op);
	uint64_t deadline;
	long err;

	if ((flags & FLAGS_CLOCKRT) && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT &&
	    cmd != FUTEX_LOCK_PI2)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		if ((err = futex_deadline(utime, false, flags, &deadline)))
			return err;
		return futex_wait(uaddr, flags, val, deadline, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAIT_BITSET:
		if ((err = futex_deadline(utime, true, flags, &deadline)))
			return err;
		return futex_wait(uaddr, flags, val, deadline, val3);
	case FUTEX_WAKE:
		return futex_wake(uaddr, flags, (int)val, FUTEX_BITSET_MATCH_ANY);
	case FUTEX_WAKE_BITSET:
		return futex_wake(uaddr, flags, (int)val, val3);
	case FUTEX_REQUEUE:
		return futex_requeue(uaddr, flags, uaddr2, flags, (int)val, (int)utime, NULL);
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(uaddr, flags, uaddr2, flags, (int)val, (int)utime, &val3);
	case FUTEX_WAKE_OP:
		return futex_wake_op(uaddr, flags, uaddr2, (int)val, (int)utime, val3);
	case FUTEX_LOCK_PI: /* an absolute CLOCK_REALTIME timeout */
		if ((err = futex_deadline(utime, true, flags | FLAGS_CLOCKRT, &deadline)))
			return err;
		return futex_lock_pi(uaddr, flags, deadline, false);
	case FUTEX_LOCK_PI2: /* CLOCK_MONOTONIC unless FUTEX_CLOCK_REALTIME */
		if ((err = futex_deadline(utime, true, flags, &deadline)))
			return err;
		return futex_lock_pi(uaddr, flags, deadline, false);
	case FUTEX_TRYLOCK_PI:
		return futex_lock_pi(uaddr, flags, 0, true);
	case FUTEX_UNLOCK_PI:
		return futex_unlock_pi(uaddr, flags);
	default:
		return -ENOSYS;
	}
}

/* ---- futex2 (Linux 6.7) ---- */

int futex2_to_flags(uint32_t flags2)
{
	if (flags2 & ~(uint32_t)(FUTEX2_SIZE_MASK | FUTEX2_PRIVATE))
		return -EINVAL; /* FUTEX2_NUMA too: 6.16 took it */
	if ((flags2 & FUTEX2_SIZE_MASK) != FUTEX2_SIZE_U32)
		return -EINVAL; /* only 32-bit futexes are implemented (as in Linux) */
	return FLAGS_STRICT | ((flags2 & FUTEX2_PRIVATE) ? 0 : FLAGS_SHARED);
}

long futex2_deadline(uint64_t utimeout, int clockid, uint64_t *deadline)
{
	uint64_t ns, now = ktime_get_ns();
	long err;

	*deadline = current->restart_block.deadline;
	if (!utimeout || *deadline)
		return 0;
	if (clockid != CLOCK_MONOTONIC && clockid != CLOCK_REALTIME)
		return -EINVAL;
	if ((err = get_user_timespec(utimeout, &ns)))
		return err;
	if (clockid == CLOCK_REALTIME)
		ns = ns > ktime_get_real_ns() ? ktime_add_safe(now, ns - ktime_get_real_ns()) : now;
	*deadline = ns ? ns : 1;
	return 0;
}

SYSCALL_DEFINE4(futex_wake, uint64_t, uaddr, uint64_t, mask, int, nr, unsigned, flags2)
{
	int flags = futex2_to_flags(flags2);

	if (flags < 0 || (mask >> 32))
		return -EINVAL;
	return futex_wake(uaddr, (unsigned)flags, nr, (uint32_t)mask);
}

SYSCALL_DEFINE6(futex_wait, uint64_t, uaddr, uint64_t, val, uint64_t, mask, unsigned, flags2,
		uint64_t, utimeout, int, clockid)
{
	int flags = futex2_to_flags(flags2);
	uint64_t deadline;
	long err;

	if (flags < 0 || (val >> 32) || (mask >> 32))
		return -EINVAL;
	if ((err = futex2_deadline(utimeout, clockid, &deadline)))
		return err;
	return futex_wait(uaddr, (unsigned)flags, (uint32_t)val, deadline, (uint32_t)mask);
}

/* waiters[0] is the futex to wake from (its val the value it must have), [1] the
 * one the others move to. */
SYSCALL_DEFINE4(futex_requeue, uint64_t, uwaiters, unsigned, flags, int, nr_wake, int, nr_requeue)
{
	struct futex_waitv w[2];
	int f[2];

	if (flags || !uwaiters)
		return -EINVAL;
	if (copy_from_user(w, uwaiters, sizeof w))
		return -EFAULT;
	for (int i = 0; i < 2; i++)
		if ((f[i] = futex2_to_flags(w[i].flags)) < 0 || w[i].__reserved || (w[i].val >> 32))
			return -EINVAL;
	uint32_t cmpval = (uint32_t)w[0].val;
	return futex_requeue(w[0].uaddr, (unsigned)f[0], w[1].uaddr, (unsigned)f[1], nr_wake,
			     nr_requeue, &cmpval);
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

	if (pid && pid != task_pid_vnr(current))
		return -ESRCH;
	if (copy_to_user(uhead, &current->robust_list, sizeof current->robust_list) ||
	    copy_to_user(ulen, &len, sizeof len))
		return -EFAULT;
	return 0;
}
