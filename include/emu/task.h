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
struct nsproxy;
struct sigreturn_state;
#include <emu/arch.h>
#include <emu/cred.h>
#include <emu/futex.h>
#include <emu/list.h>
#include <emu/pid_namespace.h>
#include <emu/signal.h>

enum task_state { TASK_RUNNING, TASK_SLEEPING, TASK_DEAD };

/* What a sleeping task waits for; the waker scans for it (kernel/sched.c). */
enum wait_reason {
	WAIT_NONE, WAIT_TIMER, WAIT_CHILD, WAIT_PIPE, WAIT_VFORK, WAIT_POLL, WAIT_FUTEX,
	WAIT_SIGNAL, /* pause, rt_sigsuspend, rt_sigtimedwait, signalfd */
	WAIT_EVENTFD,
	WAIT_SOCKET, /* a struct sock (kernel/net/) */
	WAIT_SEM,    /* a System V semaphore set (kernel/ipc/sem.c) */
	WAIT_USERFAULTFD, /* a page fault a userfaultfd handles (kernel/fs/userfaultfd.c) */
};

/* A blocked call between its runs (Linux's struct restart_block). A call that must
 * wait puts its task to sleep (wait_event, kernel/sched.c) and returns EMU_RESTART;
 * when the task wakes, the call runs again with the same arguments (RIP is back on
 * the syscall instruction) and finds here what its earlier runs kept. */
struct restart_block {
	/* Continues the call on its next run instead of starting it over (NULL: it
	 * starts over); set by a call as it goes to sleep, for that one run. */
	long (*fn)(struct restart_block *);
	union { /* what fn needs */
		struct {
			uint64_t uaddr;
			uint32_t val, flags, bitset;
		} futex;
		struct {
			uint64_t uaddr;     /* the struct futex_waitv array */
			unsigned int nr;
		} futex_waitv;
		struct {
			long ret;           /* the call's result, given once its events are read */
		} userfaultfd_event;
	};
	bool in_syscall;          /* asleep inside a call that runs again on wake-up */
	int code;                 /* -ERESTART*: how the interrupted call ends, for do_signal */
	enum wait_reason waiting; /* TASK_SLEEPING: on what */
	const void *obj;          /* ... the pipe or child it waits on */
	uint64_t deadline;        /* when the sleep ends (0: never); kept across the runs */
	uint64_t progress;        /* how much of the call's work is done (pipe writes) */
};

#define POLL_HOST_MAX 64

struct task {
	struct thread_struct thread; /* the machine's part: first (emu/arch.h) */
	int pid, tgid;              /* in the init namespace (kernel/pid.c translates) */
	struct pid_namespace *pid_ns; /* the namespace it was made in: its pid_nrs' */
	int *pid_nrs;               /* its number at each level (Linux's struct pid's numbers):
				     * &pid in the init namespace, else an array, [0] == pid */
	unsigned int pid_gen;       /* which holder of its pid it is: numbers come back
				     * after a write to ns_last_pid, pidfds must not follow */
	/* the namespace its children are made in (unshare(CLONE_NEWPID), setns). Linux
	 * keeps it in nsproxy; a task field copied at fork behaves the same, since
	 * unshare and setns change only the calling task's nsproxy. */
	struct pid_namespace *pid_ns_for_children;
	char comm[16];
	enum task_state state;
	struct task *parent;        /* NULL: emu's init (pid 1) */
	struct list_head children;  /* the processes it made (their leaders), oldest first */
	struct list_head sibling;   /* its place in its parent's children (leaders only) */
	struct task *group_leader;  /* the thread group's first thread (pid == tgid) */
	struct list_head thread_group; /* a ring of the group's threads, through the leader */
	int exit_signal;            /* sent to the parent at exit: SIGCHLD, another, 0 or
				     * none (-1, a thread) */
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
	struct restart_block restart_block; /* a blocked call between its runs */
	struct sigreturn_state *sigreturn; /* registers rt_sigreturn read, not yet loaded */
	struct sigpending pending;  /* signals sent to this thread */
	/* --trace: ignored signals dropped at sending, shown at the next delivery point as
	 * strace shows them; they never reach the pending sets, so tracing changes nothing */
	siginfo_t trace_ignored[4];
	int nr_trace_ignored;
	uint64_t sas_ss_sp, sas_ss_size; /* sigaltstack */
	int sas_ss_flags;
	int nr_host_waits;          /* WAIT_POLL: host descriptors that can wake it */
	struct futex_q futex_q;     /* its wait on a futex (kernel/futex.c) */
	struct futex_vector *futex_vec; /* futex_waitv: its waits, one per word, */
	int futex_nr_vec;           /* ... and how many of them are queued */
	struct { int fd; short events; } host_waits[POLL_HOST_MAX];
	int exit_code;              /* wait status, as wait4 reports it */
	uint64_t set_child_tid;     /* CLONE_CHILD_SETTID: written at its first run */
	uint64_t clear_child_tid;   /* CLONE_CHILD_CLEARTID: zeroed at its exit */
	uint64_t robust_list, robust_list_len;
	struct task_cputime acct;   /* its CPU time and counts (kernel/cputime.c) */
	uint64_t cpus_mask;         /* sched_setaffinity: the CPUs it may run on */
	int policy, rt_priority;    /* sched_setscheduler: accepted and reported */
	int nice;                   /* setpriority: -20 to 19, reported */
	bool sched_reset_on_fork;
	uint64_t sched_prio;        /* --sched=pct: the task's priority (kernel/sched_source.c) */
	uint64_t rseq, rseq_len;
	uint32_t rseq_sig;
	struct cred cred;           /* ids and capabilities (kernel/cred.c) */
	struct nsproxy *nsproxy;    /* its namespaces but user and pid (kernel/nsproxy.c);
				     * NULL once it has exited */
	uint64_t timer_slack_ns, default_timer_slack_ns; /* PR_SET_TIMERSLACK */
	bool no_new_privs;          /* PR_SET_NO_NEW_PRIVS */
	bool did_exec;              /* has run execve since fork (setpgid's EACCES) */
	int oom_score_adj;          /* /proc/PID/oom_score_adj: kept, -1000 to 1000 */
	bool tsc_sigsegv;           /* PR_SET_TSC(PR_TSC_SIGSEGV): RDTSC faults */
	struct cgroup *cgroups;     /* its cgroup v2 group; NULL: the root (emu/cgroup.h) */
	struct task *next_task;     /* all tasks, in pid order */
};

_Static_assert(offsetof(struct task, thread) == 0, "task_thread() needs thread first");

extern struct task *current;

/* Does current see the init namespace's numbers (all of them, as the kernel)? */
static inline bool current_in_init_pid_ns(void)
{
	return !current || !current->pid_ns || current->pid_ns->level == 0;
}

/* t's thread and process numbers as current sees them, 0 if it cannot (Linux's
 * task_pid_vnr): getpid's cost in the init namespace is one load. */
static inline int task_pid_vnr(const struct task *t)
{
	return current_in_init_pid_ns() ? t->pid : task_pid_nr_ns(t, current->pid_ns);
}

static inline int task_tgid_vnr(const struct task *t)
{
	return current_in_init_pid_ns() ? t->tgid : task_tgid_nr_ns(t, current->pid_ns);
}

struct task *task_alloc(void); /* zeroed, running, its lists empty; NULL if out of memory */
struct task *find_task(int pid);
/* A reaped zombie (or a thread that ended) goes away: off its parent's children and
 * its thread group; its own children lose it as parent (kernel/sched.c). */
void release_task(struct task *t);
#define DEFAULT_MAX_THREADS 4096
void fork_set_max_threads(int n); /* --max-tasks (kernel/fork.c) */
int fork_max_threads(void);
void set_task_comm(struct task *t, const char *path);
/* Ends t: status is a wait status, (code << 8) for an exit or the signal number.
 * Caller is t, or a thread of t's process (do_group_exit, de_thread). */
void do_exit(struct task *t, int status);
/* Ends every thread of t's group with status (exit_group, fatal signals). Caller is t. */
void do_group_exit(struct task *t, int status);
bool thread_group_alive(const struct task *leader); /* a thread of its process runs on */

static inline bool thread_group_leader(const struct task *t)
{
	return t->group_leader == t;
}

/* The next thread of t's process, round the ring (back to the leader after the last). */
static inline struct task *next_thread(const struct task *t)
{
	return list_entry(t->thread_group.next, struct task, thread_group);
}

/* t visits every thread of leader's process, leader first, in the order they were
 * made. */
#define for_each_thread(leader, t) \
	for (t = (leader); t; t = next_thread(t) == (leader) ? NULL : next_thread(t))
/* The same, and the body may release t (do_exit of a thread), not the leader. */
#define for_each_thread_safe(leader, t, n) \
	for (t = (leader), n = next_thread(t); t; t = (n) == (leader) ? NULL : (n), n = next_thread(n))
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
/* Exit and execve: robust futexes and CLONE_CHILD_CLEARTID (kernel/exit.c). Caller
 * is t or a thread of t's process (they share the mm). */
void mm_release(struct task *t);

#endif
