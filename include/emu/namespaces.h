/* Every kind of namespace an nsproxy holds, with its copy_ and put_ functions
 * (Linux's copy_utsname, copy_ipcs, copy_mnt_ns, copy_net_ns, copy_cgroup_ns,
 * copy_time_ns): each copy_ gives old with a reference taken, or a new namespace
 * owned by user_ns when flags has the kind's CLONE_NEW* bit; 0 or -errno. */
#ifndef EMU_NAMESPACES_H
#define EMU_NAMESPACES_H
#include <emu/ipc.h>
#include <emu/net_namespace.h>
#include <emu/nsproxy.h>
#include <emu/time_namespace.h>
#include <emu/utsname.h>

/* A mount namespace: its identity only; the mount table is kernel/fs/namespace.c's
 * (another branch), which joins it here. */
struct mnt_namespace {
	struct ns_common ns;
};
extern struct mnt_namespace init_mnt_ns;
int copy_mnt_ns(uint64_t flags, struct mnt_namespace *old, struct user_namespace *user_ns,
		struct mnt_namespace **new);
void get_mnt_ns(struct mnt_namespace *ns);
void put_mnt_ns(struct mnt_namespace *ns);

/* A cgroup namespace: /proc/PID/cgroup paths are shown relative to its root, the
 * group its creator was in (Linux's root_cset); NULL: the hierarchy's root. */
struct cgroup;
struct cgroup_namespace {
	struct ns_common ns;
	struct cgroup *root;
};
extern struct cgroup_namespace init_cgroup_ns;
int copy_cgroup_ns(uint64_t flags, struct cgroup_namespace *old,
		   struct user_namespace *user_ns, struct cgroup_namespace **new);
void get_cgroup_ns(struct cgroup_namespace *ns);
void put_cgroup_ns(struct cgroup_namespace *ns);

#endif
