/* The deterministic scheduler (kernel/sched.c): run queue, sleeps and wake-ups. */
#ifndef EMU_SCHED_H
#define EMU_SCHED_H
#include <stdbool.h>
#include <stdio.h>
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
/* Replay of the idle host poll: wakes who, a pid or a --net=host sock it recorded. */
void wake_host_waiter(int32_t who);
struct task *first_task_in_list(void);
/* The schedule's source (kernel/sched_source.c): every scheduling decision.
 * sched_source_parse: "random" (the default), "rr" or "pct:D"; 0, or -1 if not one. */
int sched_source_parse(const char *spec);
void sched_source_seed(uint64_t seed);
void sched_set_pct_steps(uint64_t k); /* PCT's estimate of the run's steps (blocks) */
int sched_record_open(const char *path); /* --record-schedule; 0 or -1 (reported) */
int sched_replay_open(const char *path); /* --schedule: reads its header; 0 or -1 */
void sched_source_start(void);  /* after the options, before the first task runs */
/* The program a schedule file replays (its name, arguments, environment) replaces
 * req's; a recording writes req's (after sched_source_start). */
struct exec_request;
void sched_program(struct exec_request *req);
/* kernel/sched_program.c, the file's program lines: a header line of a replayed
 * file (1: a program line, taken; 0: not one; -1: a bad one); req gets the lines'
 * program, if any; req's program as lines into f. */
int sched_program_line(const char *line);
void sched_program_apply(struct exec_request *req);
void sched_program_write(FILE *f, const struct exec_request *req);
void sched_source_finish(void); /* at the end of the run: closes the files */
/* A "# ..." line into the recorded schedule, if one is recorded. */
void sched_record_comment(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void sched_source_task_new(struct task *t); /* a task was created (its PCT priority) */
/* Which of the n runnable tasks cand runs next (n may be 0: NULL); prev ran last. */
struct task *sched_choose(struct task *prev, struct task *const *cand, int n);
/* t is at a scheduling point: whether it gives way to one of the n others. */
bool sched_source_point(struct task *t, struct task *const *others, int n);
/* The end of a system call of t: true if t should give way now. A call that
 * created or woke a task is a scheduling point, and any call if always. */
bool sched_point(struct task *t, bool always);
void sched_set_run_timeout(uint64_t ns); /* virtual ns after which the run ends (252) */
void sched_exec_takeover(struct task *old, struct task *t); /* execve from a thread */
/* A system call that must wait returns this after putting the task to sleep: the
 * task re-executes the call when it wakes (never a value Linux returns). */
#define EMU_RESTART (-(1L << 40))

#endif
