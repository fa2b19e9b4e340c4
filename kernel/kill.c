/* Sending signals: kill (a process, its group, everyone), tkill and tgkill (one
 * thread), rt_sigqueueinfo and rt_tgsigqueueinfo (with the sender's siginfo), as
 * Linux's kernel/signal.c. Permission checks are left out: every task is ours.
 * Pids given are the caller's namespace's (kernel/pid.c translates). */
#include <emu/mm.h>
#include <emu/pidfd.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <linux/capability.h>
#include <string.h>
#include <unistd.h>

static bool valid_signal(int sig)
{
	return sig >= 0 && sig <= NSIG_EMU;
}

/* A living thread of process tgid: the leader, or another if the leader is a
 * zombie waiting for its group. */
static struct task *find_process(int tgid)
{
	struct task *any = NULL;

	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		if (t->tgid != tgid || t->reaped)
			continue;
		if (t->state != TASK_DEAD)
			return t;
		if (t->pid == tgid)
			any = t; /* a zombie: signals to it are accepted and dropped */
	}
	return any;
}

static int group_send_sig_info(int sig, siginfo_t *info, struct task *p)
{
	if (!sig || p->state == TASK_DEAD)
		return 0; /* signal 0 checks that the process exists */
	return send_signal_info(sig, info, p, true);
}

static siginfo_t user_info(int sig, int code)
{
	siginfo_t info;

	memset(&info, 0, sizeof info);
	info.si_signo = sig;
	info.si_code = code;
	info.si_pid = task_tgid_vnr(current); /* 0 where the receiver cannot see it */
	info.si_uid = current->cred.uid;
	return info;
}

/* Every process in group pgrp (kill(0), kill(-pgrp)). */
static int kill_pgrp(int sig, siginfo_t *info, int pgrp)
{
	int found = 0;

	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		if (t->pgid != pgrp || t->pid != t->tgid || t->reaped)
			continue;
		found = 1;
		group_send_sig_info(sig, info, find_process(t->tgid));
	}
	return found ? 0 : -ESRCH;
}

/* Every process the sender's namespace sees but its init and the sender's own
 * (kill(-1)). */
static int kill_all(int sig, siginfo_t *info)
{
	int found = 0;

	for (struct task *t = first_task_in_list(); t; t = t->next_task) {
		if (t->pid != t->tgid || t->tgid == current->tgid || t->state == TASK_DEAD ||
		    task_pid_vnr(t) <= 1)
			continue;
		found = 1;
		group_send_sig_info(sig, info, t);
	}
	return found ? 0 : -ESRCH;
}

/* A signal from outside the program (arch/x86/hostsig.c): SI_KERNEL, as a terminal's. */
int kill_pgrp_from_kernel(int sig, int pgrp)
{
	siginfo_t info = { .si_signo = sig, .si_code = SI_KERNEL };

	return kill_pgrp(sig, &info, pgrp);
}

static int kill_something_info(int sig, siginfo_t *info, int pid)
{
	/* emu's init ignores what it has no handler for; only root may try. In a new
	 * pid namespace, 1 is that namespace's init, a task like any other here. */
	if (pid == 1 && current_in_init_pid_ns())
		return capable(current, CAP_KILL) ? 0 : -EPERM;
	if (pid > 0) {
		int tgid = pid_from_vnr(pid);
		struct task *p = tgid ? find_process(tgid) : NULL;
		if (!p)
			return -ESRCH;
		if (!kill_ok_by_cred(current, p) && !(sig == SIGCONT && p->sid == current->sid))
			return -EPERM; /* Linux's check_kill_permission */
		return group_send_sig_info(sig, info, p);
	}
	if (pid == -1)
		return kill_all(sig, info);
	if (pid && !(pid = -pid_from_vnr(-pid)))
		return -ESRCH;
	return kill_pgrp(sig, info, pid ? -pid : current->pgid);
}

SYSCALL_DEFINE2(kill, int, pid, int, sig)
{
	siginfo_t info = user_info(sig, SI_USER);

	if (!valid_signal(sig))
		return -EINVAL;
	if (pid == -2147483647 - 1)
		return -ESRCH;
	return kill_something_info(sig, &info, pid);
}

/* One thread: tgid 0 for tkill, which does not check the process. */
static int do_tkill(int tgid, int pid, int sig)
{
	siginfo_t info = user_info(sig, SI_TKILL);
	struct task *t = find_task_by_vpid(pid);

	if (pid <= 0 || !valid_signal(sig))
		return -EINVAL;
	if (!t || (tgid > 0 && task_tgid_vnr(t) != tgid))
		return -ESRCH;
	return sig ? send_signal_info(sig, &info, t, false) : 0;
}

SYSCALL_DEFINE2(tkill, int, pid, int, sig)
{
	return do_tkill(0, pid, sig);
}

SYSCALL_DEFINE3(tgkill, int, tgid, int, pid, int, sig)
{
	return tgid <= 0 ? -EINVAL : do_tkill(tgid, pid, sig);
}

/* The sender's own siginfo; it may not pretend to be the kernel or kill() unless it
 * sends to itself. */
static int copy_queueinfo(siginfo_t *info, uint64_t uinfo, int sig, bool to_self)
{
	if (copy_from_user(info, uinfo, sizeof *info))
		return -EFAULT;
	if ((info->si_code >= 0 || info->si_code == SI_TKILL) && !to_self)
		return -EPERM;
	info->si_signo = sig;
	return 0;
}

SYSCALL_DEFINE4(pidfd_send_signal, int, pidfd, int, sig, uint64_t, uinfo, unsigned, flags)
{
	int pid = pidfd_pid(pidfd);
	siginfo_t info = user_info(sig, SI_USER);
	int err;

	if (pid < 0)
		return pid;
	if (flags || !valid_signal(sig))
		return -EINVAL;
	if (uinfo && (err = copy_queueinfo(&info, uinfo, sig, pid == current->tgid)))
		return err;
	struct task *p = find_process(pid);
	if (!p)
		return -ESRCH;
	if (!task_in_pid_ns(p, task_active_pid_ns(current)))
		return -EINVAL; /* outside the caller's namespace (access_pidfd_pidns) */
	return group_send_sig_info(sig, &info, p); /* a zombie takes it and drops it */
}

SYSCALL_DEFINE3(rt_sigqueueinfo, int, pid, int, sig, uint64_t, uinfo)
{
	siginfo_t info;
	int err;

	if (!valid_signal(sig))
		return -EINVAL;
	if ((err = copy_queueinfo(&info, uinfo, sig, pid == task_tgid_vnr(current))))
		return err;
	int tgid = pid > 0 ? pid_from_vnr(pid) : 0;
	struct task *p = tgid > 0 ? find_process(tgid) : NULL;
	return p ? group_send_sig_info(sig, &info, p) : -ESRCH;
}

SYSCALL_DEFINE4(rt_tgsigqueueinfo, int, tgid, int, pid, int, sig, uint64_t, uinfo)
{
	siginfo_t info;
	int err;

	if (tgid <= 0 || pid <= 0 || !valid_signal(sig))
		return -EINVAL;
	if ((err = copy_queueinfo(&info, uinfo, sig, tgid == task_tgid_vnr(current))))
		return err;
	struct task *t = find_task_by_vpid(pid);
	if (!t || task_tgid_vnr(t) != tgid)
		return -ESRCH;
	return sig ? send_signal_info(sig, &info, t, false) : 0;
}
