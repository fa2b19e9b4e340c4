/* Namespaces of a task (Linux's kernel/nsproxy.c): copy_namespaces at fork,
 * unshare's new set, switching sets, setns(2) on a namespace file or a pidfd. Each
 * kind lives in its own file: kernel/utsname.c, kernel/ipc/namespace.c,
 * kernel/fs/mnt_namespace.c, kernel/net/net_namespace.c, kernel/cgroup_namespace.c,
 * kernel/time_namespace.c, kernel/user_namespace.c. */
#include <emu/fs.h>
#include <emu/namespaces.h>
#include <emu/nsproxy.h>
#include <emu/pidfd.h>
#include <emu/proc_fs.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <emu/user_namespace.h>
#include <errno.h>
#include <linux/capability.h>
#include <linux/sched.h>
#include <stdlib.h>

struct nsproxy init_nsproxy = {
	.count = 1,
	.uts_ns = &init_uts_ns,
	.ipc_ns = &init_ipc_ns,
	.mnt_ns = &init_mnt_ns,
	.net_ns = &init_net,
	.cgroup_ns = &init_cgroup_ns,
	.time_ns = &init_time_ns,
	.time_ns_for_children = &init_time_ns,
};

static unsigned next_inum = 0xF0000000U; /* Linux's PROC_DYNAMIC_FIRST */

unsigned proc_alloc_inum(void)
{
	return next_inum++;
}

void ns_init(struct ns_common *ns, int type, struct user_namespace *user_ns)
{
	ns->type = type;
	ns->inum = proc_alloc_inum();
	ns->count = 1;
	ns->user_ns = user_ns;
	get_user_ns(user_ns);
}

void ns_free(struct ns_common *ns)
{
	put_user_ns(ns->user_ns);
}

struct nsproxy *task_nsproxy(const struct task *t)
{
	return t && t->nsproxy ? t->nsproxy : &init_nsproxy;
}

unsigned task_pid_ns_inum(const struct task *t)
{
	return PROC_PID_INIT_INO;
}

unsigned task_pid_ns_for_children_inum(const struct task *t)
{
	return PROC_PID_INIT_INO;
}

void get_nsproxy(struct nsproxy *ns)
{
	ns->count++;
}

void put_nsproxy(struct nsproxy *ns)
{
	if (!ns || --ns->count > 0)
		return;
	put_uts_ns(ns->uts_ns);
	put_ipc_ns(ns->ipc_ns);
	put_mnt_ns(ns->mnt_ns);
	put_net(ns->net_ns);
	put_cgroup_ns(ns->cgroup_ns);
	put_time_ns(ns->time_ns);
	put_time_ns(ns->time_ns_for_children);
	free(ns);
}

/* A new nsproxy sharing old's namespaces except the kinds in flags, which are new
 * and owned by user_ns; failures unwind in reverse, one label per kind. */
static struct nsproxy *create_new_namespaces(uint64_t flags, const struct nsproxy *old,
					     struct user_namespace *user_ns, int *err)
{
	struct nsproxy *new = calloc(1, sizeof *new);

	*err = -ENOMEM;
	if (!new)
		return NULL;
	new->count = 1;
	if ((*err = copy_mnt_ns(flags, old->mnt_ns, user_ns, &new->mnt_ns)))
		goto out_ns;
	if ((*err = copy_utsname(flags, old->uts_ns, user_ns, &new->uts_ns)))
		goto out_uts;
	if ((*err = copy_ipcs(flags, old->ipc_ns, user_ns, &new->ipc_ns)))
		goto out_ipc;
	if ((*err = copy_cgroup_ns(flags, old->cgroup_ns, user_ns, &new->cgroup_ns)))
		goto out_cgroup;
	if ((*err = copy_net_ns(flags, old->net_ns, user_ns, &new->net_ns)))
		goto out_net;
	if ((*err = copy_time_ns(flags, old->time_ns_for_children, user_ns,
				 &new->time_ns_for_children)))
		goto out_time;
	new->time_ns = old->time_ns;
	get_time_ns(new->time_ns);
	return new;

out_time:
	put_net(new->net_ns);
out_net:
	put_cgroup_ns(new->cgroup_ns);
out_cgroup:
	put_ipc_ns(new->ipc_ns);
out_ipc:
	put_uts_ns(new->uts_ns);
out_uts:
	put_mnt_ns(new->mnt_ns);
out_ns:
	free(new);
	return NULL;
}

#define CLONE_NEW_NSPROXY (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET | \
			   CLONE_NEWCGROUP | CLONE_NEWTIME)

/* The kernel trace's line for a new set: which kinds are new. */
static void trace_new_namespaces(const char *who, uint64_t flags)
{
	trace_kernel(TRACE_PROC, "%s: new namespaces:%s%s%s%s%s%s", who,
		     (flags & CLONE_NEWNS) ? " mnt" : "", (flags & CLONE_NEWUTS) ? " uts" : "",
		     (flags & CLONE_NEWIPC) ? " ipc" : "", (flags & CLONE_NEWNET) ? " net" : "",
		     (flags & CLONE_NEWCGROUP) ? " cgroup" : "",
		     (flags & CLONE_NEWTIME) ? " time (for children)" : "");
}

int copy_namespaces(uint64_t flags, struct task *p)
{
	struct nsproxy *old = task_nsproxy(current), *new;
	struct user_namespace *user_ns = p->cred.user_ns;
	int err;

	if (!(flags & CLONE_NEW_NSPROXY)) {
		/* a thread, or no time namespace waiting for children: share */
		if ((flags & CLONE_VM) || old->time_ns_for_children == old->time_ns) {
			get_nsproxy(old);
			p->nsproxy = old;
			return 0;
		}
	} else if (!ns_capable_task(p, user_ns, CAP_SYS_ADMIN)) {
		return -EPERM;
	}
	/* CLONE_SYSVSEM shares the undo list, whose arrays a new ipc ns cannot see */
	if ((flags & (CLONE_NEWIPC | CLONE_SYSVSEM)) == (CLONE_NEWIPC | CLONE_SYSVSEM))
		return -EINVAL;
	if (!(new = create_new_namespaces(flags, old, user_ns, &err)))
		return err;
	if (flags & CLONE_NEW_NSPROXY)
		trace_new_namespaces("copy_namespaces", flags);
	if (!(flags & CLONE_VM)) /* a new process enters time_for_children */
		timens_on_fork(new);
	p->nsproxy = new;
	return 0;
}

void switch_task_namespaces(struct task *t, struct nsproxy *new)
{
	struct nsproxy *old = t->nsproxy;

	t->nsproxy = new;
	put_nsproxy(old);
}

void exit_task_namespaces(struct task *t)
{
	switch_task_namespaces(t, NULL);
}

int unshare_nsproxy_namespaces(uint64_t flags, struct nsproxy **new,
			       struct user_namespace *new_user)
{
	struct user_namespace *user_ns = new_user ? new_user : current->cred.user_ns;
	int err;

	*new = NULL;
	if (!(flags & CLONE_NEW_NSPROXY))
		return 0;
	if (!ns_capable_task(current, user_ns, CAP_SYS_ADMIN))
		return -EPERM;
	*new = create_new_namespaces(flags, task_nsproxy(current), user_ns, &err);
	if (*new)
		trace_new_namespaces("unshare", flags);
	return *new ? 0 : err;
}

void exec_task_namespaces(void)
{
	struct nsproxy *old = task_nsproxy(current), *new;
	int err;

	if (old->time_ns == old->time_ns_for_children)
		return;
	if (!(new = create_new_namespaces(0, old, current->cred.user_ns, &err)))
		return; /* Linux's exec fails here; emu keeps the old clocks */
	timens_on_fork(new);
	switch_task_namespaces(current, new);
}

/* ---- setns(2) ---- */

#define CLONE_NEW_SETNS (CLONE_NEW_NSPROXY | CLONE_NEWUSER | CLONE_NEWPID)

/* Linux's userns_install: full capabilities in a user namespace current enters,
 * which must not be its own; a process alone, with its fs its own. */
static int userns_install(struct cred *cred, struct user_namespace *ns)
{
	if (ns == current_user_ns())
		return -EINVAL;
	if (!list_empty(&current->thread_group) || current->fs->refcount != 1)
		return -EINVAL;
	if (!ns_capable(ns, CAP_SYS_ADMIN))
		return -EPERM;
	get_user_ns(ns);
	put_user_ns(cred->user_ns);
	cred->user_ns = ns;
	cred->cap_inheritable = cred->cap_ambient = 0;
	cred->cap_permitted = cred->cap_effective = cred->cap_bset = CAP_FULL_SET;
	return 0;
}

/* CAP_SYS_ADMIN over the namespace entered and in the caller's (new) user namespace:
 * what each kind's install asks (mnt also CAP_SYS_CHROOT). */
static bool may_install(const struct ns_common *ns, const struct cred *cred)
{
	return ns_capable(ns->user_ns, CAP_SYS_ADMIN) &&
	       ns_capable_task(current, cred->user_ns, CAP_SYS_ADMIN);
}

/* Swaps slot (a namespace pointer in nsp) for ns; the old one's reference goes. */
static void install_ns(struct ns_common **slot, struct ns_common *ns)
{
	ns->count++;
	put_ns_common(*slot);
	*slot = ns;
}

/* One namespace into nsp (a copy of current's) or cred: the kind's install. */
static int install(struct nsproxy *nsp, struct cred *cred, struct ns_common *ns)
{
	if (ns->type == CLONE_NEWUSER)
		return userns_install(cred, (struct user_namespace *)ns);
	if (!may_install(ns, cred))
		return -EPERM;
	switch (ns->type) {
	case CLONE_NEWNS:
		if (!ns_capable_task(current, cred->user_ns, CAP_SYS_CHROOT))
			return -EPERM;
		if (current->fs->refcount != 1)
			return -EINVAL;
		install_ns((struct ns_common **)&nsp->mnt_ns, ns);
		return 0;
	case CLONE_NEWUTS: install_ns((struct ns_common **)&nsp->uts_ns, ns); return 0;
	case CLONE_NEWIPC: install_ns((struct ns_common **)&nsp->ipc_ns, ns); return 0;
	case CLONE_NEWNET: install_ns((struct ns_common **)&nsp->net_ns, ns); return 0;
	case CLONE_NEWCGROUP: install_ns((struct ns_common **)&nsp->cgroup_ns, ns); return 0;
	case CLONE_NEWTIME:
		if (!list_empty(&current->thread_group))
			return -EUSERS;
		install_ns((struct ns_common **)&nsp->time_ns, ns);
		install_ns((struct ns_common **)&nsp->time_ns_for_children, ns);
		((struct time_namespace *)ns)->frozen_offsets = true;
		return 0;
	default: /* CLONE_NEWPID: the only one there is, entered already */
		return 0;
	}
}

/* setns on a pidfd: each kind in flags of the process, user first (Linux's
 * validate_nsset); a kind already shared is left alone. */
static int install_from_task(struct nsproxy *nsp, struct cred *cred, struct task *t,
			     uint64_t flags)
{
	static const char *const order[] = { "user", "mnt", "uts", "ipc", "cgroup", "net", "pid", "time" };
	static const uint64_t kinds[] = { CLONE_NEWUSER, CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC,
					  CLONE_NEWCGROUP, CLONE_NEWNET, CLONE_NEWPID, CLONE_NEWTIME };
	int err;

	for (int i = 0; i < 8; i++) {
		if (!(flags & kinds[i]))
			continue;
		struct ns_common *ns = proc_ns_of_task(t, order[i]);
		if (!ns)
			return -ESRCH;
		if (kinds[i] == CLONE_NEWUSER && ns == &current_user_ns()->ns)
			continue;
		if ((err = install(nsp, cred, ns)))
			return err;
	}
	return 0;
}

SYSCALL_DEFINE2(setns, int, fd, int, flags)
{
	struct file *f = fdget(fd);
	struct ns_common *ns;
	struct task *t = NULL;
	struct nsproxy *nsp;
	struct cred cred;
	int err;

	if (!f)
		return -EBADF;
	if ((ns = proc_ns_file_ns(f))) {
		if (flags && ns->type != flags)
			return -EINVAL;
	} else if (pidfd_pid(fd) > 0) {
		if (!flags || (flags & ~(uint64_t)CLONE_NEW_SETNS))
			return -EINVAL;
		if (!(t = find_task(pidfd_pid(fd))) || t->state == TASK_DEAD || !t->nsproxy)
			return -ESRCH;
	} else {
		return -EINVAL;
	}
	if (!(nsp = create_new_namespaces(0, task_nsproxy(current), current_user_ns(), &err)))
		return err;
	cred = current->cred;
	get_user_ns(cred.user_ns);
	err = t ? install_from_task(nsp, &cred, t, (uint64_t)flags) : install(nsp, &cred, ns);
	if (err) {
		put_user_ns(cred.user_ns);
		put_nsproxy(nsp);
		return err;
	}
	struct user_namespace *old_user = current->cred.user_ns;
	current->cred = cred;
	put_user_ns(old_user);
	switch_task_namespaces(current, nsp);
	return 0;
}
