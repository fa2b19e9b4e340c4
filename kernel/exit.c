/* exit, exit_group, do_exit and wait4: Linux's kernel/exit.c. A task gives back its
 * memory, files and working directory and stays a zombie, with its wait status,
 * until its parent collects it. Orphans go to emu's init (pid 1), which reaps them. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>

/* Children of t go to init; init reaps the zombies among them at once. */
static void forget_original_parent(struct task *t)
{
	for (struct task *c = first_task_in_list(); c; c = c->next_task) {
		if (c->parent != t || c->reaped)
			continue;
		c->parent = NULL;
		if (c->state == TASK_DEAD)
			release_task(c);
	}
}

/* Tells the parent: a zombie to wait for, or, if the parent ignores SIGCHLD or asked
 * for SA_NOCLDWAIT, nothing to wait for (Linux's do_notify_parent). */
static void exit_notify(struct task *t)
{
	struct task *parent = t->parent;

	forget_original_parent(t);
	if (!parent) {
		release_task(t); /* init reaps it (emu still reads the first program's status) */
		return;
	}
	if (t->exit_signal == SIGCHLD && sigchld_autoreap(parent)) {
		release_task(t);
		wake_up(WAIT_CHILD, parent); /* a waiting wait4 now finds no child: ECHILD */
		return;
	}
	trace_kernel(TRACE_PROC, "exit: pid %d is a zombie, parent %d notified", t->pid, parent->pid);
	wake_up(WAIT_CHILD, parent);
}

void do_exit(struct task *t, int status)
{
	int zero = 0;

	t->exit_code = status;
	t->state = TASK_DEAD;
	t->stop = STOP_EXIT;
	trace_exit(t, status);
	if (t->clear_child_tid && t->mm->users > 1) {
		current = t;
		copy_to_user(t->clear_child_tid, &zero, sizeof zero);
	}
	wake_up(WAIT_VFORK, t); /* a vfork parent may go on */
	mmput(t->mm);
	t->mm = NULL;
	put_files_struct(t->files);
	t->files = NULL;
	put_fs_struct(t->fs);
	t->fs = NULL;
	exit_notify(t);
}

SYSCALL_DEFINE1(exit, int, code)
{
	/* one thread: the same as exit_group until thread groups exist */
	do_exit(current, (code & 0xff) << 8);
	return 0;
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	do_exit(current, (code & 0xff) << 8);
	return 0;
}

/* Does child c match wait4's pid and __WCLONE/__WALL options? */
static bool eligible(const struct task *c, int pid, int options)
{
	if (c->parent != current || c->reaped)
		return false;
	if (pid > 0 && c->pid != pid)
		return false;
	if (pid < -1 && c->tgid != -pid)
		return false; /* process groups: every process leads its own, for now */
	if (options & __WALL)
		return true;
	return ((options & __WCLONE) != 0) == (c->exit_signal != SIGCHLD);
}

SYSCALL_DEFINE4(wait4, int, pid, uint64_t, ustatus, int, options, uint64_t, urusage)
{
	bool any = false;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	for (struct task *c = first_task_in_list(); c; c = c->next_task) {
		if (!eligible(c, pid, options))
			continue;
		any = true;
		if (c->state != TASK_DEAD)
			continue;
		struct rusage ru;
		memset(&ru, 0, sizeof ru);
		if (ustatus && copy_to_user(ustatus, &c->exit_code, sizeof c->exit_code))
			return -EFAULT;
		if (urusage && copy_to_user(urusage, &ru, sizeof ru))
			return -EFAULT;
		release_task(c);
		return c->pid;
	}
	if (!any)
		return -ECHILD;
	if (options & WNOHANG)
		return 0;
	task_sleep_on(current, WAIT_CHILD, current);
	return EMU_RESTART;
}
