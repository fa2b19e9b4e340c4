/* Cgroup namespaces (Linux's kernel/cgroup/namespace.c): a root group, the one its
 * creator was in, that /proc/PID/cgroup paths are relative to. */
#include <emu/cgroup.h>
#include <emu/namespaces.h>
#include <emu/task.h>
#include <emu/user_namespace.h>
#include <errno.h>
#include <linux/sched.h>
#include <stdlib.h>

struct cgroup_namespace init_cgroup_ns = {
	.ns = { .type = CLONE_NEWCGROUP, .inum = PROC_CGROUP_INIT_INO, .count = 1,
		.user_ns = &init_user_ns },
};

void get_cgroup_ns(struct cgroup_namespace *ns)
{
	ns->ns.count++;
}

void put_cgroup_ns(struct cgroup_namespace *ns)
{
	if (!ns || --ns->ns.count > 0 || ns == &init_cgroup_ns)
		return;
	if (ns->root)
		ns->root->nr_ns_roots--;
	ns_free(&ns->ns);
	free(ns);
}

int copy_cgroup_ns(uint64_t flags, struct cgroup_namespace *old,
		   struct user_namespace *user_ns, struct cgroup_namespace **new)
{
	if (!(flags & CLONE_NEWCGROUP)) {
		get_cgroup_ns(old);
		*new = old;
		return 0;
	}
	if (!(*new = calloc(1, sizeof **new)))
		return -ENOMEM;
	ns_init(&(*new)->ns, CLONE_NEWCGROUP, user_ns);
	(*new)->root = current ? current->cgroups : NULL;
	if ((*new)->root)
		(*new)->root->nr_ns_roots++;
	return 0;
}
