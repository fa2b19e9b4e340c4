/* Signals (kernel/signal.c). Handlers, delivery and masks beyond bookkeeping come
 * with the signals issue; here: dispositions are recorded, fatal faults kill. */
#ifndef EMU_SIGNAL_H
#define EMU_SIGNAL_H
#include <stdbool.h>
#include <stdint.h>

#define NSIG_EMU 64

struct task;

/* The task took a CPU fault (t->fault): report it and end the process. */
void force_fatal_signal(struct task *t);
const char *signal_name(int signo); /* "SIGSEGV" */
bool sig_kernel_coredump(int signo);
bool sigchld_autoreap(const struct task *parent);
bool signal_is_default(int signo);

#endif
