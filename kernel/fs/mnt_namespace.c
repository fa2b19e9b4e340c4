/* Mount namespaces: the object and its number only (Linux's fs/namespace.c's
 * alloc_mnt_ns). The mount table is another branch's kernel/fs/namespace.c, whose
 * copy_mnt_ns takes this one's place at the merge. */
#include <emu/namespaces.h>
#include <emu/user_namespace.h>
#include <errno.h>
#include <linux/sched.h>
#include <stdlib.h>

struct mnt_namespace init_mnt_ns = {
	.ns = { .type = CLONE_NEWNS, .inum = PROC_MNT_INIT_INO, .count = 1,
		.user_ns = &init_user_ns },
};

void get_mnt_ns(struct mnt_namespace *ns)
{
	ns->ns.count++;
}

void put_mnt_ns(struct mnt_namespace *ns)
{
	if (!ns || --ns->ns.count > 0 || ns == &init_mnt_ns)
		return;
	ns_free(&ns->ns);
	free(ns);
}

int copy_mnt_ns(uint64_t flags, struct mnt_namespace *old,
		   struct user_namespace *user_ns, struct mnt_namespace **new)
{
	if (!(flags & CLONE_NEWNS)) {
		get_mnt_ns(old);
		*new = old;
		return 0;
	}
	if (!(*new = calloc(1, sizeof **new)))
		return -ENOMEM;
	ns_init(&(*new)->ns, CLONE_NEWNS, user_ns);
	return 0;
}
