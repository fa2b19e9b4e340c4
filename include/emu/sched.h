/* The deterministic scheduler and virtual time (kernel/sched.c, kernel/time.c). */
#ifndef EMU_SCHED_H
#define EMU_SCHED_H
#include <stdint.h>
#include <emu/task.h>

struct task;

long sched_quantum(void);        /* blocks a task may run before preemption */
int sched_quantum_tail(void);    /* ... and single instructions after them */
void sched_add(struct task *t);  /* make a new task known to the scheduler */
/* The CPUs the machine reports (--cpus); one host thread runs them all. */
void sched_set_nr_cpus(int n);
int sched_nr_cpus(void);
void sched_fork(struct task *p); /* affinity and policy of a new task */
int schedule_loop(void);         /* runs until the first process exits; its status */
/* Puts t to sleep on obj until a wake_up(why, obj); nothing else ends the sleep
 * but a fatal signal (vfork). */
void task_sleep_on(struct task *t, enum wait_reason why, const void *obj);
/* The end of a call that cannot go on yet (Linux's wait_event_interruptible_timeout
 * turned inside out: the call checks its condition again on each of its runs).
 * deadline passed (0: none; 1: it never waits): returns timed_out; a signal
 * pending: returns interrupted (a -ERESTART* code, or what the call has done);
 * otherwise current sleeps on obj until a wake_up(why, obj) or the deadline, and
 * EMU_RESTART says that the call runs again then. */
long wait_event(enum wait_reason why, const void *obj, uint64_t deadline, long timed_out,
		long interrupted);
void wake_up(enum wait_reason why, const void *obj); /* every task waiting on obj */
void wake_up_pollers(void);
void wake_task(struct task *t); /* a sleeping task becomes runnable */
struct task *first_task_in_list(void);
void sched_exec_takeover(struct task *old, struct task *t); /* execve from a thread */
/* A system call that must wait returns this after putting the task to sleep: the
 * task re-executes the call when it wakes (never a value Linux returns). */
#define EMU_RESTART (-(1L << 40))

/* Virtual clocks, in nanoseconds: a translated block costs about what a host core
 * spends on one, a system call a little more. */
#define NS_PER_BLOCK 2
#define NS_PER_SYSCALL 100
/* ktime_get_ns, CLOCK_MONOTONIC: emu/arch.h */
uint64_t ktime_get_real_ns(void); /* CLOCK_REALTIME */
void ktime_advance_to(uint64_t ns);
void ktime_set_realtime(int on);  /* --realtime: the host's clocks */
void ktime_count_syscall(void);   /* each system call costs virtual time */
/* A waiting call's deadline (poll, select, epoll), fixed at its first run and kept
 * across its restarts: 0 waits forever, 1 does not wait at all. */
uint64_t poll_deadline(int64_t timeout_ns);
/* A struct timespec from the guest, checked as Linux does: -EFAULT, -EINVAL or 0. */
long get_user_timespec(uint64_t uts, uint64_t *ns);
long get_user_timeout(uint64_t uts, int64_t *ns); /* NULL: -1, wait forever */

#endif
