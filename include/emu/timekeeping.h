/* Virtual time (kernel/time.c): clocks in nanoseconds that advance with executed
 * blocks and system calls, and the guest's timespecs and timeouts. */
#ifndef EMU_TIMEKEEPING_H
#define EMU_TIMEKEEPING_H
#include <stdbool.h>
#include <stdint.h>

/* A translated block costs about what a host core spends on one, a system call a
 * little more. */
#define NS_PER_BLOCK 2
#define NS_PER_SYSCALL 100
/* ktime_get_ns, CLOCK_MONOTONIC: emu/arch.h (the machine's TSC reads it) */
#define KTIME_MAX ((uint64_t)INT64_MAX) /* "forever": 292 years, as Linux's */
uint64_t ktime_get_real_ns(void); /* CLOCK_REALTIME */
uint64_t ktime_add_safe(uint64_t t, uint64_t ns); /* t + ns, saturated at KTIME_MAX */
void ktime_advance_to(uint64_t ns);
void ktime_set_realtime(int on);  /* --realtime: the host's clocks */
void ktime_count_syscall(void);   /* each system call costs virtual time */
uint64_t ktime_nr_syscalls(void); /* system calls so far, every task's */
/* A waiting call's deadline (poll, select, epoll), fixed at its first run and kept
 * across its restarts: 0 waits forever, 1 does not wait at all. */
uint64_t poll_deadline(int64_t timeout_ns);
/* A struct timespec from the guest, checked as Linux does: -EFAULT, -EINVAL or 0. */
long get_user_timespec(uint64_t uts, uint64_t *ns);
long get_user_timeout(uint64_t uts, int64_t *ns); /* NULL: -1, wait forever */

#endif
