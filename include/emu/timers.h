/* Timers the scheduler fires: alarm and setitimer (kernel/itimer.c) and POSIX
 * timers (kernel/posix_timers.c, deleted at execve and exit). */
#ifndef EMU_TIMERS_H
#define EMU_TIMERS_H
#include <stdbool.h>
#include <stdint.h>

struct task;
struct signal_struct;
uint64_t next_timer_deadline(void); /* 0: none */
void run_timers(void);
void run_cpu_timers(struct task *t); /* ITIMER_VIRTUAL, ITIMER_PROF: after t ran */
void exit_itimers(struct signal_struct *sig);
uint64_t posix_timers_next(const struct task *t);
bool timer_signal_useful(const struct task *t, int sig);
void posix_timers_run(struct task *t, uint64_t now);

#endif
