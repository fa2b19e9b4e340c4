/* Namespaces (Linux's include/linux/nsproxy.h, ns_common.h, proc_ns.h): a task
 * sees the machine's name, System V IPC objects, mounts, network, cgroup root and
 * monotonic clocks through the namespaces its nsproxy names; its user namespace
 * hangs off its credentials. Each namespace is refcounted; an nsproxy is shared by
 * tasks until one of them unshares or enters another namespace (kernel/nsproxy.c).
 * PID namespaces are not here (task_pid_ns_inum names the only one). */
#ifndef EMU_NSPROXY_H
#define EMU_NSPROXY_H
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Linux's fixed inode numbers of the initial namespaces (include/linux/proc_ns.h) */
enum {
	PROC_MNT_INIT_INO = 0xEFFFFFF8U,
	PROC_NET_INIT_INO = 0xEFFFFFF9U,
	PROC_TIME_INIT_INO = 0xEFFFFFFAU,
	PROC_CGROUP_INIT_INO = 0xEFFFFFFBU,
	PROC_PID_INIT_INO = 0xEFFFFFFCU,
	PROC_USER_INIT_INO = 0xEFFFFFFDU,
	PROC_UTS_INIT_INO = 0xEFFFFFFEU,
	PROC_IPC_INIT_INO = 0xEFFFFFFFU,
};

struct user_namespace;
struct task;

/* What every namespace starts with: its kind (a CLONE_NEW* flag), its inode number
 * in nsfs, its reference count and the user namespace that owns it. */
struct ns_common {
	int type;
	unsigned inum;
	int count;
	struct user_namespace *user_ns; /* the owner (NULL for the initial user ns itself) */
};

struct nsproxy {
	int count;
	struct uts_namespace *uts_ns;
	struct ipc_namespace *ipc_ns;
	struct mnt_namespace *mnt_ns;
	struct net *net_ns;
	struct cgroup_namespace *cgroup_ns;
	struct time_namespace *time_ns;
	struct time_namespace *time_ns_for_children;
};

extern struct nsproxy init_nsproxy;

/* A fresh inode number for a new namespace, from Linux's dynamic range (never
 * reused in a run, so runs number alike). */
unsigned proc_alloc_inum(void);
/* Fills ns as a new namespace of type owned by user_ns (a reference is taken). */
void ns_init(struct ns_common *ns, int type, struct user_namespace *user_ns);
/* Drops a reference to a namespace of any kind (kernel/fs/proc_ns.c). */
void put_ns_common(struct ns_common *ns);
/* Drops a reference to ns_common's owner at its namespace's end. */
void ns_free(struct ns_common *ns);

/* fork: p shares current's nsproxy, or gets one with new namespaces of the
 * CLONE_NEW* kinds in flags, owned by p's user namespace. 0 or -errno (EPERM without
 * CAP_SYS_ADMIN there). */
int copy_namespaces(uint64_t flags, struct task *p);
/* t leaves its namespaces (exit). */
void exit_task_namespaces(struct task *t);
/* unshare: a new nsproxy for current's CLONE_NEW* kinds in flags (with new_user as
 * the owner), in *new, or NULL when flags asks for none. 0 or -errno. */
int unshare_nsproxy_namespaces(uint64_t flags, struct nsproxy **new,
			       struct user_namespace *new_user);
/* t's nsproxy becomes new (the reference passes to t). */
void switch_task_namespaces(struct task *t, struct nsproxy *new);
void get_nsproxy(struct nsproxy *ns);
void put_nsproxy(struct nsproxy *ns);
/* exec: the time namespace for children becomes the task's own (Linux's
 * exec_task_namespaces / timens_on_fork for exec). */
void exec_task_namespaces(void);

/* The nsproxy a task sees through (init's before the first task exists). */
struct nsproxy *task_nsproxy(const struct task *t);
/* The pid namespace of t and of its future children: the initial one (PID
 * namespaces are another branch's; this is where they plug in). */
unsigned task_pid_ns_inum(const struct task *t);
unsigned task_pid_ns_for_children_inum(const struct task *t);

#endif
