/* The deterministic scheduler (kernel/sched.c): run queue, sleeps and wake-ups. */
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

#endif
