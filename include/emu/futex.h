/* Futexes: Linux's kernel/futex/ (kernel/futex.c, futex_pi.c, futex_waitv.c,
 * futex_robust.c). */
#ifndef EMU_FUTEX_H
#define EMU_FUTEX_H
#include <stdbool.h>
#include <stdint.h>
#include <linux/futex.h>

struct task;
struct mm;
struct mobj;

/* The flags a futex call works with (Linux's futex_to_flags). */
#define FLAGS_SHARED  0x01 /* no FUTEX_PRIVATE_FLAG: a MAP_SHARED word is keyed by what backs it */
#define FLAGS_CLOCKRT 0x02 /* FUTEX_CLOCK_REALTIME */
#define FLAGS_STRICT  0x04 /* futex2: a wake of 0 wakes none, a timed wait restarts */

/* futex2's flags (Linux 6.7's uapi): a size and FUTEX2_PRIVATE. 6.7-6.15 implement
 * only FUTEX2_SIZE_U32 and refuse FUTEX2_NUMA (6.16 took it). */
#ifndef FUTEX2_SIZE_U8
#define FUTEX2_SIZE_U8   0x00
#define FUTEX2_SIZE_U16  0x01
#define FUTEX2_SIZE_U32  0x02
#define FUTEX2_SIZE_U64  0x03
#define FUTEX2_NUMA      0x04
#define FUTEX2_SIZE_MASK 0x03
#define FUTEX2_PRIVATE   128
#endif
/* struct futex_waitv, one futex of futex_waitv and futex_requeue: <linux/futex.h> */
/* Linux's futex2_to_flags and futex_flags_valid: FLAGS_* of futex2 flags, or
 * -EINVAL. */
int futex2_to_flags(uint32_t flags2);
/* Linux's futex2_setup_timeout: an absolute timeout on CLOCK_MONOTONIC or
 * CLOCK_REALTIME as a monotonic deadline (0: none), kept across the call's runs. */
long futex2_deadline(uint64_t utimeout, int clockid, uint64_t *deadline);

/* key.both.offset carries this for a shared key, so that it never matches a
 * private one (Linux's FUT_OFF_INODE). */
#define FUT_OFF_INODE 1

/* A futex's identity (Linux's union futex_key). Private: the mm and the page's
 * address; shared (a MAP_SHARED mapping): the object behind it and the page's index
 * in it, so processes that map it anywhere meet. offset is the word's place in its
 * page. A key is only compared (futex_match), never followed: a waiter's key may
 * outlive its mm or object. */
union futex_key {
	struct {
		const struct mobj *obj;
		unsigned long pgoff;
		unsigned int offset;
	} shared;
	struct {
		const struct mm *mm;
		unsigned long address;
		unsigned int offset;
	} private;
	struct {
		const void *ptr;
		unsigned long word;
		unsigned int offset;
	} both;
};

/* A task waiting on a futex (Linux's struct futex_q): queued on its key's hash
 * bucket while the task sleeps. A waker takes it off the queue; the task's next run
 * of the call finds it gone (woken) or still there (a timeout or a signal woke it,
 * and the task takes it off itself). Linux keeps it on the waiter's kernel stack;
 * an emu task has none, so it lives in the task. */
struct futex_q {
	struct futex_q *next, **pprev; /* the bucket's chain; pprev NULL: not queued */
	struct task *task;             /* the waiter */
	union futex_key key;
	uint32_t bitset;               /* FUTEX_WAIT_BITSET's: wakes whose bitset meets it */
	uint64_t uaddr;                /* the word, as the task named it */
	bool pi;                       /* FUTEX_LOCK_PI: an unlock hands it the lock */
};

/* Keys the word at uaddr for the current task: 0, -EINVAL or -EFAULT. */
int get_futex_key(uint64_t uaddr, unsigned int flags, union futex_key *key);
bool futex_match(const union futex_key *key1, const union futex_key *key2); /* the same futex? */
/* Queues q (key and task set) behind the waiters of tasks before q's in the task
 * list: every wake goes in task-list order. */
void futex_queue(struct futex_q *q);
/* Takes q off its queue; false if a waker did already (the task was woken). */
bool futex_unqueue(struct futex_q *q);
/* The waiter on key after q (NULL: the first), of those whose tasks are asleep on
 * it: a key's waiters in wake order. */
struct futex_q *futex_next_waiter(const union futex_key *key, struct futex_q *q);
/* A waker takes q off its queue and wakes its task (Linux's futex_wake_mark). */
void futex_wake_mark(struct futex_q *q);
/* Caller is about to free t: its waits leave their queues. */
void futex_task_free(struct task *t);

/* FUTEX_LOCK_PI, FUTEX_LOCK_PI2, FUTEX_TRYLOCK_PI, FUTEX_UNLOCK_PI (kernel/futex_pi.c). */
long futex_lock_pi(uint64_t uaddr, unsigned int flags, uint64_t deadline, bool trylock);
long futex_unlock_pi(uint64_t uaddr, unsigned int flags);
void exit_pi_state_list(struct task *dead); /* at exit: its PI locks to their waiters */
/* Caller is about to free t: its futex_waitv waits leave their queues (kernel/futex_waitv.c). */
void futex_waitv_free(struct task *t);

/* Wakes one waiter on a thread's tid word, private or shared (CLONE_CHILD_CLEARTID). */
void futex_wake_tid(uint64_t uaddr);
/* At exit and execve: locks the thread still held are marked FUTEX_OWNER_DIED. */
void exit_robust_list(struct task *t);

#endif
