/* Futexes (kernel/futex.c). */
#ifndef EMU_FUTEX_H
#define EMU_FUTEX_H
#include <stdbool.h>
#include <stdint.h>

struct task;

/* Private: (mm, address); shared: (NULL, physical address). */
struct futex_key {
	const void *a;
	uint64_t b;
};
int get_futex_key(uint64_t uaddr, bool private, struct futex_key *key);
/* FUTEX_LOCK_PI, FUTEX_LOCK_PI2, FUTEX_TRYLOCK_PI, FUTEX_UNLOCK_PI (kernel/futex_pi.c) */
long futex_lock_pi(uint64_t uaddr, bool private, uint64_t deadline, bool trylock);
long futex_unlock_pi(uint64_t uaddr, bool private);
void exit_pi_state_list(struct task *dead); /* at exit: its PI locks to their waiters */
/* Does t, asleep in futex_waitv, wait on key? Records which entry (kernel/futex_waitv.c). */
bool futex_waitv_match(struct task *t, const struct futex_key *key);

/* Wakes one waiter on a thread's tid word, private or shared (CLONE_CHILD_CLEARTID). */
void futex_wake_tid(uint64_t uaddr);
struct task;
/* At exit and execve: locks the thread still held are marked FUTEX_OWNER_DIED. */
void exit_robust_list(struct task *t);

#endif
