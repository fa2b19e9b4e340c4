/* Job control (kernel/jobctl.c): stop and continue of a thread group. */
#ifndef EMU_JOBCTL_H
#define EMU_JOBCTL_H
#include <stdbool.h>
#include <stdint.h>

struct task;
bool do_signal_stop(struct task *t, int sig);  /* true: t's group is now stopping */
void prepare_continue(struct task *t);
void do_notify_parent_cldstop(struct task *t, int why);
bool task_group_stopped(const struct task *t);

#endif
