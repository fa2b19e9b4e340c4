/* /proc/PID/uid_map, gid_map, projid_map and setgroups (Linux's
 * kernel/user_namespace.c: uid_m_show, map_write, new_idmap_permitted,
 * proc_setgroups_write). A map is written once, in one write of up to 340 lines
 * "first lower count"; lower ids are the parent namespace's. */
#include <emu/task.h>
#include <emu/user_namespace.h>
#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { UID_MAP, GID_MAP, PROJID_MAP };

/* Linux's uid_m_show: lower ids as the reader sees them (its namespace's parent's
 * when it reads its own namespace's map). */
static void show_map(FILE *m, struct task *t, int which)
{
	struct user_namespace *ns = task_user_ns(t), *lower_ns = current_user_ns();
	const struct uid_gid_map *map = user_ns_map(ns, which);

	if (lower_ns == ns && lower_ns->parent)
		lower_ns = lower_ns->parent;
	for (int i = 0; i < map->nr_extents; i++) {
		const struct uid_gid_extent *e = &map->extent[i];
		uint32_t lower = user_ns_map_id_up(user_ns_map(lower_ns, which), e->lower_first);
		if (lower == (uint32_t)-1)
			continue; /* not visible from the reader's namespace */
		fprintf(m, "%10u %10u %10u\n", e->first, lower, e->count);
	}
}

void show_uid_map(FILE *m, struct task *t) { show_map(m, t, UID_MAP); }
void show_gid_map(FILE *m, struct task *t) { show_map(m, t, GID_MAP); }
void show_projid_map(FILE *m, struct task *t) { show_map(m, t, PROJID_MAP); }

void show_setgroups(FILE *m, struct task *t)
{
	fputs(task_user_ns(t)->setgroups_allowed ? "allow\n" : "deny\n", m);
}

static bool overlaps(const struct uid_gid_map *map, const struct uid_gid_extent *e)
{
	for (int i = 0; i < map->nr_extents; i++) {
		const struct uid_gid_extent *o = &map->extent[i];
		if ((e->first <= o->first + o->count - 1 && o->first <= e->first + e->count - 1) ||
		    (e->lower_first <= o->lower_first + o->count - 1 &&
		     o->lower_first <= e->lower_first + e->count - 1))
			return true;
	}
	return false;
}

/* The lines of text into map: 0 or -EINVAL (bad numbers, empty, overlap, wrap). */
static int parse_map(const char *text, struct uid_gid_map *map)
{
	const char *pos = text;

	map->nr_extents = 0;
	while (*pos) {
		struct uid_gid_extent e;
		char *end;
		if (map->nr_extents >= UID_GID_MAP_MAX_EXTENTS)
			return -EINVAL;
		unsigned long v[3];
		for (int i = 0; i < 3; i++) {
			while (*pos == ' ' || *pos == '\t')
				pos++;
			v[i] = strtoul(pos, &end, 10);
			if (end == pos || v[i] > UINT32_MAX)
				return -EINVAL;
			pos = end;
		}
		while (*pos == ' ' || *pos == '\t')
			pos++;
		if (*pos && *pos != '\n')
			return -EINVAL;
		pos += *pos == '\n';
		e = (struct uid_gid_extent){ (uint32_t)v[0], (uint32_t)v[1], (uint32_t)v[2] };
		if (!e.count || (uint64_t)e.first + e.count - 1 >= UINT32_MAX ||
		    (uint64_t)e.lower_first + e.count - 1 >= UINT32_MAX || overlaps(map, &e))
			return -EINVAL;
		map->extent[map->nr_extents++] = e;
	}
	return map->nr_extents ? 0 : -EINVAL;
}

/* Linux's new_idmap_permitted: the owner's one id, or the capability over the
 * parent namespace. */
static bool new_idmap_permitted(struct user_namespace *ns, int cap_setid,
				const struct uid_gid_map *map)
{
	const struct cred *c = &current->cred;

	if (map->nr_extents == 1 && map->extent[0].count == 1 && ns->owner == c->euid) {
		uint32_t id = map->extent[0].lower_first;
		if (cap_setid == CAP_SETUID && make_kuid(ns->parent, id) == c->euid)
			return true;
		if (cap_setid == CAP_SETGID && !ns->setgroups_allowed &&
		    make_kgid(ns->parent, id) == c->egid)
			return true;
	}
	return cap_setid < 0 || ns_capable(ns->parent, cap_setid);
}

/* Linux's proc_uid_map_write and map_write. */
static long write_map(struct task *t, const char *text, int which, int cap_setid)
{
	struct user_namespace *ns = task_user_ns(t), *seq_ns = current_user_ns();
	struct uid_gid_map *map = (struct uid_gid_map *)user_ns_map(ns, which), new;
	int err;

	if (!ns->parent || (seq_ns != ns && seq_ns != ns->parent))
		return -EPERM;
	if (map->nr_extents)
		return -EPERM; /* once only */
	if (cap_setid >= 0 && !ns_capable(ns, CAP_SYS_ADMIN))
		return -EPERM;
	if ((err = parse_map(text, &new)))
		return err;
	if (!new_idmap_permitted(ns, cap_setid, &new))
		return -EPERM;
	for (int i = 0; i < new.nr_extents; i++) { /* lower ids: the parent's, made initial */
		struct uid_gid_extent *e = &new.extent[i];
		uint32_t k = user_ns_map_id_range_down(user_ns_map(ns->parent, which),
						       e->lower_first, e->count);
		if (k == (uint32_t)-1)
			return -EPERM;
		e->lower_first = k;
	}
	*map = new;
	return 0;
}

long write_uid_map(struct task *t, const char *text) { return write_map(t, text, UID_MAP, CAP_SETUID); }
long write_gid_map(struct task *t, const char *text) { return write_map(t, text, GID_MAP, CAP_SETGID); }
long write_projid_map(struct task *t, const char *text) { return write_map(t, text, PROJID_MAP, -1); }

/* "allow" or "deny"; deny is for good, and only before gid_map is written. */
long write_setgroups(struct task *t, const char *text)
{
	struct user_namespace *ns = task_user_ns(t);
	size_t n = strcspn(text, " \t\n");
	bool allow;

	if (n == 5 && !strncmp(text, "allow", 5))
		allow = true;
	else if (n == 4 && !strncmp(text, "deny", 4))
		allow = false;
	else
		return -EINVAL;
	if (!ns_capable(ns, CAP_SYS_ADMIN))
		return -EPERM;
	if (allow)
		return ns->setgroups_allowed ? 0 : -EPERM;
	if (ns->gid_map.nr_extents)
		return -EPERM;
	ns->setgroups_allowed = false;
	return 0;
}
