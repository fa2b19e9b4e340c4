/* Control groups, version 2 only (Linux's kernel/cgroup/cgroup.c, pids.c and
 * mm/memcontrol.c, reduced): one unified hierarchy mounted at /sys/fs/cgroup, the
 * base interface files, and the pids and memory controllers. docs/cgroups.md. */
#ifndef EMU_CGROUP_H
#define EMU_CGROUP_H
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <emu/arch.h>
#include <emu/list.h>

struct task;
struct mm;
struct vma;

/* The controllers emu has, as bits of subtree_control (Linux's ssid order). */
enum cgroup_subsys_id { memory_cgrp_id, pids_cgrp_id, CGROUP_SUBSYS_COUNT };
#define CGROUP_SS_ALL ((1u << CGROUP_SUBSYS_COUNT) - 1)

/* What a page is, for memory.stat (Linux's NR_ANON_MAPPED, NR_FILE_PAGES, NR_SHMEM). */
enum memcg_kind { MEMCG_ANON, MEMCG_FILE, MEMCG_SHMEM, MEMCG_NR_KINDS };
/* memory.events, in Linux's order. */
enum memcg_event { MEMCG_LOW, MEMCG_HIGH, MEMCG_MAX, MEMCG_OOM, MEMCG_OOM_KILL,
		   MEMCG_OOM_GROUP_KILL, MEMCG_NR_EVENTS };
#define PAGE_COUNTER_MAX (UINT64_MAX / 2) /* "max": no limit (in pages) */

/* The memory controller's state of one group (Linux's struct mem_cgroup): its
 * counters include every descendant's, as Linux's hierarchical page_counter. */
struct mem_cgroup {
	uint64_t usage, peak;                 /* pages charged */
	uint64_t max, high, min, low, swap_max; /* pages; PAGE_COUNTER_MAX: "max" */
	uint64_t stat[MEMCG_NR_KINDS];
	uint64_t events[MEMCG_NR_EVENTS], events_local[MEMCG_NR_EVENTS];
};

#define PIDS_MAX (1L << 22) /* pids.max "max": PID_MAX_LIMIT + 1, as Linux */

struct cgroup {
	char name[256];
	struct cgroup *parent;          /* NULL: the root */
	struct list_head children;      /* oldest first */
	struct list_head sibling;
	int level;                      /* the root is 0 */
	unsigned subtree_control;       /* controllers enabled for the children */
	int max_depth, max_descendants; /* INT32_MAX: "max" */
	int nr_descendants;
	bool freeze;                    /* cgroup.freeze: 1 freezes the subtree */
	long pids_max;                  /* PIDS_MAX: "max" */
	long pids_events_max, pids_events_local_max;
	long pids_peak;                 /* the most pids.current has been */
	int nr_ns_roots;                /* cgroup namespaces rooted here (rmdir: EBUSY) */
	struct mem_cgroup memory;
};

extern struct cgroup cgrp_dfl_root; /* the root of the one hierarchy */

/* ---- the hierarchy (kernel/cgroup/cgroup.c) ---- */
/* The group a path below /sys/fs/cgroup names ("" is the root), or NULL. */
struct cgroup *cgroup_lookup(const char *rel);
/* Whether path (absolute, normalized) lies in /sys/fs/cgroup; *rel is the rest. */
bool is_cgroup_path(const char *path, const char **rel);
/* mkdir and rmdir of a group by path: 0 or -errno as Linux's cgroup_mkdir/rmdir. */
int cgroup_mkdir(const char *rel, unsigned mode);
int cgroup_rmdir(const char *rel);
/* Whether ss (an enum cgroup_subsys_id) is enabled in cgrp (its parent's
 * subtree_control says so; the root has every controller). */
bool cgroup_ss_enabled(const struct cgroup *cgrp, int ss);
bool cgroup_is_descendant(const struct cgroup *cgrp, const struct cgroup *ancestor);
/* Whether a live task is in cgrp (or, subtree: below it). */
bool cgroup_has_tasks(const struct cgroup *cgrp, bool subtree);
/* The group's path from the root: "/" or "/a/b". */
void cgroup_path(const struct cgroup *cgrp, char *buf, size_t size);
/* cgrp's path relative to a cgroup namespace's root (NULL: the hierarchy's). */
void cgroup_path_ns(const struct cgroup *cgrp, const struct cgroup *root, char *buf, size_t size);
/* Moves t's whole process (threadgroup) or only t into dst: 0 or -errno, with
 * v2's rules (no internal processes). Caller checked the permissions. */
int cgroup_attach_task(struct cgroup *dst, struct task *t, bool threadgroup);
/* fork: puts the child (not yet on the task list) in its group, the parent's or
 * CLONE_INTO_CGROUP's directory fd's: 0 or -errno (EBADF, ENODEV, EACCES, EBUSY,
 * EOPNOTSUPP, and EAGAIN over a pids.max). cgroup_post_fork: the child is on the
 * task list now (pids.peak). */
int cgroup_can_fork(struct task *child, bool into_cgroup, bool thread, int cgroup_fd);
void cgroup_post_fork(struct task *child);
/* t's group or an ancestor is frozen (cgroup.freeze) and no SIGKILL is pending for
 * it: the scheduler does not run it (Linux's cgroup freezer, at once). */
bool cgroup_task_frozen(const struct task *t);
bool cgroup_frozen(const struct cgroup *cgrp); /* it or an ancestor is frozen */
/* The pid a task shows in cgroup.procs and cgroup.threads (one place, for pid
 * namespaces to translate). */
int cgroup_task_pid(const struct task *t, bool tgid);
/* /proc/PID/cgroup: "0::/path". */
void proc_cgroup_show(FILE *m, struct task *t);

/* ---- the interface files (kernel/cgroup/cgroupfs.c), for emu's /sys ---- */
/* The node at rel below /sys/fs/cgroup: 0 with *dir and *mode, or -ENOENT. */
int cgroupfs_node(const char *rel, bool *dir, unsigned *mode);
/* open of the file at rel with flags: its text into m, 0 or -errno (EACCES for an
 * access its mode does not give, EISDIR, ENOENT). */
int cgroupfs_show(const char *rel, int flags, FILE *m);
/* The entries of the group at rel, one add() each: 0 or -ENOENT. */
int cgroupfs_list(const char *rel, void (*add)(void *arg, const char *name, bool dir),
		  void *arg);
/* A write of buf to the file at rel: 0 or -errno. */
long cgroupfs_write(const char *rel, const char *buf);

/* ---- pids controller (kernel/cgroup/pids.c) ---- */
long pids_current(const struct cgroup *cgrp);
int pids_can_fork(struct cgroup *cgrp); /* 0, or -EAGAIN over some pids.max */
/* pids.peak of cgrp and its ancestors, after a task joined (fork, migration) */
void pids_update_peak(struct cgroup *cgrp);
void pids_show(FILE *m, struct cgroup *cgrp, const char *file);
long pids_write(struct cgroup *cgrp, const char *file, const char *buf);

/* ---- memory controller (kernel/mm/memcontrol.c) ---- */
void mem_cgroup_init(size_t nr_frames);
void mem_cgroup_reset(struct mem_cgroup *memcg); /* limits at "max", counters 0 */
/* Charges pfn, just allocated for mm (a fault) or current (NULL), to its group:
 * 0, or -ENOMEM when the group is over memory.max and nothing could be
 * reclaimed or killed (then mem_cgroup_oom_synchronize says it was a cgroup's). */
int mem_cgroup_charge(pfn_t pfn, struct mm *mm, enum memcg_kind kind, bool droppable);
void mem_cgroup_uncharge(pfn_t pfn); /* frame_put's: the frame is free */
/* A charge failed in a group this fault: true once, so tlb_fill does not call the
 * machine-wide OOM killer as well. */
bool mem_cgroup_oom_synchronize(void);
/* rmdir: the group's charges go to its parent (which counts them already). */
void mem_cgroup_reparent(struct cgroup *cgrp);
void mem_cgroup_show(FILE *m, struct cgroup *cgrp, const char *file);
long mem_cgroup_write(struct cgroup *cgrp, const char *file, const char *buf);

#endif
