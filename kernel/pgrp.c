/* Process groups and sessions: setpgid, getpgid, getpgrp, setsid, getsid
 * (Linux's kernel/sys.c). */
#include <emu/sched.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>

static bool group_in_session(int pgid, int sid)
{
	for (struct task *t = first_task_in_list(); t; t = t->next_task)
		if (!t->reaped && t->pgid == pgid && t->sid == sid)
			return true;
	return false;
}

SYSCALL_DEFINE2(setpgid, int, pid, int, pgid)
{
	struct task *t = pid ? find_task(pid) : current;

	if (pgid < 0)
		return -EINVAL;
	if (!t || (t != current && t->parent != current))
		return -ESRCH;
	if (!pgid)
		pgid = t->pid;
	if (t->sid == t->pid)
		return -EPERM; /* a session leader stays in its group */
	if (t->sid != current->sid)
		return -EPERM;
	if (pgid != t->pid && !group_in_session(pgid, current->sid))
		return -EPERM;
	t->pgid = pgid;
	return 0;
}

SYSCALL_DEFINE1(getpgid, int, pid)
{
	struct task *t = pid ? find_task(pid) : current;

	return t ? t->pgid : -ESRCH;
}

SYSCALL_DEFINE0(getpgrp)
{
	return current->pgid;
}

SYSCALL_DEFINE0(setsid)
{
	if (current->pgid == current->pid || group_in_session(current->pid, current->sid))
		return -EPERM; /* already leads a group */
	current->sid = current->pgid = current->pid;
	return current->sid;
}

SYSCALL_DEFINE1(getsid, int, pid)
{
	struct task *t = pid ? find_task(pid) : current;

	return t ? t->sid : -ESRCH;
}
