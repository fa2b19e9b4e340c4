/* Process groups and sessions: setpgid, getpgid, getpgrp, setsid, getsid
 * (Linux's kernel/sys.c). They belong to processes: a call from any thread acts
 * on the whole process, named by its pid (tgid). */
#include <emu/sched.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>

/* Pids in and out are the caller's pid namespace's (kernel/pid.c); a group or
 * session whose leader is outside it reads as 0, as Linux's pid_vnr. */

static bool group_in_session(int pgid, int sid)
{
	for (struct task *t = first_task_in_list(); t; t = t->next_task)
		if (!t->reaped && t->pgid == pgid && t->sid == sid)
			return true;
	return false;
}

/* Every thread of t's process joins group pgid of session sid. */
static void set_process_ids(const struct task *t, int pgid, int sid)
{
	struct task *o;

	for_each_thread(t->group_leader, o) {
		o->pgid = pgid;
		o->sid = sid;
	}
}

SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	struct task *t = pid ? find_task_by_vpid(pid) : current->group_leader;

	if (pgid < 0)
		return -EINVAL;
	if (pgid && !(pgid = pid_from_vnr(pgid)))
		return -EPERM; /* no such group in the caller's namespace */
	if (!t)
		return -ESRCH;
	if (t->pid != t->tgid)
		return -EINVAL; /* a thread, not a process */
	if (t->tgid != current->tgid && (!t->parent || t->parent->tgid != current->tgid))
		return -ESRCH;
	if (t->tgid != current->tgid && t->sid != current->sid)
		return -EPERM; /* a child in another session */
	if (t->tgid != current->tgid && t->did_exec)
		return -EACCES; /* a child that has run execve (Linux's PF_FORKNOEXEC) */
	if (!pgid)
		pgid = t->tgid;
	if (t->sid == t->tgid)
		return -EPERM; /* a session leader stays in its group */
	if (t->sid != current->sid)
		return -EPERM;
	if (pgid != t->tgid && !group_in_session(pgid, current->sid))
		return -EPERM;
	set_process_ids(t, pgid, t->sid);
	return 0;
}

SYSCALL_DEFINE1(getpgid, int, pid)
{
	struct task *t = pid ? find_task_by_vpid(pid) : current;

	return t ? pid_nr_ns(t->pgid, task_active_pid_ns(current)) : -ESRCH;
}

SYSCALL_DEFINE0(getpgrp)
{
	return pid_nr_ns(current->pgid, task_active_pid_ns(current));
}

SYSCALL_DEFINE0(setsid)
{
	int pid = current->tgid;

	if (current->pgid == pid || group_in_session(pid, current->sid))
		return -EPERM; /* already leads a group */
	set_process_ids(current, pid, pid);
	return task_tgid_vnr(current);
}

SYSCALL_DEFINE1(getsid, int, pid)
{
	struct task *t = pid ? find_task_by_vpid(pid) : current;

	return t ? pid_nr_ns(t->sid, task_active_pid_ns(current)) : -ESRCH;
}
