/* User namespaces (Linux's kernel/user_namespace.c, security/commoncap.c's
 * cap_capable). A task's ids are kept as the initial namespace sees them (Linux's
 * kuid_t); a namespace's uid_map and gid_map say which of its own ids stand for
 * which of those, and getuid and the like report them through the caller's maps. */
#include <emu/cred.h>
#include <emu/task.h>
#include <emu/user_namespace.h>
#include <errno.h>
#include <linux/capability.h>
#include <linux/sched.h>
#include <stdlib.h>
#include <string.h>

#define USER_NS_MAX_LEVEL 32 /* Linux's nesting limit (EUSERS beyond) */

struct user_namespace init_user_ns = {
	.ns = { .type = CLONE_NEWUSER, .inum = PROC_USER_INIT_INO, .count = 1 },
	.uid_map = { 1, { { 0, 0, 4294967295U } } },
	.gid_map = { 1, { { 0, 0, 4294967295U } } },
	.projid_map = { 1, { { 0, 0, 4294967295U } } },
	.setgroups_allowed = true,
};

void get_user_ns(struct user_namespace *ns)
{
	if (ns)
		ns->ns.count++;
}

void put_user_ns(struct user_namespace *ns)
{
	while (ns && --ns->ns.count == 0 && ns != &init_user_ns) {
		struct user_namespace *parent = ns->parent;
		free(ns);
		ns = parent; /* the child held its parent */
	}
}

struct user_namespace *task_user_ns(const struct task *t)
{
	return t->cred.user_ns ? t->cred.user_ns : &init_user_ns;
}

struct user_namespace *current_user_ns(void)
{
	return task_user_ns(current);
}

/* Linux's map_id_range_down: the initial namespace's id for id..id+count-1 of a
 * map, or -1 when the range is not inside one extent. */
static uint32_t map_id_range_down(const struct uid_gid_map *map, uint32_t id, uint32_t count)
{
	uint32_t last = id + count - 1;

	for (int i = 0; i < map->nr_extents; i++) {
		const struct uid_gid_extent *e = &map->extent[i];
		if (id >= e->first && id <= e->first + e->count - 1 && last >= e->first &&
		    last <= e->first + e->count - 1)
			return id - e->first + e->lower_first;
	}
	return (uint32_t)-1;
}

static uint32_t map_id_up(const struct uid_gid_map *map, uint32_t id)
{
	for (int i = 0; i < map->nr_extents; i++) {
		const struct uid_gid_extent *e = &map->extent[i];
		if (id >= e->lower_first && id <= e->lower_first + e->count - 1)
			return id - e->lower_first + e->first;
	}
	return (uint32_t)-1;
}

uid_t make_kuid(struct user_namespace *ns, uid_t uid)
{
	return map_id_range_down(&ns->uid_map, uid, 1);
}

gid_t make_kgid(struct user_namespace *ns, gid_t gid)
{
	return map_id_range_down(&ns->gid_map, gid, 1);
}

uid_t from_kuid_munged(struct user_namespace *ns, uid_t kuid)
{
	uint32_t id = map_id_up(&ns->uid_map, kuid);
	return id == (uint32_t)-1 ? OVERFLOW_UID : id;
}

gid_t from_kgid_munged(struct user_namespace *ns, gid_t kgid)
{
	uint32_t id = map_id_up(&ns->gid_map, kgid);
	return id == (uint32_t)-1 ? OVERFLOW_UID : id;
}

/* security/commoncap.c's cap_capable */
bool ns_capable_task(const struct task *t, struct user_namespace *ns, int cap)
{
	const struct cred *c = &t->cred;
	struct user_namespace *own = task_user_ns(t);

	for (;;) {
		if (ns == own)
			return c->cap_effective & (1ULL << cap);
		if (ns->level <= own->level)
			return false;
		/* the owner of a child of its namespace has every capability in it */
		if (ns->parent == own && ns->owner == c->euid)
			return true;
		ns = ns->parent;
	}
}

bool ns_capable(struct user_namespace *ns, int cap)
{
	return ns_capable_task(current, ns, cap);
}

/* Linux's create_user_ns and set_cred_user_ns: the creator's euid and egid must be
 * mapped where it stands; its credentials get every capability, in the new one. */
int create_user_ns(struct cred *new)
{
	struct user_namespace *parent = new->user_ns ? new->user_ns : &init_user_ns, *ns;

	if (parent->level >= USER_NS_MAX_LEVEL)
		return -EUSERS;
	if (map_id_up(&parent->uid_map, new->euid) == (uint32_t)-1 ||
	    map_id_up(&parent->gid_map, new->egid) == (uint32_t)-1)
		return -EPERM;
	if (!(ns = calloc(1, sizeof *ns)))
		return -ENOMEM;
	ns->ns.type = CLONE_NEWUSER;
	ns->ns.inum = proc_alloc_inum();
	ns->ns.count = 1;
	ns->ns.user_ns = parent;
	ns->parent = parent; /* the reference new held passes to ns */
	ns->level = parent->level + 1;
	ns->owner = new->euid;
	ns->group = new->egid;
	ns->setgroups_allowed = parent->setgroups_allowed;
	new->user_ns = ns;
	new->cap_inheritable = new->cap_ambient = 0;
	new->cap_permitted = new->cap_effective = new->cap_bset = CAP_FULL_SET;
	new->securebits = 0;
	new->keep_caps = false;
	return 0;
}

bool userns_may_setgroups(const struct user_namespace *ns)
{
	return ns->gid_map.nr_extents && ns->setgroups_allowed;
}

const struct uid_gid_map *user_ns_map(const struct user_namespace *ns, int which)
{
	return which == 0 ? &ns->uid_map : which == 1 ? &ns->gid_map : &ns->projid_map;
}

uint32_t user_ns_map_id_up(const struct uid_gid_map *map, uint32_t id)
{
	return map_id_up(map, id);
}

uint32_t user_ns_map_id_range_down(const struct uid_gid_map *map, uint32_t id, uint32_t count)
{
	return map_id_range_down(map, id, count);
}
