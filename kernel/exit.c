/* exit, exit_group, do_exit and wait4: Linux's kernel/exit.c. A task gives back its
 * memory, files and working directory and stays a zombie, with its wait status,
 * until its parent collects it. Orphans go to emu's init (pid 1), which reaps them. */
#include <emu/fs.h>
#include <emu/mm.h>
#include <emu/futex.h>
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
#include <unistd.h>

bool thread_group_alive(const struct task *leader)
{
	for (struct task *t = first_task_in_list(); t; t = t->next_task)
		if (t->tgid == leader->tgid && t->state != TASK_DEAD)
			return true;
	return false;
}

static struct task *find_alive_thread(const struct task *t)
{
	for (struct task *o = first_task_in_list(); o; o = o->next_task)
		if (o->tgid == t->tgid && o != t && o->state != TASK_DEAD)
			return o;
	return NULL;
}

/* Another thread of the same process, else the nearest living ancestor that is a
 * child subreaper, else NULL for init (Linux's find_new_reaper). */
static struct task *find_new_reaper(struct task *t)
{
	struct task *thread = find_alive_thread(t);

	if (thread)
		return thread;
	for (struct task *a = t->parent; a; a = a->parent)
		if (a->child_subreaper && a->state != TASK_DEAD)
			return a;
	return NULL;
}

/* Children of t go to a subreaper or to init, which reaps zombies at once; those
 * that asked for PR_SET_PDEATHSIG get their signal. */
static void forget_original_parent(struct task *t)
{
	struct task *reaper = find_new_reaper(t);

	for (struct task *c = first_task_in_list(); c; c = c->next_task) {
		if (c->parent != t || c->reaped)
			continue;
		c->parent = reaper;
		if (c->pdeath_signal && c->state != TASK_DEAD)
			send_sig(c->pdeath_signal, c, true);
		if (c->state == TASK_DEAD && !reaper)
			release_task(c);
		else if (c->state == TASK_DEAD)
			wake_up(WAIT_CHILD, reaper->group_leader);
	}
}

/* The siginfo of a child's end: CLD_EXITED with its code, or CLD_KILLED or
 * CLD_DUMPED with the signal. */
static siginfo_t child_exit_info(const struct task *t, int sig)
{
	siginfo_t info = { .si_signo = sig };
	int st = t->exit_code;

	info.si_pid = t->tgid;
	info.si_uid = getuid();
	info.si_code = (st & 0x7f) == 0 ? CLD_EXITED : (st & 0x80) ? CLD_DUMPED : CLD_KILLED;
	info.si_status = (st & 0x7f) == 0 ? (st >> 8) & 0xff : st & 0x7f;
	info.si_utime = to_clock_t(t->signal->dead.utime);
	info.si_stime = to_clock_t(t->signal->dead.stime);
	return info;
}

/* Tells the parent: a zombie to wait for, or, if the parent ignores SIGCHLD or asked
 * for SA_NOCLDWAIT, nothing to wait for (Linux's do_notify_parent). */
static void exit_notify(struct task *t)
{
	struct task *parent = t->parent;

	pidfd_notify(t->tgid);
	forget_original_parent(t);
	if (!parent) {
		release_task(t); /* init reaps it (emu still reads the first program's status) */
		return;
	}
	bool autoreap = t->exit_signal == SIGCHLD && sigchld_autoreap(parent);
	bool ignored = parent->sighand->action[SIGCHLD - 1].handler == (uint64_t)SIG_IGN;
	if (t->exit_signal > 0 && !(t->exit_signal == SIGCHLD && ignored)) {
		siginfo_t info = child_exit_info(t, t->exit_signal);
		send_signal_info(t->exit_signal, &info, parent, true); /* dropped if ignored */
	}
	if (autoreap)
		release_task(t);
	else
		trace_kernel(TRACE_PROC, "exit: pid %d is a zombie, parent %d notified", t->pid,
			     parent->pid);
	wake_up(WAIT_CHILD, parent->group_leader); /* a waiting wait4 may find none: ECHILD */
}

/* The thread lets go of its memory: robust locks it held are marked dead, and for
 * CLONE_CHILD_CLEARTID the tid word is zeroed and one futex waiter on it woken;
 * this is how pthread_join learns that a thread is gone (Linux's mm_release). */
void mm_release(struct task *t)
{
	struct task *saved = current;
	int zero = 0;

	if (!t->mm)
		return;
	current = t;
	exit_robust_list(t);
	if (t->clear_child_tid && t->mm->users > 1 &&
	    !copy_to_user(t->clear_child_tid, &zero, sizeof zero)) {
		trace_kernel(TRACE_PROC, "exit: CLONE_CHILD_CLEARTID: 0 written to %#lx, futex woken",
			     (unsigned long)t->clear_child_tid);
		futex_wake_tid(t->clear_child_tid);
	}
	t->clear_child_tid = 0;
	current = saved;
}

void do_exit(struct task *t, int status)
{
	struct task *leader = t->group_leader;

	t->exit_code = status;
	t->state = TASK_DEAD;
	account_exit(t);
	t->thread.stop = STOP_EXIT;
	trace_exit(t, status);
	mm_release(t);
	exit_pi_state_list(t);
	wake_up(WAIT_VFORK, t); /* a vfork parent may go on */
	mmput(t->mm);
	t->mm = NULL;
	put_files_struct(t->files);
	t->files = NULL;
	put_fs_struct(t->fs);
	t->fs = NULL;
	if (thread_group_alive(leader)) {
		/* other threads go on: a thread vanishes, a leader waits as a zombie */
		forget_original_parent(t);
		if (t != leader)
			release_task(t);
	} else {
		exit_itimers(t->signal); /* the process is gone: its timers with it */
		memset(t->signal->it, 0, sizeof t->signal->it);
		if (t != leader && !leader->group_exit)
			leader->exit_code = status;
		if (t != leader)
			release_task(t);
		forget_original_parent(t);
		exit_notify(leader); /* reads the parent's dispositions, not ours */
	}
	put_sighand(t->sighand);
	t->sighand = NULL;
	flush_sigqueue(&t->pending);
}

void do_group_exit(struct task *t, int status)
{
	t->group_leader->exit_code = status;
	t->group_leader->group_exit = true;
	for (struct task *o = first_task_in_list(); o; o = o->next_task)
		if (o->tgid == t->tgid && o != t && o->state != TASK_DEAD)
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

/* Does child c match the pid or group asked for, and __WCLONE/__WALL? */
static bool eligible(const struct task *c, const struct wait_opts *wo)
{
	if (c->reaped || c->pid != c->tgid || !c->parent)
		return false; /* threads are not waited for: their process is */
	if ((wo->options & __WNOTHREAD) ? c->parent != current : c->parent->tgid != current->tgid)
		return false;
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
 * running, or NULL with *err = -ECHILD if there is none to wait for. */
static struct task *find_child(const struct wait_opts *wo, long *err, int *what)
{
	*err = -ECHILD;
	for (struct task *c = first_task_in_list(); c; c = c->next_task) {
		if (!eligible(c, wo))
			continue;
		*err = 0;
		if ((*what = child_state(c, wo->options)))
			return c;
	}
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
		si.si_uid = getuid();
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
