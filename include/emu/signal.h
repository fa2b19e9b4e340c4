/* Signals, as Linux's kernel/signal.c and arch/x86/kernel/signal.c: generation and
 * queues (kernel/signal.c), delivery on a real rt_sigframe (kernel/signal_frame.c),
 * job control (kernel/jobctl.c), kill and friends (kernel/kill.c), waiting for
 * signals (kernel/sigwait.c), interval and POSIX timers (kernel/itimer.c,
 * kernel/posix_timers.c), signalfd (kernel/fs/signalfd.c), pidfds (kernel/pidfd.c)
 * and rseq restarts (kernel/rseq.c). docs/signals.md tells the whole story. */
#ifndef EMU_SIGNAL_H
#define EMU_SIGNAL_H
#include <emu/list.h>
#include <signal.h> /* siginfo_t: the host is x86-64 Linux, its layout is the guest's */
#include <sys/resource.h>
#include <stdbool.h>
#include <stdint.h>

#define NSIG_EMU 64
#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif
#define SIGRTMIN_KERNEL 32 /* the kernel's; glibc keeps 32 and 33 for itself */
#define sigbit(sig) (1ULL << ((sig) - 1))
#define SIG_KERNEL_ONLY_MASK (sigbit(SIGKILL) | sigbit(SIGSTOP))
#define SIG_STOP_MASK (sigbit(SIGSTOP) | sigbit(SIGTSTP) | sigbit(SIGTTIN) | sigbit(SIGTTOU))

/* Linux's restart codes: a call a signal interrupted returns one of these, and
 * delivery turns it into EINTR or a restart (signal(7)). */
#define ERESTARTSYS 512           /* restart if SA_RESTART, else EINTR */
#define ERESTARTNOINTR 513        /* always restart */
#define ERESTARTNOHAND 514        /* restart only if no handler ran */
#define ERESTART_RESTARTBLOCK 516 /* like NOHAND; the call resumes its own deadline */

struct task;
struct k_itimer;
struct task_cputime {       /* virtual CPU time and counts, for getrusage */
	uint64_t utime, stime;  /* ns */
	unsigned long min_flt, nvcsw, nivcsw;
};

/* The guest's struct sigaction as rt_sigaction passes it. */
struct k_sigaction {
	uint64_t handler, flags, restorer, mask;
};

/* The dispositions, shared by CLONE_SIGHAND, copied by fork (Linux's sighand_struct). */
struct sighand_struct {
	int refcount;
	struct k_sigaction action[NSIG_EMU];
};

struct sigqueue {
	struct list_head list;
	siginfo_t info;
};

/* Signals generated and not yet delivered: a bit per signal and the siginfos, in
 * order. A standard signal is queued once; real-time signals queue each time. */
struct sigpending {
	uint64_t signal;
	struct list_head list; /* of struct sigqueue; INIT_LIST_HEAD before use */
};

/* What a thread group shares (Linux's signal_struct): process-directed pending
 * signals, job-control state, the ITIMER_REAL timer. */
struct signal_struct {
	int refcount;
	struct sigpending shared_pending;
	bool stopped;           /* the group is stopped (SIGSTOP and friends) */
	int group_exit_code;    /* a fatal signal is ending the group: which (0: none) */
	int stop_report;        /* signal that stopped it, until a wait reports it */
	bool continued_report;  /* SIGCONT resumed it, until a wait reports it */
	struct cpu_itimer {     /* setitimer: ITIMER_REAL (monotonic ns), ITIMER_VIRTUAL and */
		uint64_t expires, incr; /* ITIMER_PROF (process CPU ns); 0: disarmed */
	} it[3];
	struct list_head posix_timers;          /* timer_create (kernel/posix_timers.c) */
	struct task_cputime dead;     /* threads that ended (kernel/cputime.c) */
	struct task_cputime children; /* children reaped by wait */
	struct rlimit rlim[RLIM_NLIMITS]; /* getrlimit: per process, fork copies them */
};

/* A signal about to be handled (Linux's struct ksignal). */
struct ksignal {
	struct k_sigaction ka;
	siginfo_t info;
	int sig;
	bool from_fault; /* a CPU fault of this task: the frame gets trapno, err, cr2 */
};

/* lifecycle */
struct sighand_struct *sighand_alloc(void);
void put_sighand(struct sighand_struct *sighand);
struct signal_struct *signal_alloc(void);
void put_signal(struct signal_struct *sig);
void flush_sigqueue(struct sigpending *pending);
/* execve: handled signals go back to their default; ignored ones stay ignored. */
void flush_signal_handlers(struct task *t);

/* generation */
int send_signal_info(int sig, siginfo_t *info, struct task *t, bool group);
int send_sig(int sig, struct task *t, bool group);  /* as kill() from current: SI_USER */
int kill_pgrp_from_kernel(int sig, int pgrp);       /* a host signal passed on */
void signal_wake_up(struct task *t, bool fatal);
bool sig_ignored(struct task *t, int sig);
bool sig_kernel_coredump(int signo);
/* kernel/coredump.c: t (current) dies of info's signal; true if a core file was
 * written (the wait status then has WCOREDUMP). */
bool do_coredump(struct task *t, const siginfo_t *info);
/* kernel/sys.c: rlim gets the first process's limits; rlimit: current's soft limit */
void rlimit_init(struct rlimit *rlim);
unsigned long rlimit(unsigned resource);
unsigned long rlimit_sigpending(void); /* RLIMIT_SIGPENDING (kernel/sys.c) */
unsigned long rlimit_nproc(void);      /* RLIMIT_NPROC (kernel/sys.c) */
/* t's limit of resource (< RLIM_NLIMITS), for /proc/PID/limits (kernel/sys.c) */
struct rlimit;
void task_rlimit(const struct task *t, unsigned resource, struct rlimit *out);
bool sig_default_ignored(int signo);
bool sig_kernel_stop(int signo);
bool sigchld_autoreap(const struct task *parent);
bool signal_is_default(int signo); /* for current */
const char *signal_name(int signo); /* "SIGSEGV" */
/* Is a signal pending that t does not block? (Linux's signal_pending) */
bool signal_pending(const struct task *t);
/* --trace: prints the ignored signals dropped since t last returned to user mode. */
void trace_ignored_signals(struct task *t);
bool task_sigpending_in(const struct task *t, uint64_t set);

/* delivery */
int dequeue_signal(struct task *t, uint64_t mask, siginfo_t *info);
bool get_signal(struct task *t, struct ksignal *ksig); /* false: nothing to handle */
/* At each return to user mode (kernel/signal_frame.c): sigreturn's registers go
 * back, interrupted calls restart or fail with EINTR, handlers get their frames. */
void do_signal(struct task *t);
bool exit_to_user_mode_pending(const struct task *t);
static inline bool is_restart_code(long ret)
{
	return ret == -ERESTARTSYS || ret == -ERESTARTNOINTR || ret == -ERESTARTNOHAND ||
	       ret == -ERESTART_RESTARTBLOCK;
}
/* A CPU fault (t->fault) becomes its signal, forced through even if blocked. */
void force_sig_fault(struct task *t);
/* A signal frame could not be written for sig: SIGSEGV, by default if sig was it. */
void force_sigsegv(struct task *t, int sig);
void force_sig(struct task *t, int sig); /* unblockable, unignorable; handlers run */
void set_current_blocked(uint64_t set);

#endif
