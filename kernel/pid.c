/* Pids: allocation in every namespace a task is visible in, and translation
 * between namespaces (Linux's kernel/pid.c). A task keeps its number at each level
 * in task->pid_nrs; pid_nrs[0] is task->pid, the init namespace's number, which the
 * rest of the kernel uses (in the init namespace pid_nrs points at it). The init
 * namespace hands out 2, 3, ... (pid 1 is emu's own init), so every run numbers its
 * tasks the same; a new namespace starts at 1.
 * Lookups in a namespace other than the init one walk the task list, as
 * find_task does: a pid namespace is rare, getpid in the init one stays one load. */
#include <emu/pid_namespace.h>
#include <emu/sched.h>
#include <emu/task.h>
#include <emu/user_namespace.h>
#include <errno.h>
#include <linux/sched.h>
#include <linux/capability.h>
#include <stdlib.h>

#define PID_MAX_LIMIT (4 * 1024 * 1024) /* Linux's on 64-bit: set_tid must be below */
#define RESERVED_PIDS 300               /* where the cursor wraps to, as Linux's */

struct pid_namespace init_pid_ns = {
	.level = 0, .last_pid = 1, .adding = true, .ns = { .type = CLONE_NEWPID, .inum = PROC_PID_INIT_INO, .count = 2, .user_ns = &init_user_ns },
};

struct pid_namespace *task_active_pid_ns(const struct task *t)
{
	return t && t->pid_ns ? t->pid_ns : &init_pid_ns;
}

bool task_in_pid_ns(const struct task *t, const struct pid_namespace *ns)
{
	const struct pid_namespace *tns = task_active_pid_ns(t);

	if (ns->level > tns->level)
		return false;
	while (tns->level > ns->level)
		tns = tns->parent;
	return tns == ns;
}

int task_pid_nr_ns(const struct task *t, const struct pid_namespace *ns)
{
	if (ns->level == 0)
		return t->pid;
	return task_in_pid_ns(t, ns) ? t->pid_nrs[ns->level] : 0;
}

int task_tgid_nr_ns(const struct task *t, const struct pid_namespace *ns)
{
	return task_pid_nr_ns(t->group_leader, ns);
}

int task_ppid_nr_ns(const struct task *t, const struct pid_namespace *ns)
{
	if (!t->parent) /* emu's init is pid 1 of the init namespace only */
		return ns->level == 0 ? 1 : 0;
	return task_tgid_nr_ns(t->parent, ns);
}

/* The task, not yet reaped, whose init-namespace number is nr. */
static struct task *find_task_by_nr(int nr)
{
	for (struct task *t = first_task_in_list(); t; t = t->next_task)
		if (t->pid == nr && !t->reaped)
			return t;
	return NULL;
}

int pid_nr_ns(int nr, const struct pid_namespace *ns)
{
	struct task *t;

	if (ns->level == 0)
		return nr;
	t = find_task_by_nr(nr); /* a group or session whose leader is reaped: not seen */
	return t ? task_pid_nr_ns(t, ns) : 0;
}

/* The task numbered nr in ns, not yet reaped, living or not. */
static struct task *find_pid_ns(int nr, const struct pid_namespace *ns)
{
	for (struct task *t = first_task_in_list(); t; t = t->next_task)
		if (!t->reaped && task_in_pid_ns(t, ns) &&
		    (ns->level ? t->pid_nrs[ns->level] : t->pid) == nr)
			return t;
	return NULL;
}

struct task *find_task_by_pid_ns(int nr, const struct pid_namespace *ns)
{
	struct task *t;

	if (ns->level == 0)
		return find_task(nr);
	t = find_pid_ns(nr, ns);
	return t && t->state != TASK_DEAD ? t : NULL;
}

struct task *find_task_by_vpid(int nr)
{
	return find_task_by_pid_ns(nr, task_active_pid_ns(current));
}

int pid_from_vnr(int nr)
{
	const struct pid_namespace *ns = task_active_pid_ns(current);
	struct task *t;

	if (ns->level == 0 || nr <= 0)
		return nr;
	t = find_pid_ns(nr, ns);
	return t ? t->pid : 0;
}

bool is_child_reaper(const struct task *t)
{
	const struct pid_namespace *ns = task_active_pid_ns(t);

	return ns->level > 0 && ns->child_reaper == t->group_leader;
}

/* Is nr taken in ns? Above every number handed out it cannot be: a fork that
 * follows the cursor never walks the task list. */
static bool pid_in_use(int nr, const struct pid_namespace *ns)
{
	return nr <= ns->max_pid && find_pid_ns(nr, ns);
}

/* clone3's set_tid for the namespace at level i of ns's chain: 0 or -errno, as
 * Linux's alloc_pid checks it. */
static int check_set_tid(const struct pid_namespace *tmp, int tid)
{
	if (tid < 1 || tid >= PID_MAX_LIMIT)
		return -EINVAL;
	if (tid != 1 && !tmp->child_reaper && tmp->adding && tmp->level > 0)
		return -EINVAL; /* a namespace's first task must be its 1 */
	if (!capable(current, CAP_CHECKPOINT_RESTORE) && !capable(current, CAP_SYS_ADMIN))
		return -EPERM;
	return pid_in_use(tid, tmp) ? -EEXIST : 0;
}

/* The next free number after the cursor, which moves to it (idr_alloc_cyclic). */
static int alloc_pid_nr(struct pid_namespace *ns)
{
	int nr = ns->last_pid;

	for (int tries = 0; tries < PID_MAX_LIMIT; tries++) {
		if (++nr >= PID_MAX_LIMIT)
			nr = ns->last_pid > RESERVED_PIDS ? RESERVED_PIDS : 1;
		if (!pid_in_use(nr, ns)) {
			ns->last_pid = nr;
			return nr;
		}
	}
	return -EAGAIN;
}

/* Room for t's numbers in ns: in the init namespace its pid is its only one, so a
 * task there costs nothing more. 0 or -ENOMEM. */
static int pid_nrs_alloc(struct task *t, const struct pid_namespace *ns)
{
	t->pid_nrs = ns->level ? calloc(ns->level + 1, sizeof *t->pid_nrs) : &t->pid;
	return t->pid_nrs ? 0 : -ENOMEM;
}

void put_pid_nrs(struct task *t)
{
	if (t->pid_nrs != &t->pid)
		free(t->pid_nrs);
	t->pid_nrs = NULL;
}

/* alloc_pid's numbers, from ns's level outwards; 0 or -errno. */
static int alloc_pid_nrs(struct pid_namespace *ns, int *nrs, const int *set_tid,
			 size_t set_tid_size)
{
	struct pid_namespace *tmp = ns;

	for (int i = (int)ns->level; i >= 0; i--, tmp = tmp->parent) {
		int nr;
		if (set_tid_size) { /* a chosen number leaves the cursor where it is */
			nr = set_tid[ns->level - (unsigned)i];
			int err = check_set_tid(tmp, nr);
			if (err)
				return err;
			set_tid_size--;
		} else if ((nr = alloc_pid_nr(tmp)) < 0) {
			return nr;
		}
		nrs[i] = nr;
	}
	return ns->adding ? 0 : -ENOMEM; /* its init is dead: nothing enters any more */
}

int alloc_pid(struct pid_namespace *ns, struct task *t, const int *set_tid, size_t set_tid_size)
{
	int err;

	if (set_tid_size > ns->level + 1)
		return -EINVAL; /* deeper than the namespaces there are */
	if ((err = pid_nrs_alloc(t, ns)))
		return err;
	static unsigned int pid_gen;

	if ((err = alloc_pid_nrs(ns, t->pid_nrs, set_tid, set_tid_size))) {
		put_pid_nrs(t);
		return err;
	}
	t->pid_gen = ++pid_gen;
	return t->pid_nrs[0];
}

void attach_pid(struct task *t, struct pid_namespace *ns)
{
	const int *nrs = t->pid_nrs;

	t->pid_ns = get_pid_ns(ns);
	t->pid = nrs[0];
	for (struct pid_namespace *tmp = ns; tmp; tmp = tmp->parent) {
		tmp->nr_hashed++;
		if (nrs[tmp->level] > tmp->max_pid)
			tmp->max_pid = nrs[tmp->level];
	}
	if (ns->level > 0 && nrs[ns->level] == 1)
		ns->child_reaper = t; /* its pid 1 reaps its orphans */
}

int nr_pids(void)
{
	return init_pid_ns.last_pid - 1;
}

void free_pid(struct task *t)
{
	struct pid_namespace *ns = t->pid_ns;

	if (!ns)
		return; /* never attached: a unit test's task */
	if (ns->child_reaper == t)
		ns->child_reaper = NULL; /* gone for good: adding is off since it died */
	if (ns->reaper_zombie == t)
		ns->reaper_zombie = NULL;
	for (struct pid_namespace *tmp = ns; tmp; tmp = tmp->parent) {
		tmp->nr_hashed--;
		/* the last task of a namespace whose init died: the init's wait ends */
		if (tmp->reaper_zombie && tmp->nr_hashed == 1) {
			struct task *zombie = tmp->reaper_zombie;
			tmp->reaper_zombie = NULL;
			pid_ns_reaper_exit(zombie);
		}
	}
}
