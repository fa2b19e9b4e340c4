/* What every System V IPC object shares (Linux's ipc/util.c): permission checks on
 * its ipc_perm, IPC_SET's update of it, and the times it keeps. */
#include <emu/cred.h>
#include <emu/ipc.h>
#include <emu/task.h>
#include <emu/timekeeping.h>
#include <emu/user_namespace.h>
#include <errno.h>
#include <linux/capability.h>
#include <sys/ipc.h>

bool ipcperms(const struct ipc_perm *p, int want)
{
	const struct cred *c = &current->cred;
	int granted = p->mode;

	if (c->euid == p->cuid || c->euid == p->uid)
		granted >>= 6;
	else if (c->egid == p->cgid || c->egid == p->gid)
		granted >>= 3;
	return (want & ~granted & 07) == 0 || ipc_capable(CAP_IPC_OWNER);
}

long ipc_update_perm(struct ipc_perm *perm, const struct ipc_perm *in)
{
	const struct cred *c = &current->cred;

	if (c->euid != perm->uid && c->euid != perm->cuid && !ipc_capable(CAP_SYS_ADMIN))
		return -EPERM;
	perm->uid = in->uid;
	perm->gid = in->gid;
	perm->mode = (perm->mode & ~0777) | (in->mode & 0777);
	return 0;
}

bool ipc_capable(int cap)
{
	return ns_capable(current_ipc_ns()->ns.user_ns, cap);
}

time_t ipc_now(void)
{
	return (time_t)(ktime_get_real_ns() / 1000000000);
}
