/* getgroups, setgroups: Linux's kernel/groups.c, on the task's credentials; the
 * groups are the initial user namespace's, seen through the caller's gid_map. */
#include <emu/cred.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/user_namespace.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdlib.h>

SYSCALL_DEFINE2(getgroups, int, size, uint64_t, ulist)
{
	const struct cred *c = &current->cred;

	if (size < 0)
		return -EINVAL;
	if (!size)
		return c->ngroups;
	if (size < c->ngroups)
		return -EINVAL;
	gid_t groups[EMU_NGROUPS_MAX];
	for (int i = 0; i < c->ngroups; i++)
		groups[i] = from_kgid_munged(current_user_ns(), c->groups[i]);
	return copy_to_user(ulist, groups, c->ngroups * sizeof groups[0]) ? -EFAULT : c->ngroups;
}

bool in_group_p(const struct task *t, gid_t gid)
{
	const struct cred *c = &t->cred;

	if (c->fsgid == gid)
		return true;
	for (int i = 0; i < c->ngroups; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}

static int cmp_gid(const void *a, const void *b)
{
	gid_t x = *(const gid_t *)a, y = *(const gid_t *)b;
	return x < y ? -1 : x > y;
}

SYSCALL_DEFINE2(setgroups, int, size, uint64_t, ulist)
{
	struct cred *c = &current->cred;
	gid_t groups[EMU_NGROUPS_MAX];

	/* Linux's may_setgroups: and never where /proc/PID/setgroups said "deny" */
	if (!ns_capable(current_user_ns(), CAP_SETGID) || !userns_may_setgroups(current_user_ns()))
		return -EPERM;
	if (size < 0 || size > 65536)
		return -EINVAL;
	if (size > EMU_NGROUPS_MAX)
		return -ENOMEM; /* emu keeps fewer than Linux's NGROUPS_MAX */
	if (copy_from_user(groups, ulist, size * sizeof groups[0]))
		return -EFAULT;
	for (int i = 0; i < size; i++)
		if ((groups[i] = make_kgid(current_user_ns(), groups[i])) == (gid_t)-1)
			return -EINVAL;
	qsort(groups, size, sizeof groups[0], cmp_gid); /* Linux keeps them sorted */
	for (int i = 0; i < size; i++)
		c->groups[i] = groups[i];
	c->ngroups = size;
	return 0;
}
