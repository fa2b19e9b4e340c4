/* Credentials: user and group ids, supplementary groups, capabilities (Linux's
 * struct cred, kernel/cred.c, kernel/capability.c, kernel/groups.c). The first task
 * takes emu's own; the guest may change its copy as Linux allows, and emu answers
 * permission checks (kill, setpriority, ...) from it. Host files are still opened
 * with emu's own host identity. */
#ifndef EMU_CRED_H
#define EMU_CRED_H
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#define EMU_NGROUPS_MAX 256 /* supplementary groups a task may hold (Linux: 65536) */
#define CAP_LAST_CAP 40     /* CAP_CHECKPOINT_RESTORE, Linux 5.9 */
#define CAP_FULL_SET ((1ULL << (CAP_LAST_CAP + 1)) - 1)

struct cred {
	uid_t uid, euid, suid, fsuid;
	gid_t gid, egid, sgid, fsgid;
	int ngroups;
	gid_t groups[EMU_NGROUPS_MAX];
	uint64_t cap_inheritable, cap_permitted, cap_effective, cap_bset, cap_ambient;
	bool keep_caps;          /* PR_SET_KEEPCAPS */
	unsigned securebits;     /* PR_SET_SECUREBITS: kept, not acted on */
	struct user_namespace *user_ns; /* held: where the capabilities count */
};

struct task;
struct user_namespace;
void cred_init(struct cred *c);             /* emu's own host identity */
/* cap in t's effective set, over the initial user namespace (ns_capable_task for
 * another, emu/user_namespace.h) */
bool capable(const struct task *t, int cap);
bool in_group_p(const struct task *t, gid_t gid); /* t's fsgid or a supplementary group */
/* May t send a signal to target? Linux's kill_ok_by_cred. */
bool kill_ok_by_cred(const struct task *t, const struct task *target);

#endif
