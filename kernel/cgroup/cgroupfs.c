/* The cgroup2 filesystem's interface files (Linux's cgroup_base_files and each
 * controller's cftypes): one table row per file, with its mode, where it appears
 * and how it is read and written. emu's /sys (kernel/fs/procfs.c) asks here for
 * every path below /sys/fs/cgroup. */
#include <emu/cgroup.h>
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

enum { CFTYPE_NOT_ON_ROOT = 1, CFTYPE_ONLY_ON_ROOT = 2 };

struct cftype {
	const char *name;
	int ss;         /* the controller (enum cgroup_subsys_id), or -1: a base file */
	unsigned flags; /* CFTYPE_* */
	unsigned mode;
	void (*show)(FILE *m, struct cgroup *cgrp);         /* NULL: write-only */
	long (*write)(struct cgroup *cgrp, const char *buf); /* NULL: read-only */
};

static const char *const ss_name[CGROUP_SUBSYS_COUNT] = { "memory", "pids" };

static void print_ss_mask(FILE *m, unsigned mask)
{
	bool first = true;

	for (int ss = 0; ss < CGROUP_SUBSYS_COUNT; ss++)
		if (mask & (1u << ss)) {
			fprintf(m, "%s%s", first ? "" : " ", ss_name[ss]);
			first = false;
		}
	if (!first)
		fputc('\n', m); /* an empty mask is an empty file */
}

/* What the group may enable for its children (Linux's cgroup_control). */
static unsigned cgroup_control(const struct cgroup *cgrp)
{
	return cgrp->parent ? cgrp->parent->subtree_control : CGROUP_SS_ALL;
}

static void show_controllers(FILE *m, struct cgroup *cgrp) { print_ss_mask(m, cgroup_control(cgrp)); }
static void show_subtree_control(FILE *m, struct cgroup *cgrp) { print_ss_mask(m, cgrp->subtree_control); }
static void show_type(FILE *m, struct cgroup *cgrp) { fputs("domain\n", m); }

static void show_events(FILE *m, struct cgroup *cgrp)
{
	fprintf(m, "populated %d\nfrozen %d\n", cgroup_has_tasks(cgrp, true), cgroup_frozen(cgrp));
}

/* The live tasks of the group, each process once (procs) or each thread, in pid
 * order (Linux lists them in the order they joined). */
static void show_tasks(FILE *m, struct cgroup *cgrp, bool procs)
{
	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		if (t->state == TASK_DEAD || (t->cgroups ? t->cgroups : &cgrp_dfl_root) != cgrp)
			continue;
		bool seen = false;
		for (struct task *o = first_task_in_list(); procs && o != t && !seen; o = o->next_task)
			seen = o->tgid == t->tgid && o->state != TASK_DEAD &&
			       (o->cgroups ? o->cgroups : &cgrp_dfl_root) == cgrp;
		if (!seen)
			fprintf(m, "%d\n", cgroup_task_pid(t, procs));
	}
}

static void show_procs(FILE *m, struct cgroup *cgrp) { show_tasks(m, cgrp, true); }
static void show_threads(FILE *m, struct cgroup *cgrp) { show_tasks(m, cgrp, false); }

static void show_limit(FILE *m, int v)
{
	if (v == INT32_MAX)
		fputs("max\n", m);
	else
		fprintf(m, "%d\n", v);
}

static void show_max_depth(FILE *m, struct cgroup *cgrp) { show_limit(m, cgrp->max_depth); }
static void show_max_descendants(FILE *m, struct cgroup *cgrp) { show_limit(m, cgrp->max_descendants); }

static int subtree_count(const struct cgroup *cgrp, int ss)
{
	int n = ss < 0 || cgroup_ss_enabled(cgrp, ss);
	const struct cgroup *c;

	list_for_each_entry(c, &cgrp->children, sibling)
		n += subtree_count(c, ss);
	return n;
}

/* Linux's cgroup_stat_show: emu frees a removed group at once, so none is dying. */
static void show_stat(FILE *m, struct cgroup *cgrp)
{
	fprintf(m, "nr_descendants %d\n", cgrp->nr_descendants);
	for (int ss = 0; ss < CGROUP_SUBSYS_COUNT; ss++)
		fprintf(m, "nr_subsys_%s %d\n", ss_name[ss], subtree_count(cgrp, ss));
	fputs("nr_dying_descendants 0\n", m);
	for (int ss = 0; ss < CGROUP_SUBSYS_COUNT; ss++)
		fprintf(m, "nr_dying_subsys_%s 0\n", ss_name[ss]);
}

/* kstrtoint(strstrip(buf), 0, v): 0 or -EINVAL. */
static int parse_int(const char *buf, long lo, long hi, long *v)
{
	char *end;

	while (*buf == ' ' || *buf == '\t' || *buf == '\n')
		buf++;
	errno = 0;
	*v = strtol(buf, &end, 0);
	while (*end == ' ' || *end == '\t' || *end == '\n')
		end++;
	if (end == buf || *end || errno)
		return -EINVAL;
	return *v < lo || *v > hi ? -ERANGE : 0;
}

/* Linux's __cgroup_procs_write: a pid (0: the writer), its process (procs) or
 * thread, moved here. */
static long write_tasks(struct cgroup *cgrp, const char *buf, bool procs)
{
	long pid;
	struct task *t;

	if (parse_int(buf, 0, INT_MAX, &pid))
		return -EINVAL;
	t = pid ? find_task((int)pid) : current;
	if (!t || t->reaped || t->state == TASK_DEAD)
		return -ESRCH;
	/* nsdelegate (emu's mount has it): a cgroup namespace is a delegation boundary,
	 * the writer must see both groups from its namespace (cgroup-v2.rst) */
	struct cgroup *ns_root = current->nsproxy->cgroup_ns->root;
	if (ns_root && (!cgroup_is_descendant(cgrp, ns_root) ||
			!cgroup_is_descendant(t->cgroups ? t->cgroups : &cgrp_dfl_root, ns_root)))
		return -ENOENT;
	return cgroup_attach_task(cgrp, procs ? t->group_leader : t, procs);
}

static long write_procs(struct cgroup *cgrp, const char *buf) { return write_tasks(cgrp, buf, true); }
static long write_threads(struct cgroup *cgrp, const char *buf) { return write_tasks(cgrp, buf, false); }

static int ss_lookup(const char *name, size_t n)
{
	for (int ss = 0; ss < CGROUP_SUBSYS_COUNT; ss++)
		if (strlen(ss_name[ss]) == n && !memcmp(ss_name[ss], name, n))
			return ss;
	return -1;
}

/* "+memory -pids" into the masks to enable and disable: 0 or -EINVAL. */
static int parse_subtree_control(const char *buf, unsigned *enable, unsigned *disable)
{
	*enable = *disable = 0;
	for (;;) {
		buf += strspn(buf, " \t\n");
		size_t n = strcspn(buf, " \t\n");
		if (!n)
			return 0;
		int ss = ss_lookup(buf + 1, n - 1);
		if ((buf[0] != '+' && buf[0] != '-') || ss < 0)
			return -EINVAL;
		*(buf[0] == '+' ? enable : disable) |= 1u << ss;
		*(buf[0] == '+' ? disable : enable) &= ~(1u << ss);
		buf += n;
	}
}

/* A controller turned off for a child: its knobs go back to their defaults, as
 * Linux's css is destroyed (the counters stay: emu keeps them at every level). */
static void ss_reset(struct cgroup *cgrp, int ss)
{
	if (ss == pids_cgrp_id) {
		cgrp->pids_max = PIDS_MAX;
	} else {
		struct mem_cgroup *mc = &cgrp->memory;
		mc->max = mc->high = mc->swap_max = PAGE_COUNTER_MAX;
		mc->min = mc->low = 0;
	}
}

/* Linux's cgroup_subtree_control_write and its vetting. */
static long write_subtree_control(struct cgroup *cgrp, const char *buf)
{
	unsigned enable, disable;
	struct cgroup *c;
	int err = parse_subtree_control(buf, &enable, &disable);

	if (err)
		return err;
	enable &= ~cgrp->subtree_control;
	disable &= cgrp->subtree_control;
	if (!(enable | disable))
		return 0;
	if (enable & ~cgroup_control(cgrp))
		return -ENOENT; /* not available here: the parent has not enabled it */
	list_for_each_entry(c, &cgrp->children, sibling)
		if (c->subtree_control & disable)
			return -EBUSY; /* a child still hands it down */
	if (enable && cgrp->parent && cgroup_has_tasks(cgrp, false))
		return -EBUSY; /* no internal processes */
	cgrp->subtree_control = (cgrp->subtree_control | enable) & ~disable;
	list_for_each_entry(c, &cgrp->children, sibling)
		for (int ss = 0; ss < CGROUP_SUBSYS_COUNT; ss++)
			if (disable & (1u << ss))
				ss_reset(c, ss);
	return 0;
}

static long write_limit(int *v, const char *buf)
{
	long n;

	if (!strcmp(buf, "max") || !strcmp(buf, "max\n")) {
		*v = INT32_MAX;
		return 0;
	}
	if (parse_int(buf, 0, INT32_MAX - 1, &n))
		return -EINVAL;
	*v = (int)n;
	return 0;
}

static long write_max_depth(struct cgroup *cgrp, const char *buf) { return write_limit(&cgrp->max_depth, buf); }
static long write_max_descendants(struct cgroup *cgrp, const char *buf) { return write_limit(&cgrp->max_descendants, buf); }

/* Only "threaded" may be written; emu has no threaded groups (docs/cgroups.md). */
static long write_type(struct cgroup *cgrp, const char *buf)
{
	return strcmp(buf, "threaded") && strcmp(buf, "threaded\n") ? -EINVAL : -EOPNOTSUPP;
}

static void show_freeze(FILE *m, struct cgroup *cgrp) { fprintf(m, "%d\n", cgrp->freeze); }

/* Linux's cgroup_freeze_write: 0 or 1. emu's tasks stop at once: none is running
 * while another writes (one host thread), so the subtree is frozen when the write
 * returns (a writer that freezes its own group stops at its next switch). */
static long write_freeze(struct cgroup *cgrp, const char *buf)
{
	long v;
	int err = parse_int(buf, INT_MIN, INT_MAX, &v);

	if (err)
		return err;
	if (v < 0 || v > 1)
		return -ERANGE;
	cgrp->freeze = v;
	return 0;
}

/* Linux's cgroup_kill: SIGKILL to every task of the subtree. */
static long write_kill(struct cgroup *cgrp, const char *buf)
{
	long v;
	int err = parse_int(buf, INT_MIN, INT_MAX, &v);

	if (err)
		return err;
	if (v != 1)
		return -ERANGE;
	for (struct task *t = first_task_in_list(); t; t = t->next_task)
		if (t->state != TASK_DEAD && cgroup_is_descendant(t->cgroups ? t->cgroups : &cgrp_dfl_root, cgrp))
			send_sig(SIGKILL, t, false);
	return 0;
}

#define MEMCG_FILE(n, f, m) { n, memory_cgrp_id, f, m, NULL, NULL }
#define PIDS_FILE(n, m) { n, pids_cgrp_id, CFTYPE_NOT_ON_ROOT, m, NULL, NULL }

static const struct cftype cgroup_files[] = {
	{ "cgroup.controllers", -1, 0, 0444, show_controllers, NULL },
	{ "cgroup.events", -1, CFTYPE_NOT_ON_ROOT, 0444, show_events, NULL },
	{ "cgroup.freeze", -1, CFTYPE_NOT_ON_ROOT, 0644, show_freeze, write_freeze },
	{ "cgroup.kill", -1, CFTYPE_NOT_ON_ROOT, 0200, NULL, write_kill },
	{ "cgroup.max.depth", -1, 0, 0644, show_max_depth, write_max_depth },
	{ "cgroup.max.descendants", -1, 0, 0644, show_max_descendants, write_max_descendants },
	{ "cgroup.procs", -1, 0, 0644, show_procs, write_procs },
	{ "cgroup.stat", -1, 0, 0444, show_stat, NULL },
	{ "cgroup.subtree_control", -1, 0, 0644, show_subtree_control, write_subtree_control },
	{ "cgroup.threads", -1, 0, 0644, show_threads, write_threads },
	{ "cgroup.type", -1, CFTYPE_NOT_ON_ROOT, 0644, show_type, write_type },
	/* memory.c's files: shown and written by mem_cgroup_show/write by name */
	MEMCG_FILE("memory.current", CFTYPE_NOT_ON_ROOT, 0444),
	MEMCG_FILE("memory.events", CFTYPE_NOT_ON_ROOT, 0444),
	MEMCG_FILE("memory.events.local", CFTYPE_NOT_ON_ROOT, 0444),
	MEMCG_FILE("memory.high", CFTYPE_NOT_ON_ROOT, 0644),
	MEMCG_FILE("memory.low", CFTYPE_NOT_ON_ROOT, 0644),
	MEMCG_FILE("memory.max", CFTYPE_NOT_ON_ROOT, 0644),
	MEMCG_FILE("memory.min", CFTYPE_NOT_ON_ROOT, 0644),
	MEMCG_FILE("memory.peak", CFTYPE_NOT_ON_ROOT, 0644),
	MEMCG_FILE("memory.stat", 0, 0444),
	MEMCG_FILE("memory.swap.current", CFTYPE_NOT_ON_ROOT, 0444),
	MEMCG_FILE("memory.swap.max", CFTYPE_NOT_ON_ROOT, 0644),
	PIDS_FILE("pids.current", 0444),
	PIDS_FILE("pids.events", 0444),
	PIDS_FILE("pids.events.local", 0444),
	PIDS_FILE("pids.max", 0644),
	PIDS_FILE("pids.peak", 0444),
	{ NULL, 0, 0, 0, NULL, NULL },
};

static bool cft_visible(const struct cftype *cft, const struct cgroup *cgrp)
{
	if ((cft->flags & CFTYPE_NOT_ON_ROOT) && !cgrp->parent)
		return false;
	if ((cft->flags & CFTYPE_ONLY_ON_ROOT) && cgrp->parent)
		return false;
	return cft->ss < 0 || cgroup_ss_enabled(cgrp, cft->ss);
}

/* The file at rel and its group, or NULL. */
static const struct cftype *cft_lookup(const char *rel, struct cgroup **cgrp)
{
	const char *slash = strrchr(rel, '/'), *name = slash ? slash + 1 : rel;
	char dir[PATH_MAX];

	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - rel) : 0, rel);
	if (!(*cgrp = cgroup_lookup(dir)))
		return NULL;
	for (const struct cftype *cft = cgroup_files; cft->name; cft++)
		if (!strcmp(cft->name, name))
			return cft_visible(cft, *cgrp) ? cft : NULL;
	return NULL;
}

int cgroupfs_node(const char *rel, bool *dir, unsigned *mode)
{
	struct cgroup *cgrp = cgroup_lookup(rel);
	const struct cftype *cft;

	if (cgrp) {
		*dir = true;
		*mode = cgrp->parent ? 0755 : 0555; /* the mount's root is dr-xr-xr-x */
		return 0;
	}
	if (!(cft = cft_lookup(rel, &cgrp)))
		return -ENOENT;
	*dir = false;
	*mode = cft->mode;
	return 0;
}

/* kernfs_fop_open: an access needs the mode bit and the operation, even for root;
 * others than root have no write bit (the files are root's). */
static int cft_may_open(const struct cftype *cft, int flags)
{
	int acc = flags & O_ACCMODE;
	bool ctrl = cft->ss >= 0; /* a controller's file: its code reads and writes it */

	if (acc != O_WRONLY && (!(cft->mode & 0444) || !(cft->show || ctrl)))
		return -EACCES;
	if (acc != O_RDONLY && (!(cft->mode & 0222) || !(cft->write || ctrl)))
		return -EACCES;
	if (acc != O_RDONLY && !capable(current, CAP_DAC_OVERRIDE))
		return -EACCES;
	return 0;
}

int cgroupfs_show(const char *rel, int flags, FILE *m)
{
	struct cgroup *cgrp;
	const struct cftype *cft = cft_lookup(rel, &cgrp);
	int err;

	if (!cft)
		return cgroup_lookup(rel) ? -EISDIR : -ENOENT;
	if ((err = cft_may_open(cft, flags)))
		return err;
	if (cft->ss == memory_cgrp_id)
		mem_cgroup_show(m, cgrp, cft->name);
	else if (cft->ss == pids_cgrp_id)
		pids_show(m, cgrp, cft->name);
	else if (cft->show && (flags & O_ACCMODE) != O_WRONLY)
		cft->show(m, cgrp);
	return 0;
}

int cgroupfs_list(const char *rel, void (*add)(void *arg, const char *name, bool dir), void *arg)
{
	struct cgroup *cgrp = cgroup_lookup(rel), *c;

	if (!cgrp)
		return -ENOENT;
	for (const struct cftype *cft = cgroup_files; cft->name; cft++)
		if (cft_visible(cft, cgrp))
			add(arg, cft->name, false);
	list_for_each_entry(c, &cgrp->children, sibling)
		add(arg, c->name, true);
	return 0;
}

long cgroupfs_write(const char *rel, const char *buf)
{
	struct cgroup *cgrp;
	const struct cftype *cft = cft_lookup(rel, &cgrp);

	if (!cft)
		return -ENODEV; /* the group was removed since the file was opened */
	if (cft->ss == memory_cgrp_id)
		return mem_cgroup_write(cgrp, cft->name, buf);
	if (cft->ss == pids_cgrp_id)
		return pids_write(cgrp, cft->name, buf);
	return cft->write ? cft->write(cgrp, buf) : -EINVAL;
}
