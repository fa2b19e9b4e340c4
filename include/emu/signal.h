/* Signals (kernel/signal.c). Handlers, delivery and masks beyond bookkeeping come
 * with the signals issue; here: dispositions are recorded, fatal faults kill. */
#ifndef EMU_SIGNAL_H
#define EMU_SIGNAL_H
#include <stdbool.h>
#include <stdint.h>

#define NSIG_EMU 64

struct task;

struct k_sigaction {
	uint64_t handler, flags, restorer, mask;
};

/* The dispositions, shared by CLONE_SIGHAND, copied by fork (Linux's sighand_struct). */
struct sighand_struct {
	int refcount;
	struct k_sigaction action[NSIG_EMU];
};

struct sighand_struct *sighand_alloc(void);
int copy_sighand(uint64_t clone_flags, struct task *p);
void put_sighand(struct sighand_struct *sighand);
/* execve: handled signals go back to their default; ignored ones stay ignored. */
void flush_signal_handlers(struct task *t);

/* The task took a CPU fault (t->fault): report it and end the process. */
void force_fatal_signal(struct task *t);
const char *signal_name(int signo); /* "SIGSEGV" */
bool sig_kernel_coredump(int signo);
bool sigchld_autoreap(const struct task *parent);
bool signal_is_default(int signo); /* for current */
void send_signal(struct task *t, int signo);

#endif
