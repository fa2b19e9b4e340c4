/* Futexes (kernel/futex.c). */
#ifndef EMU_FUTEX_H
#define EMU_FUTEX_H
#include <stdint.h>

/* Wakes one waiter on a thread's tid word, private or shared (CLONE_CHILD_CLEARTID). */
void futex_wake_tid(uint64_t uaddr);
struct task;
/* At exit and execve: locks the thread still held are marked FUTEX_OWNER_DIED. */
void exit_robust_list(struct task *t);

#endif
