/* The cgroup v2 hierarchy: Linux's kernel/cgroup/cgroup.c, reduced. One tree of
 * struct cgroup rooted at cgrp_dfl_root; each task points at its group
 * (task->cgroups, NULL for the root), a child starts in its parent's group, and
 * cgroup.procs moves processes. Membership is answered by walking the task list
 * (emu has few tasks), so exit needs no hook: a task is in its group until it is
 * dead (populated) or reaped (pids.current). docs/cgroups.md. */
#include <emu/cgroup.h>
#include <emu/fs.h>
#include <emu/namespaces.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/task.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

struct cgroup cgrp_dfl_root = {
	.children = LIST_HEAD_INIT(cgrp_dfl_root.children),
	.max_depth = INT32_MAX,
	.max_descendants = INT32_MAX,
	.pids_max = PIDS_MAX,
	.memory = { .max = PAGE_COUNTER_MAX, .high = PAGE_COUNTER_MAX,
		    .swap_max = PAGE_COUNTER_MAX },
};

static struct cgroup *task_cgroup(const struct task *t)
{
	return t->cgroups ? t->cgroups : &cgrp_dfl_root;
}

bool is_cgroup_path(const char *path, const char **rel)
{
	static const char mnt[] = "/sys/fs/cgroup";

	if (strncmp(path, mnt, sizeof mnt - 1) || (path[sizeof mnt - 1] && path[sizeof mnt - 1] != '/'))
		return false;
	*rel = path + sizeof mnt - 1;
	*rel += **rel == '/';
	return true;
}

static struct cgroup *find_child(struct cgroup *parent, const char *name, size_t len)
{
	struct cgroup *c;

	list_for_each_entry(c, &parent->children, sibling)
		if (strlen(c->name) == len && !memcmp(c->name, name, len))
			return c;
	return NULL;
}

struct cgroup *cgroup_lookup(const char *rel)
{
	struct cgroup *cgrp = &cgrp_dfl_root;

	while (cgrp && *rel) {
		size_t n = strcspn(rel, "/");
		cgrp = find_child(cgrp, rel, n);
		rel += n;
		rel += *rel == '/';
	}
	return cgrp;
}

bool cgroup_is_descendant(const struct cgroup *cgrp, const struct cgroup *ancestor)
{
	for (; cgrp; cgrp = cgrp->parent)
		if (cgrp == ancestor)
			return true;
	return false;
}

bool cgroup_ss_enabled(const struct cgroup *cgrp, int ss)
{
	return !cgrp->parent || (cgrp->parent->subtree_control & (1u << ss));
}

bool cgroup_has_tasks(const struct cgroup *cgrp, bool subtree)
{
	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		if (t->state == TASK_DEAD)
			continue;
		if (subtree ? cgroup_is_descendant(task_cgroup(t), cgrp) : task_cgroup(t) == cgrp)
			return true;
	}
	return false;
}

void cgroup_path(const struct cgroup *cgrp, char *buf, size_t size)
{
	char tmp[PATH_MAX];

	if (!cgrp->parent) {
		snprintf(buf, size, "/");
		return;
	}
	buf[0] = '\0';
	for (; cgrp->parent; cgrp = cgrp->parent) {
		snprintf(tmp, sizeof tmp, "/%s%s", cgrp->name, buf);
		snprintf(buf, size, "%s", tmp);
	}
}

/* cgrp's path as seen from a cgroup namespace rooted at root (NULL: the hierarchy's
 * root): relative to it, with "/.." for each level up when cgrp lies outside, as
 * Linux's cgroup_path_ns (kernfs_path_from_node). */
void cgroup_path_ns(const struct cgroup *cgrp, const struct cgroup *root, char *buf, size_t size)
{
	const struct cgroup *a = cgrp, *b = root ? root : &cgrp_dfl_root;
	char below[PATH_MAX] = "", tmp[PATH_MAX];
	size_t n = 0;

	while (a->level > b->level)
		a = a->parent;
	while (b->level > a->level)
		b = b->parent;
	while (a != b) { /* up to the common ancestor a */
		a = a->parent;
		b = b->parent;
	}
	for (const struct cgroup *c = root ? root : &cgrp_dfl_root; c != a; c = c->parent)
		n += snprintf(buf + n, n < size ? size - n : 0, "/..");
	for (const struct cgroup *c = cgrp; c != a; c = c->parent) {
		snprintf(tmp, sizeof tmp, "/%s%s", c->name, below);
		snprintf(below, sizeof below, "%s", tmp);
	}
	snprintf(buf + n, n < size ? size - n : 0, "%s", below[0] || n ? below : "/");
}

/* The parent's path and the last name of rel ("a/b" → group a, "b"). */
static struct cgroup *split_last(const char *rel, char *name)
{
	const char *slash = strrchr(rel, '/');
	char dir[PATH_MAX];

	snprintf(name, NAME_MAX + 1, "%s", slash ? slash + 1 : rel);
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - rel) : 0, rel);
	return cgroup_lookup(dir);
}

/* Linux's cgroup_check_hierarchy_limits: cgroup.max.depth and .max.descendants of
 * every ancestor. */
static bool hierarchy_limits_ok(const struct cgroup *parent)
{
	int depth = 1;

	for (const struct cgroup *c = parent; c; c = c->parent, depth++)
		if (c->nr_descendants >= c->max_descendants || depth > c->max_depth)
			return false;
	return true;
}

int cgroup_mkdir(const char *rel, unsigned mode)
{
	char name[NAME_MAX + 1];
	struct cgroup *parent = split_last(rel, name), *cgrp;

	if (!parent)
		return -ENOENT;
	bool dir;
	unsigned m;

	if (!*name || !cgroupfs_node(rel, &dir, &m))
		return -EEXIST; /* a group, an interface file, or "" (the root itself) */
	if (!capable(current, CAP_DAC_OVERRIDE))
		return -EACCES; /* root owns every directory, mode 0755 */
	if (strchr(name, '\n'))
		return -EINVAL;
	if (!hierarchy_limits_ok(parent))
		return -EAGAIN;
	if (!(cgrp = calloc(1, sizeof *cgrp)))
		return -ENOMEM;
	snprintf(cgrp->name, sizeof cgrp->name, "%s", name);
	cgrp->parent = parent;
	cgrp->level = parent->level + 1;
	INIT_LIST_HEAD(&cgrp->children);
	cgrp->max_depth = cgrp->max_descendants = INT32_MAX;
	cgrp->pids_max = PIDS_MAX;
	mem_cgroup_reset(&cgrp->memory);
	list_add_tail(&cgrp->sibling, &parent->children);
	for (struct cgroup *c = parent; c; c = c->parent)
		c->nr_descendants++;
	(void)mode; /* kernfs directories are 0755 whatever mkdir asks */
	return 0;
}

int cgroup_rmdir(const char *rel)
{
	struct cgroup *cgrp = cgroup_lookup(rel);
	bool dir;
	unsigned mode;

	if (!cgrp)
		return cgroupfs_node(rel, &dir, &mode) ? -ENOENT : -ENOTDIR;
	if (!cgrp->parent)
		return -EBUSY; /* the mount point */
	if (!capable(current, CAP_DAC_OVERRIDE))
		return -EACCES;
	if (cgroup_has_tasks(cgrp, true) || !list_empty(&cgrp->children))
		return -EBUSY; /* Linux's cgroup_destroy_locked */
	if (cgrp->nr_ns_roots)
		return -EBUSY; /* a cgroup namespace's root: Linux keeps it as a dead group */
	/* zombies (dead, not reaped) still point here: they go to the parent */
	for (struct task *t = first_task_in_list(); t; t = t->next_task)
		if (t->cgroups == cgrp)
			t->cgroups = cgrp->parent->parent ? cgrp->parent : NULL;
	mem_cgroup_reparent(cgrp);
	for (struct cgroup *c = cgrp->parent; c; c = c->parent)
		c->nr_descendants--;
	list_del(&cgrp->sibling);
	free(cgrp);
	return 0;
}

/* Linux's cgroup_migrate_vet_dst: v2's "no internal processes" rule. */
static int migrate_vet_dst(const struct cgroup *dst)
{
	return dst->parent && dst->subtree_control ? -EBUSY : 0;
}

int cgroup_attach_task(struct cgroup *dst, struct task *t, bool threadgroup)
{
	struct task *th;
	int err;

	if ((err = migrate_vet_dst(dst)))
		return err;
	if (!threadgroup) {
		/* a thread may not leave its process's domain: emu has no threaded groups */
		return task_cgroup(t) == dst ? 0 : -EOPNOTSUPP;
	}
	for_each_thread(t->group_leader, th)
		th->cgroups = dst->parent ? dst : NULL;
	pids_update_peak(dst);
	return 0;
}

bool cgroup_frozen(const struct cgroup *cgrp)
{
	for (; cgrp; cgrp = cgrp->parent)
		if (cgrp->freeze)
			return true;
	return false;
}

bool cgroup_task_frozen(const struct task *t)
{
	if (!t->cgroups || !cgroup_frozen(t->cgroups))
		return false;
	/* a fatal signal thaws it to die, as Linux's freezer lets it */
	return !t->group_exit && !(t->signal && task_sigpending_in(t, sigbit(SIGKILL)));
}

int cgroup_task_pid(const struct task *t, bool tgid)
{
	return tgid ? t->tgid : t->pid;
}

/* CLONE_INTO_CGROUP's directory: a descriptor of a directory of emu's
 * /sys/fs/cgroup (Linux's cgroup_get_from_file), or -errno. */
static struct cgroup *cgroup_from_fd(int fd, int *err)
{
	struct file *f = fdget(fd);
	const char *rel;
	bool dir;
	unsigned mode;
	struct cgroup *cgrp;

	*err = -EBADF;
	if (!f || !f->procfs || !f->path || !is_cgroup_path(f->path, &rel))
		return NULL;
	if (cgroupfs_node(rel, &dir, &mode) || !dir)
		return NULL; /* a file of the hierarchy, not a group */
	if (!(cgrp = cgroup_lookup(rel)))
		*err = -ENODEV; /* removed since it was opened */
	return cgrp;
}

/* Linux's cgroup_css_set_fork and cgroup_can_fork. */
int cgroup_can_fork(struct task *child, bool into_cgroup, bool thread, int cgroup_fd)
{
	struct cgroup *cgrp = task_cgroup(current);
	int err;

	if (into_cgroup) {
		if (!(cgrp = cgroup_from_fd(cgroup_fd, &err)))
			return err;
		if (!capable(current, CAP_DAC_OVERRIDE))
			return -EACCES; /* cgroup.procs of the group is root's, 0644 */
		if ((err = migrate_vet_dst(cgrp)))
			return err;
		if (thread && cgrp != task_cgroup(current))
			return -EOPNOTSUPP; /* a thread stays in its process's domain */
	}
	if ((err = pids_can_fork(cgrp)))
		return err;
	child->cgroups = cgrp->parent ? cgrp : NULL;
	return 0;
}

void cgroup_post_fork(struct task *child)
{
	pids_update_peak(task_cgroup(child));
}

void proc_cgroup_show(FILE *m, struct task *t)
{
	char path[PATH_MAX];

	cgroup_path_ns(task_cgroup(t), current->nsproxy->cgroup_ns->root, path, sizeof path);
	fprintf(m, "0::%s\n", path);
}
