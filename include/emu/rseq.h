/* rseq (kernel/rseq.c): a critical section interrupted by a signal or preemption
 * resumes at its abort handler. */
#ifndef EMU_RSEQ_H
#define EMU_RSEQ_H
#include <stdbool.h>
#include <stdint.h>

struct task;
struct pt_regs;
void rseq_signal_deliver(struct task *t, struct pt_regs *regs);
void rseq_handle_notify_resume(struct task *t);

#endif
