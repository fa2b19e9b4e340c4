/* User namespaces (Linux's include/linux/user_namespace.h, kernel/user_namespace.c):
 * the ids a task holds are the initial namespace's; a namespace maps ranges of its
 * own ids onto its parent's (uid_map, gid_map), and a task has all capabilities in a
 * namespace its user created, and in that namespace's descendants. */
#ifndef EMU_USER_NAMESPACE_H
#define EMU_USER_NAMESPACE_H
#include <emu/nsproxy.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define UID_GID_MAP_MAX_EXTENTS 340
#define OVERFLOW_UID 65534

struct uid_gid_extent {
	uint32_t first, lower_first, count;
};

struct uid_gid_map {
	int nr_extents;
	struct uid_gid_extent extent[UID_GID_MAP_MAX_EXTENTS];
};

struct user_namespace {
	struct ns_common ns;
	struct uid_gid_map uid_map, gid_map, projid_map;
	struct user_namespace *parent;
	int level;
	uid_t owner;               /* the creator's euid, in the initial namespace */
	gid_t group;
	bool setgroups_allowed;    /* /proc/PID/setgroups: "allow" until denied */
};

extern struct user_namespace init_user_ns;

void get_user_ns(struct user_namespace *ns);
void put_user_ns(struct user_namespace *ns);
/* A new user namespace, child of current's, for the creator's credentials; the
 * creator's capabilities become the full set, valid in it. 0 or -errno. */
struct cred;
int create_user_ns(struct cred *new);
/* Whether t has cap in ns: its own set if ns is its namespace, all of them if ns
 * is owned by t's euid and t is in ns's parent (or an ancestor does so). */
bool ns_capable_task(const struct task *t, struct user_namespace *ns, int cap);
bool ns_capable(struct user_namespace *ns, int cap); /* current's */
/* setgroups(2) in ns: its gid_map is written and its setgroups file says "allow". */
bool userns_may_setgroups(const struct user_namespace *ns);
/* An id of the initial namespace as seen from ns: mapped down, or 65534. */
uid_t from_kuid_munged(struct user_namespace *ns, uid_t kuid);
gid_t from_kgid_munged(struct user_namespace *ns, gid_t kgid);
/* An id of ns into the initial namespace, or (uid_t)-1 when unmapped. */
uid_t make_kuid(struct user_namespace *ns, uid_t uid);
gid_t make_kgid(struct user_namespace *ns, gid_t gid);
/* /proc/PID/{uid_map,gid_map,setgroups}: text and writes (proc_ns.c's rows) */
void show_uid_map(FILE *m, struct task *t);
void show_gid_map(FILE *m, struct task *t);
void show_projid_map(FILE *m, struct task *t);
void show_setgroups(FILE *m, struct task *t);
long write_uid_map(struct task *t, const char *text);
long write_gid_map(struct task *t, const char *text);
long write_projid_map(struct task *t, const char *text);
long write_setgroups(struct task *t, const char *text);
/* The ids maps (which: 0 uid, 1 gid, 2 projid) and their lookups, for
 * kernel/fs/proc_uid_map.c: an id up from the initial namespace, a range down to it;
 * (uint32_t)-1 when unmapped. */
const struct uid_gid_map *user_ns_map(const struct user_namespace *ns, int which);
uint32_t user_ns_map_id_up(const struct uid_gid_map *map, uint32_t id);
uint32_t user_ns_map_id_range_down(const struct uid_gid_map *map, uint32_t id, uint32_t count);
struct user_namespace *task_user_ns(const struct task *t);
struct user_namespace *current_user_ns(void);

#endif
