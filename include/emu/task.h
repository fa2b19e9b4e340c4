/* Tasks: one per guest thread, as Linux's task_struct. */
#ifndef EMU_TASK_H
#define EMU_TASK_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mm;
struct files_struct;
struct fs_struct;
struct sighand_struct;
struct signal_struct;
struct sigreturn_state;
struct futex_key;
#include <emu/arch.h>
#include <emu/signal.h>

enum task_state { TASK_RUNNING, TASK_SLEEPING, TASK_DEAD };

/* What a sleeping task waits for; the waker scans for it (kernel/sched.c). */
enum wait_reason {
	WAIT_NONE, WAIT_TIMER, WAIT_CHILD, WAIT_PIPE, WAIT_VFORK, WAIT_POLL, WAIT_FUTEX,
	WAIT_SIGNAL, /* pause, rt_sigsuspend, rt_sigtimedwait, signalfd */
	WAIT_EVENTFD,
};

#define POLL_HOST_MAX 64

struct task {
	struct thread_struct thread; /* the machine's part: first (emu/arch.h) */
	int pid, tgid;
	char comm[16];
	enum task_state state;
	enum wait_reason waiting;   /* TASK_SLEEPING: on what */
	const void *wait_obj;       /* ... the pipe or child it waits on */
	struct task *parent;        /* NULL: emu's init (pid 1) */
	struct task *group_leader;  /* the thread group's first thread (pid == tgid) */
	int exit_signal;            /* sent to the parent at exit (SIGCHLD, or 0) */
	int pgid, sid;              /* process group and session */
	int pdeath_signal;          /* PR_SET_PDEATHSIG */
	bool child_subreaper;       /* PR_SET_CHILD_SUBREAPER */
	bool reaped;                /* zombie collected: the slot may be freed */
	bool group_exit;            /* exit_group or a fatal signal ended the group */
	struct mm *mm;
	struct files_struct *files;
	struct fs_struct *fs;
	struct sighand_struct *sighand;
	struct signal_struct *signal;
	uint64_t blocked;           /* the signal mask */
	uint64_t real_blocked;      /* rt_sigtimedwait: the mask to go back to */
	bool in_sigtimedwait;       /* ... which is in force */
	uint64_t saved_sigmask;     /* rt_sigsuspend: ... and this one */
	bool restore_sigmask;       /* saved_sigmask is to be restored after delivery */
	bool in_syscall;            /* asleep inside a call that runs again on wake-up */
	int restart_code;           /* -ERESTART*: the interrupted call, for do_signal */
	struct sigreturn_state *sigreturn; /* registers rt_sigreturn read, not yet loaded */
	struct sigpending pending;  /* signals sent to this thread */
	uint64_t sas_ss_sp, sas_ss_size; /* sigaltstack */
	int sas_ss_flags;
	uint64_t wake_at_ns;        /* TASK_SLEEPING: virtual-time deadline */
	uint64_t restart_deadline;  /* a restarted call's deadline, kept across restarts */
	uint64_t restart_progress;  /* ... and how much of its work is done (pipe writes) */
	int nr_host_waits;          /* WAIT_POLL: host descriptors that can wake it */
	struct { /* WAIT_FUTEX */
		const void *a;
		uint64_t b;
		uint64_t uaddr;  /* the word, as the task named it */
		uint32_t bitset;
		bool woken;
		bool pi;        /* waits in FUTEX_LOCK_PI: the lock is handed to it */
		bool sleeping;  /* went to sleep in FUTEX_WAIT: a rerun is a wake-up */
		int nr_vec;     /* futex_waitv: how many keys in vec, */
		int vec_index;  /* ... and which one woke it */
		struct futex_key *vec;
	} futex;
	struct { int fd; short events; } host_waits[POLL_HOST_MAX];
	int exit_code;              /* wait status, as wait4 reports it */
	uint64_t set_child_tid, clear_child_tid;
	uint64_t robust_list, robust_list_len;
	struct task_cputime acct;   /* its CPU time and counts (kernel/cputime.c) */
	uint64_t cpus_mask;         /* sched_setaffinity: the CPUs it may run on */
	int policy, rt_priority;    /* sched_setscheduler: accepted and reported */
	int nice;                   /* setpriority: -20 to 19, reported */
	bool sched_reset_on_fork;
	uint64_t rseq, rseq_len;
	uint32_t rseq_sig;
	struct task *next_task;     /* all tasks, in pid order */
};

_Static_assert(offsetof(struct task, thread) == 0, "task_thread() needs thread first");

extern struct task *current;

struct task *task_alloc(void);
struct task *find_task(int pid);
void release_task(struct task *t); /* a reaped zombie goes away */
int alloc_pid(void);
int nr_pids(void); /* how many pids this run has handed out */
void set_task_comm(struct task *t, const char *path);
/* Ends t: status is a wait status, (code << 8) for an exit or the signal number. */
void do_exit(struct task *t, int status);
/* Ends every thread of t's group with status (exit_group, fatal signals). */
void do_group_exit(struct task *t, int status);
bool thread_group_alive(const struct task *leader);
/* CPU time and usage counts (kernel/cputime.c). */
struct rusage;
void thread_group_cputime(const struct task *t, struct task_cputime *sum);
void account_exit(struct task *t);
void account_reaped_child(struct task *parent, const struct task *c);
void child_cputime(const struct task *c, struct task_cputime *sum); /* what wait reports */
long to_clock_t(uint64_t ns); /* in USER_HZ ticks, as times() and si_utime count */
void cputime_to_rusage(const struct task_cputime *c, struct rusage *ru);
uint64_t process_cputime_ns(const struct task *t);
uint64_t thread_cputime_ns(const struct task *t);
/* Exit and execve: robust futexes and CLONE_CHILD_CLEARTID (kernel/exit.c). */
void mm_release(struct task *t);

#endif
