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
 * that asked for PR_SET_PDEATHSIG get their signal (for now: the default action,
 * which for the usual SIGKILL or SIGTERM is to die). */
static void forget_original_parent(struct task *t)
{
	struct task *reaper = find_new_reaper(t);

	for (struct task *c = first_task_in_list(); c; c = c->next_task) {
		if (c->parent != t || c->reaped)
			continue;
		c->parent = reaper;
		if (c->pdeath_signal && c->state != TASK_DEAD && signal_is_default(c->pdeath_signal))
			do_exit(c, c->pdeath_signal);
		if (c->state == TASK_DEAD && !reaper)
			release_task(c);
		else if (c->state == TASK_DEAD)
			wake_up(WAIT_CHILD, reaper->group_leader);
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
		wake_up(WAIT_CHILD, parent->group_leader); /* a waiting wait4 may find none: ECHILD */
		return;
	}
	trace_kernel(TRACE_PROC, "exit: pid %d is a zombie, parent %d notified", t->pid, parent->pid);
	if (t->exit_signal > 0)
		send_signal(parent, t->exit_signal);
	wake_up(WAIT_CHILD, parent->group_leader);
}

/* CLONE_CHILD_CLEARTID: zero the tid word and wake one futex waiter on it; this is
 * how pthread_join learns that a thread is gone. */
static void clear_child_tid(struct task *t)
{
	struct task *saved = current;
	int zero = 0;

	current = t;
	if (!copy_to_user(t->clear_child_tid, &zero, sizeof zero))
		futex_wake_tid(t->clear_child_tid);
	current = saved;
}

void do_exit(struct task *t, int status)
{
	struct task *leader = t->group_leader;

	t->exit_code = status;
	t->state = TASK_DEAD;
	t->stop = STOP_EXIT;
	trace_exit(t, status);
	if (t->clear_child_tid && t->mm->users > 1)
		clear_child_tid(t);
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
		if (t != leader && !leader->group_exit)
			leader->exit_code = status;
		if (t != leader)
			release_task(t);
		forget_original_parent(t);
		exit_notify(leader); /* reads the parent's dispositions, not ours */
	}
	put_sighand(t->sighand);
	t->sighand = NULL;
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

/* Finds a zombie child: it, NULL with *err = 0 if children are still running, or
 * NULL with *err = -ECHILD if there is none to wait for. */
static struct task *find_zombie(const struct wait_opts *wo, long *err)
{
	*err = -ECHILD;
	for (struct task *c = first_task_in_list(); c; c = c->next_task) {
		if (!eligible(c, wo))
			continue;
		*err = 0;
		if (c->state == TASK_DEAD && !thread_group_alive(c))
			return c;
	}
	return NULL;
}

SYSCALL_DEFINE4(wait4, int, pid, uint64_t, ustatus, int, options, uint64_t, urusage)
{
	struct wait_opts wo = { pid > 0 ? P_PID : pid == -1 ? P_ALL : P_PGID,
				pid > 0 ? pid : pid == 0 ? current->pgid : -pid, options };
	struct rusage ru;
	long err;

	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL))
		return -EINVAL;
	struct task *c = find_zombie(&wo, &err);
	if (!c) {
		if (err || (options & WNOHANG))
			return err;
		task_sleep_on(current, WAIT_CHILD, current->group_leader);
		return EMU_RESTART;
	}
	memset(&ru, 0, sizeof ru);
	if (ustatus && copy_to_user(ustatus, &c->exit_code, sizeof c->exit_code))
		return -EFAULT;
	if (urusage && copy_to_user(urusage, &ru, sizeof ru))
		return -EFAULT;
	release_task(c);
	return c->pid;
}

/* The siginfo waitid fills for a child that ended (CLD_EXITED, _KILLED, _DUMPED). */
struct sigchld_info {
	int signo, errno_, code, pad;
	int pid;
	unsigned uid;
	int status, pad2;
	int64_t utime, stime;
	char rest[128 - 48];
};

SYSCALL_DEFINE5(waitid, int, type, int, id, uint64_t, uinfo, int, options, uint64_t, urusage)
{
	struct wait_opts wo = { type, type == P_PGID && !id ? current->pgid : id, options };
	struct sigchld_info si;
	long err;

	if (type != P_ALL && type != P_PID && type != P_PGID)
		return -EINVAL;
	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD |
			__WCLONE | __WALL))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	memset(&si, 0, sizeof si);
	struct task *c = (options & WEXITED) ? find_zombie(&wo, &err) : NULL;
	if (!(options & WEXITED))
		find_zombie(&wo, &err); /* only to tell ECHILD from "running" */
	if (!c) {
		if (err)
			return err;
		if (options & WNOHANG)
			return uinfo && copy_to_user(uinfo, &si, sizeof si) ? -EFAULT : 0;
		task_sleep_on(current, WAIT_CHILD, current->group_leader);
		return EMU_RESTART;
	}
	int st = c->exit_code;
	si.signo = SIGCHLD;
	si.pid = c->pid;
	si.uid = getuid();
	si.code = (st & 0x7f) == 0 ? CLD_EXITED : (st & 0x80) ? CLD_DUMPED : CLD_KILLED;
	si.status = (st & 0x7f) == 0 ? (st >> 8) & 0xff : st & 0x7f;
	if (uinfo && copy_to_user(uinfo, &si, sizeof si))
		return -EFAULT;
	if (urusage) {
		struct rusage ru;
		memset(&ru, 0, sizeof ru);
		if (copy_to_user(urusage, &ru, sizeof ru))
			return -EFAULT;
	}
	if (!(options & WNOWAIT))
		release_task(c);
	return 0;
}
