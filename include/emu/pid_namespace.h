/* PID namespaces (CLONE_NEWPID), as Linux's include/linux/pid_namespace.h and pid.h.
 * A task has a number in its own namespace and in each ancestor up to the init
 * namespace (task->pid_nrs, indexed by level); task->pid and task->tgid stay the
 * init namespace's numbers, which the kernel uses inside, and every pid that
 * crosses the user boundary is translated to the caller's namespace here
 * (docs/pid_namespaces.md). */
#ifndef EMU_PID_NAMESPACE_H
#define EMU_PID_NAMESPACE_H
#include <emu/nsproxy.h>
#include <stdbool.h>
#include <stddef.h>

struct task;

#define MAX_PID_NS_LEVEL 32          /* Linux's: create_pid_namespace's ENOSPC past it */

struct pid_namespace {
	struct ns_common ns;         /* first: /proc/PID/ns/pid's number, references, owner */
	unsigned int level;          /* 0: the init namespace */
	struct pid_namespace *parent;
	int last_pid;                /* the allocator's cursor: ns_last_pid */
	int max_pid;                 /* the highest number handed out: above it, all free */
	int nr_hashed;               /* tasks with a number here, not yet reaped */
	bool adding;                 /* PIDNS_ADDING: cleared when its init dies */
	struct task *child_reaper;   /* its pid 1's leader, NULL until it exists */
	struct task *reaper_zombie;  /* its dead init, told to its parent once empty */
};

extern struct pid_namespace init_pid_ns;

/* The namespace t's numbers are read in (Linux's task_active_pid_ns). */
struct pid_namespace *task_active_pid_ns(const struct task *t);
/* The namespace's inode number, for /proc/PID/ns/pid and setns. */
unsigned pid_ns_inum(const struct pid_namespace *ns);
/* One more reference to ns; returns ns. */
struct pid_namespace *get_pid_ns(struct pid_namespace *ns);
/* Drops a reference; the last one frees ns and drops its parent's. */
void put_pid_ns(struct pid_namespace *ns);
/* CLONE_NEWPID: a new child of old owned by user_ns (a reference), else old with one
 * more reference; NULL with *err = -ENOSPC past 32 levels or -ENOMEM (Linux's
 * copy_pid_ns). */
struct user_namespace;
struct pid_namespace *copy_pid_ns(bool new_ns, struct user_namespace *user_ns,
				  struct pid_namespace *old, int *err);

/* A new pid for task t, made in ns: its number at every level into t->pid_nrs,
 * set_tid naming the numbers from ns's level outwards (clone3). The init
 * namespace's number, or -errno (Linux's alloc_pid). Caller: the forking task. */
int alloc_pid(struct pid_namespace *ns, struct task *t, const int *set_tid, size_t set_tid_size);
/* t takes its numbers in ns, counted until free_pid (Linux's attach_pid). */
void attach_pid(struct task *t, struct pid_namespace *ns);
/* The memory of t's numbers goes back (t is being freed, or its fork failed). */
void put_pid_nrs(struct task *t);
/* t was reaped: its numbers go back (Linux's free_pid). */
void free_pid(struct task *t);
int nr_pids(void); /* how many pids this run has handed out in the init namespace */

/* t's number in ns, 0 if t is not visible there (Linux's task_pid_nr_ns). */
int task_pid_nr_ns(const struct task *t, const struct pid_namespace *ns);
/* ... its process's number. */
int task_tgid_nr_ns(const struct task *t, const struct pid_namespace *ns);
/* The parent's process as ns sees it: 0 when the parent is outside ns. */
int task_ppid_nr_ns(const struct task *t, const struct pid_namespace *ns);
/* task_pid_vnr and task_tgid_vnr, t's numbers as current sees them, are inline in
 * emu/task.h: one load in the init namespace. */
/* An init-namespace number (a pgid or sid) as ns names it, 0 if not visible. */
int pid_nr_ns(int nr, const struct pid_namespace *ns);
/* The task numbered nr in ns, living or a zombie not yet reaped... */
struct task *find_task_by_pid_ns(int nr, const struct pid_namespace *ns);
/* ... and in current's namespace; NULL if none (Linux's find_task_by_vpid). */
struct task *find_task_by_vpid(int nr);
/* A number the caller gave (a pid, pgid or sid) as the init namespace's, 0 if it
 * names no task the caller can see. */
int pid_from_vnr(int nr);
/* Is t in ns or a namespace below it? */
bool task_in_pid_ns(const struct task *t, const struct pid_namespace *ns);
/* t's process is a namespace's init, which signals without a handler do not
 * reach (Linux's SIGNAL_UNKILLABLE). */
bool is_child_reaper(const struct task *t);
/* A new pid namespace's init died: every other process of it gets SIGKILL, no
 * task enters it any more (Linux's zap_pid_ns_processes). */
void zap_pid_ns_processes(struct pid_namespace *ns);
/* Wants the dead init's parent told later (true) because its namespace still has
 * tasks; they are reaped by then, and the last one's release tells it. */
bool pid_ns_defer_reaper_exit(struct task *leader);
/* ... and until then its wait cannot report it (Linux's init is still in do_exit). */
bool pid_ns_reaper_waiting(const struct task *leader);
/* The namespace of that init is empty now: its parent hears of it (kernel/exit.c). */
void pid_ns_reaper_exit(struct task *leader);

#endif
