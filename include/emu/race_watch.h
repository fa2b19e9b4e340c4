/* The memory accesses around a preemption, for --diagnose (kernel/race_watch.c). */
#ifndef EMU_RACE_WATCH_H
#define EMU_RACE_WATCH_H
#include <emu/task.h>

/* From now on every data access is watched (before the machine starts). */
void race_watch_enable(void);
/* t was preempted (the n-th preemption of the recording): the accesses of other
 * tasks until t runs again that touch what t touched just before or touches just
 * after are noted in the recorded schedule. */
void race_watch_preempted(const struct task *t, int n);
/* t was created: what was done before is ordered before what it does. */
void race_watch_task_new(const struct task *t);
/* The end of the run: what is still watched is noted. */
void race_watch_finish(void);

#endif
