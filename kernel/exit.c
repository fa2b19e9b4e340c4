/* exit, exit_group, do_exit and wait4: Linux's kernel/exit.c. A task gives back its
 * memory, files and working directory (do_exit), its children go to a new parent and
 * its parent is told (exit_notify); a process's leader stays a zombie, with its wait
 * status, until its parent collects it (wait4, waitid: do_wait over the children
 * lists of the caller's threads). Orphans go to emu's init (pid 1), which reaps
 * them. Left out: ptrace, orphaned process groups (kill_orphaned_pgrp), core dumps. */
#include <emu/ipc.h>
#include <emu/fs.h>
#include <emu/futex.h>
#include <emu/mm.h>
#include <emu/nsproxy.h>
#include <emu/pidfd.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/timers.h>
#include <emu/timeline.h>
#include <emu/trace.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

bool thread_group_alive(const struct task *leader)
{
	const struct task *t;

	for_each_thread(leader, t)
		if (t->state != TASK_DEAD)
			return true;
	return false;
}

/* A thread of p's process that is still alive, other than p; NULL if none. */
static struct task *find_alive_thread(const struct task *p)
{
	struct task *t;

	for_each_thread(p->group_leader, t)
		if (t != p && t->state != TASK_DEAD)
			return t;
	return NULL;
}

/* Another thread of the same process, else the nearest living ancestor that is a
 * child subreaper, else NULL for init (Linux's find_new_reaper). */
static struct task *find_new_reaper(struct task *father)
{
	struct task *thread = find_alive_thread(father);

	if (thread)
		return thread;
	for (struct task *a = father->parent; a; a = a->parent)
		if (a->child_subreaper && a->state != TASK_DEAD)
			return a;
	return NULL;
}

/* The siginfo of a child's end: CLD_EXITED with its code, or CLD_KILLED or
 * CLD_DUMPED with the signal. */
static siginfo_t child_exit_info(const struct task *t, int sig)
{
	siginfo_t info = { .si_signo = sig };
	int st = t->exit_code;

	info.si_pid = t->tgid;
	info.si_uid = t->cred.uid;
	info.si_code = (st & 0x7f) == 0 ? CLD_EXITED : (st & 0x80) ? CLD_DUMPED : CLD_KILLED;
	info.si_status = (st & 0x7f) == 0 ? (st >> 8) & 0xff : st & 0x7f;
	info.si_utime = to_clock_t(t->signal->dead.utime);
	info.si_stime = to_clock_t(t->signal->dead.stime);
	return info;
}

/* Tells the parent that process t ended: its exit signal, if valid and not
 * ignored, and a wake-up for its waits. True if nobody is to wait for it (the
 * parent ignores SIGCHLD or asked for SA_NOCLDWAIT, or it is init): the caller
 * releases it (Linux's do_notify_parent). */
static bool do_notify_parent(struct task *t)
{
	struct task *parent = t->parent;
	int sig = t->exit_signal;
	bool autoreap = false;

	if (!parent)
		return true; /* init reaps it (emu still reads the first program's status) */
	if (sig == SIGCHLD && sigchld_autoreap(parent)) {
		autoreap = true;
		if (parent->sighand->action[SIGCHLD - 1].handler == (uint64_t)SIG_IGN)
			sig = 0;
	}
	if (sig > 0 && sig <= NSIG_EMU) { /* clone(2) does not check the signal */
		siginfo_t info = child_exit_info(t, sig);
		send_signal_info(sig, &info, parent, true);
	}
	if (!autoreap)
		trace_kernel(TRACE_PROC, "exit: pid %d is a zombie, parent %d notified", t->pid,
			     parent->pid);
	wake_up(WAIT_CHILD, parent->group_leader); /* a waiting wait4 may find none: ECHILD */
	return autoreap;
}

/* Child process p has a new parent in another process: it will send SIGCHLD, and if
 * it is a zombie already the new parent hears of it now (Linux's reparent_leader). */
static void reparent_leader(struct task *p)
{
	p->exit_signal = SIGCHLD; /* the new parent did not choose the old signal */
	if (p->state == TASK_DEAD && !thread_group_alive(p) && do_notify_parent(p))
		release_task(p);
}

/* father's children go to another of its threads, else to a subreaper or to init;
 * those that asked for PR_SET_PDEATHSIG get their signal. */
static void forget_original_parent(struct task *father)
{
	struct task *reaper, *p, *n, *t;

	if (list_empty(&father->children))
		return;
	reaper = find_new_reaper(father);
	list_for_each_entry_safe(p, n, &father->children, sibling) {
		for_each_thread(p, t) {
			t->parent = reaper;
			if (t->pdeath_signal && t->state != TASK_DEAD)
				send_sig(t->pdeath_signal, t, true);
		}
		list_del_init(&p->sibling);
		if (reaper)
			list_add_tail(&p->sibling, &reaper->children);
		if (!reaper || reaper->tgid != father->tgid)
			reparent_leader(p);
	}
}

/* t is gone: its children find a new parent; when its process is gone too, the
 * parent is told. A thread vanishes at once; a leader stays a zombie, with the
 * process's status, until a wait collects it or the parent lets it go. */
static void exit_notify(struct task *t, bool group_dead)
{
	struct task *leader = t->group_leader;

	forget_original_parent(t);
	if (group_dead)
		pidfd_notify(t->tgid);
	if (t != leader)
		release_task(t);
	if (group_dead && do_notify_parent(leader)) /* the parent's dispositions, not ours */
		release_task(leader);
}

/* The thread lets go of its memory: robust locks it held are marked dead, and for
 * CLONE_CHILD_CLEARTID the tid word is zeroed and one futex waiter on it woken;
 * this is how pthread_join learns that a thread is gone (Linux's mm_release).
 * Caller is t or a thread of t's process: current's mm is t's, the one that
 * exit_robust_list and futex_wake_tid work in. */
void mm_release(struct task *t)
{
	int zero = 0;

	if (!t->mm)
		return;
	exit_robust_list(t);
	if (t->clear_child_tid && t->mm->users > 1 &&
	    access_remote_vm(t->mm, t->clear_child_tid, &zero, sizeof zero, true) == sizeof zero) {
		trace_kernel(TRACE_PROC, "exit: CLONE_CHILD_CLEARTID: 0 written to %#lx, futex woken",
			     (unsigned long)t->clear_child_tid);
		futex_wake_tid(t->clear_child_tid);
	}
	t->clear_child_tid = 0;
}

/* Memory, descriptors and working directory go back (Linux's exit_mm, exit_files,
 * exit_fs). */
static void exit_task_resources(struct task *t)
{
	mmput(t->mm);
	t->mm = NULL;
	put_files_struct(t->files);
	t->files = NULL;
	put_fs_struct(t->fs);
	t->fs = NULL;
}

void do_exit(struct task *t, int status)
{
	struct task *leader = t->group_leader;
	bool group_dead;

	t->exit_code = status;
	t->state = TASK_DEAD;
	account_exit(t);
	t->thread.stop = STOP_EXIT;
	trace_exit(t, status);
	timeline_exit(t, status);
	mm_release(t);
	exit_pi_state_list(t);
	wake_up(WAIT_VFORK, t); /* a vfork parent may go on */
	exit_task_resources(t);
	group_dead = !thread_group_alive(leader);
	if (group_dead) {
		exit_itimers(t->signal); /* the process is gone: its timers with it */
		exit_sem(t->tgid);       /* ... and its SEM_UNDO adjustments are applied */
		memset(t->signal->it, 0, sizeof t->signal->it);
		if (t != leader && !leader->group_exit)
			leader->exit_code = status;
	}
	exit_task_namespaces(t); /* after exit_sem, which looks in its IPC namespace */
	exit_notify(t, group_dead);
	put_sighand(t->sighand);
	t->sighand = NULL;
	flush_sigqueue(&t->pending);
}

void do_group_exit(struct task *t, int status)
{
	struct task *o, *n;

	t->group_leader->exit_code = status;
	t->group_leader->group_exit = true;
	for_each_thread_safe(t->group_leader, o, n)
		if (o != t && o->state != TASK_DEAD)
			do_exit(o, status);
	do_exit(t, status);
}

SYSCALL_DEFINE1(exit, int, code)
{
	do_exit(current, (code & 0xff) << 8); /* this thread only */
	return 0;
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	do_group_exit(current, (code & 0xff) << 8);
	return 0;
}

struct wait_opts {
	int type;       /* P_ALL, P_PID, P_PGID */
	int id;
	int options;
};

/* Does child process c match the pid or group asked for, and __WCLONE/__WALL?
 * (Linux's eligible_child) */
static bool eligible(const struct task *c, const struct wait_opts *wo)
{
	if (wo->type == P_PID && c->pid != wo->id)
		return false;
	if (wo->type == P_PGID && c->pgid != wo->id)
		return false;
	if (wo->options & __WALL)
		return true;
	return ((wo->options & __WCLONE) != 0) == (c->exit_signal != SIGCHLD);
}

/* What a wait may report of child c: CLD_EXITED for any end, CLD_STOPPED,
 * CLD_CONTINUED, or 0. */
static int child_state(const struct task *c, int options)
{
	if ((options & WEXITED) && c->state == TASK_DEAD && !thread_group_alive(c))
		return CLD_EXITED;
	if ((options & WSTOPPED) && c->signal->stopped && c->signal->stop_report)
		return CLD_STOPPED;
	if ((options & WCONTINUED) && c->signal->continued_report)
		return CLD_CONTINUED;
	return 0;
}

/* Finds a child to report: it and *what, NULL with *err = 0 if children are still
 * running, or NULL with *err = -ECHILD if there is none to wait for. The caller's
 * own children first, then each other thread's unless __WNOTHREAD (Linux's do_wait). */
static struct task *find_child(const struct wait_opts *wo, long *err, int *what)
{
	struct task *tsk = current, *c;

	*err = -ECHILD;
	do {
		list_for_each_entry(c, &tsk->children, sibling) {
			if (!eligible(c, wo))
				continue;
			*err = 0;
			if ((*what = child_state(c, wo->options)))
				return c;
		}
		if (wo->options & __WNOTHREAD)
			break;
	} while ((tsk = next_thread(tsk)) != current);
	return NULL;
}

/* What wait4 and waitid report: the child's process and its reaped children. */
static void child_rusage(const struct task *c, struct rusage *ru)
{
	struct task_cputime sum;

	child_cputime(c, &sum);
	cputime_to_rusage(&sum, ru);
}

/* The wait status (wait4) of what child_state found; the report is used up unless
 * WNOWAIT, and a dead child is reaped. */
static int consume_child(struct task *c, int what, int options)
{
	int status = c->exit_code;

	if (what == CLD_STOPPED) {
		status = (c->signal->stop_report << 8) | 0x7f;
		if (!(options & WNOWAIT))
			c->signal->stop_report = 0;
	} else if (what == CLD_CONTINUED) {
		status = 0xffff;
		if (!(options & WNOWAIT))
			c->signal->continued_report = false;
	} else if (!(options & WNOWAIT)) {
		account_reaped_child(current, c);
		release_task(c);
	}
	return status;
}

SYSCALL_DEFINE4(wait4, int, pid, uint64_t, ustatus, int, options, uint64_t, urusage)
{
	if (pid == INT_MIN)
		return -ESRCH; /* -pid has no group to name (Linux 4.11) */
	struct wait_opts wo = { pid > 0 ? P_PID : pid == -1 ? P_ALL : P_PGID,
				pid > 0 ? pid : pid == 0 ? current->pgid : -pid, options | WEXITED };
	struct rusage ru;
	long err;
	int what;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	struct task *c = find_child(&wo, &err, &what);
	if (!c) {
		if (err || (options & WNOHANG))
			return err;
		return wait_event(WAIT_CHILD, current->group_leader, 0, 0, -ERESTARTSYS);
	}
	child_rusage(c, &ru);
	int status = consume_child(c, what, wo.options);
	if (ustatus && copy_to_user(ustatus, &status, sizeof status))
		return -EFAULT;
	if (urusage && copy_to_user(urusage, &ru, sizeof ru))
		return -EFAULT;
	return c->pid;
}

SYSCALL_DEFINE5(waitid, int, type, int, id, uint64_t, uinfo, int, options, uint64_t, urusage)
{
	siginfo_t si;
	long err;
	int what;

	if (type == P_PIDFD) { /* the process the descriptor names */
		if ((id = pidfd_pid(id)) < 0)
			return id;
		type = P_PID;
	}
	struct wait_opts wo = { type, type == P_PGID && !id ? current->pgid : id, options };
	if (type != P_ALL && type != P_PID && type != P_PGID)
		return -EINVAL;
	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD |
			__WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	memset(&si, 0, sizeof si);
	struct task *c = find_child(&wo, &err, &what);
	if (!c) {
		if (err)
			return err;
		if (options & WNOHANG)
			return uinfo && copy_to_user(uinfo, &si, sizeof si) ? -EFAULT : 0;
		return wait_event(WAIT_CHILD, current->group_leader, 0, 0, -ERESTARTSYS);
	}
	if (what == CLD_EXITED) {
		si = child_exit_info(c, SIGCHLD);
	} else {
		si.si_signo = SIGCHLD;
		si.si_code = what;
		si.si_pid = c->tgid;
		si.si_uid = c->cred.uid;
		si.si_status = what == CLD_STOPPED ? c->signal->stop_report : SIGCONT;
	}
	struct rusage ru;
	child_rusage(c, &ru);
	consume_child(c, what, options);
	if (uinfo && copy_to_user(uinfo, &si, sizeof si))
		return -EFAULT;
	if (urusage && copy_to_user(urusage, &ru, sizeof ru))
		return -EFAULT;
	return 0;
}
