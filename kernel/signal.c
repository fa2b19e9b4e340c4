/* Signals, generation and queues (Linux's kernel/signal.c): a signal is queued on a
 * thread or its process, a thread that does not block it is woken, and at its next
 * return to user mode get_signal picks it up: ignored, a default action (stop, end
 * the process, with or without core), or a handler (kernel/signal_frame.c). */
#include <emu/arch.h>
#include <emu/jobctl.h>
#include <emu/mm.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/signalfd.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/timers.h>
#include <emu/timeline.h>
#include <emu/trace.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/sched.h>

/* ---- lifecycle ---- */

struct sighand_struct *sighand_alloc(void)
{
	struct sighand_struct *sighand = calloc(1, sizeof *sighand);

	if (sighand)
		sighand->refcount = 1;
	return sighand;
}

void put_sighand(struct sighand_struct *sighand)
{
	if (sighand && !--sighand->refcount)
		free(sighand);
}

struct signal_struct *signal_alloc(void)
{
	struct signal_struct *sig = calloc(1, sizeof *sig);

	if (sig) {
		sig->refcount = 1;
		rlimit_init(sig->rlim); /* fork copies the parent's over these */
		INIT_LIST_HEAD(&sig->shared_pending.list);
		INIT_LIST_HEAD(&sig->posix_timers);
	}
	return sig;
}

/* Queued siginfos of every process (Linux counts per user; all tasks are one user
 * here), bounded by RLIMIT_SIGPENDING. */
static unsigned long nr_queued;

static void sigqueue_free(struct sigqueue *q)
{
	list_del(&q->list);
	nr_queued--;
	free(q);
}

void flush_sigqueue(struct sigpending *pending)
{
	struct sigqueue *q, *n;

	list_for_each_entry_safe(q, n, &pending->list, list)
		sigqueue_free(q);
	pending->signal = 0;
}

void put_signal(struct signal_struct *sig)
{
	if (sig && !--sig->refcount) {
		flush_sigqueue(&sig->shared_pending);
		exit_itimers(sig);
		free(sig);
	}
}

void flush_signal_handlers(struct task *t)
{
	if (t->sighand->refcount > 1) { /* shared with another process: take a copy first */
		struct sighand_struct *own = sighand_alloc();
		if (!own)
			return;
		memcpy(own->action, t->sighand->action, sizeof own->action);
		put_sighand(t->sighand);
		t->sighand = own;
	}
	for (int i = 0; i < NSIG_EMU; i++) {
		struct k_sigaction *ka = &t->sighand->action[i];
		if (ka->handler != (uint64_t)SIG_IGN)
			ka->handler = (uint64_t)SIG_DFL;
		ka->flags = 0;
		ka->restorer = 0;
		ka->mask = 0;
	}
	t->sas_ss_sp = t->sas_ss_size = 0;
	t->sas_ss_flags = SS_DISABLE;
}

/* ---- what each signal does ---- */

static const char *const names[] = {
	[SIGHUP] = "SIGHUP",   [SIGINT] = "SIGINT",     [SIGQUIT] = "SIGQUIT",
	[SIGILL] = "SIGILL",   [SIGTRAP] = "SIGTRAP",   [SIGABRT] = "SIGABRT",
	[SIGBUS] = "SIGBUS",   [SIGFPE] = "SIGFPE",     [SIGKILL] = "SIGKILL",
	[SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV",   [SIGUSR2] = "SIGUSR2",
	[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM",   [SIGTERM] = "SIGTERM",
	[SIGSTKFLT] = "SIGSTKFLT", [SIGCHLD] = "SIGCHLD", [SIGCONT] = "SIGCONT",
	[SIGSTOP] = "SIGSTOP", [SIGTSTP] = "SIGTSTP",   [SIGTTIN] = "SIGTTIN",
	[SIGTTOU] = "SIGTTOU", [SIGURG] = "SIGURG",     [SIGXCPU] = "SIGXCPU",
	[SIGXFSZ] = "SIGXFSZ", [SIGVTALRM] = "SIGVTALRM", [SIGPROF] = "SIGPROF",
	[SIGWINCH] = "SIGWINCH", [SIGIO] = "SIGIO",     [SIGPWR] = "SIGPWR",
	[SIGSYS] = "SIGSYS",
};

const char *signal_name(int signo)
{
	static char buf[24];

	if (signo > 0 && signo < (int)(sizeof names / sizeof names[0]) && names[signo])
		return names[signo];
	if (signo == SIGRTMIN_KERNEL)
		return "SIGRTMIN";
	snprintf(buf, sizeof buf, "SIGRT_%d", signo - SIGRTMIN_KERNEL);
	return buf;
}

bool sig_kernel_coredump(int signo)
{
	return signo < 32 && (sigbit(signo) & (sigbit(SIGQUIT) | sigbit(SIGILL) |
		sigbit(SIGTRAP) | sigbit(SIGABRT) | sigbit(SIGBUS) | sigbit(SIGFPE) |
		sigbit(SIGSEGV) | sigbit(SIGXCPU) | sigbit(SIGXFSZ) | sigbit(SIGSYS)));
}

bool sig_default_ignored(int signo)
{
	return signo == SIGCHLD || signo == SIGURG || signo == SIGWINCH || signo == SIGCONT;
}

bool sig_kernel_stop(int signo)
{
	return signo < 32 && (sigbit(signo) & SIG_STOP_MASK);
}

/* The parent ignores SIGCHLD or set SA_NOCLDWAIT: its children reap themselves. */
bool sigchld_autoreap(const struct task *parent)
{
	const struct k_sigaction *ka = &parent->sighand->action[SIGCHLD - 1];

	return ka->handler == (uint64_t)SIG_IGN || (ka->flags & SA_NOCLDWAIT);
}

/* No handler and not ignored: the default action applies. */
bool signal_is_default(int signo)
{
	return current->sighand->action[signo - 1].handler == (uint64_t)SIG_DFL;
}

static bool sig_handler_ignored(uint64_t handler, int sig)
{
	return handler == (uint64_t)SIG_IGN ||
	       (handler == (uint64_t)SIG_DFL && sig_default_ignored(sig));
}

/* Dropped at once: ignored and not blocked (it could be unignored before it is
 * unblocked), and not waited for by rt_sigtimedwait. */
bool sig_ignored(struct task *t, int sig)
{
	if ((t->blocked | t->real_blocked) & sigbit(sig))
		return false;
	return sig_handler_ignored(t->sighand->action[sig - 1].handler, sig);
}

/* Ends the process unless caught: no handler, no default that ignores or stops. */
static bool sig_fatal(struct task *t, int sig)
{
	uint64_t handler = t->sighand->action[sig - 1].handler;

	return sig == SIGKILL || (handler == (uint64_t)SIG_DFL && !sig_default_ignored(sig) &&
				  !sig_kernel_stop(sig));
}

/* ---- pending sets ---- */

bool task_sigpending_in(const struct task *t, uint64_t set)
{
	return ((t->pending.signal | t->signal->shared_pending.signal) & set) != 0;
}

bool signal_pending(const struct task *t)
{
	return t->signal && task_sigpending_in(t, ~t->blocked);
}

/* Over the limit, a real-time signal with the sender's own siginfo is refused
 * (EAGAIN); kill()'s and the kernel's signals, and standard signals sent with
 * SI_USER or by the kernel, still get their bit, with a minimal siginfo on delivery. */
static int sigqueue_add(struct sigpending *p, const siginfo_t *info, int sig)
{
	struct sigqueue *q = NULL;
	bool override = sig < SIGRTMIN_KERNEL && info->si_code >= 0;

	if (override || nr_queued < rlimit_sigpending())
		q = calloc(1, sizeof *q);
	if (!q)
		return sig >= SIGRTMIN_KERNEL && info->si_code != SI_USER ? -EAGAIN : 0;
	nr_queued++;
	q->info = *info;
	list_add_tail(&q->list, &p->list);
	return 0;
}

/* Takes the first queued siginfo of sig; the bit stays while more are queued. */
static void collect_signal(int sig, struct sigpending *p, siginfo_t *info)
{
	struct sigqueue *q, *n;
	bool more = false, found = false;

	memset(info, 0, sizeof *info);
	info->si_signo = sig;
	info->si_code = SI_USER;
	list_for_each_entry_safe(q, n, &p->list, list) {
		if (q->info.si_signo != sig)
			continue;
		if (found) {
			more = true;
			break;
		}
		*info = q->info;
		sigqueue_free(q);
		found = true;
	}
	if (!more)
		p->signal &= ~sigbit(sig);
}

/* Synchronous signals (faults) first, then the lowest number, as Linux. */
static int next_signal(uint64_t pending)
{
	uint64_t sync = pending & (sigbit(SIGSEGV) | sigbit(SIGBUS) | sigbit(SIGILL) |
				   sigbit(SIGTRAP) | sigbit(SIGFPE) | sigbit(SIGSYS));

	if (sync)
		pending = sync;
	return pending ? __builtin_ctzll(pending) + 1 : 0;
}

/* A signal in mask from t's own queue, else its process's; 0 if none. */
int dequeue_signal(struct task *t, uint64_t mask, siginfo_t *info)
{
	struct sigpending *p = &t->pending;
	int sig = next_signal(p->signal & mask);

	if (!sig) {
		p = &t->signal->shared_pending;
		sig = next_signal(p->signal & mask);
	}
	if (sig)
		collect_signal(sig, p, info);
	return sig;
}

/* Removes every queued instance of the signals in mask. */
static void flush_sigqueue_mask(uint64_t mask, struct sigpending *p)
{
	struct sigqueue *q, *n;

	list_for_each_entry_safe(q, n, &p->list, list)
		if (q->info.si_signo > 0 && (mask & sigbit(q->info.si_signo)))
			sigqueue_free(q);
	p->signal &= ~mask;
}

static void flush_group_mask(struct task *t, uint64_t mask)
{
	struct task *o;

	flush_sigqueue_mask(mask, &t->signal->shared_pending);
	for_each_thread(t->group_leader, o)
		flush_sigqueue_mask(mask, &o->pending);
}

/* ---- generation ---- */

/* A sleeping task with something to handle wakes up; only a fatal signal ends a
 * vfork parent's wait (Linux's killable sleep). */
void signal_wake_up(struct task *t, bool fatal)
{
	if (t->state != TASK_SLEEPING || (t->restart_block.waiting == WAIT_VFORK && !fatal))
		return;
	wake_task(t);
}

/* Stop and continue act when sent, not when delivered (Linux's prepare_signal).
 * False: the signal is dropped. */
static bool prepare_signal(int sig, struct task *t)
{
	if (t->state == TASK_DEAD || t->signal->group_exit_code)
		return false; /* the process is dying: nothing else matters */
	if (sig_kernel_stop(sig)) {
		flush_group_mask(t, sigbit(SIGCONT));
	} else if (sig == SIGCONT) {
		flush_group_mask(t, SIG_STOP_MASK);
		prepare_continue(t);
	} else if (sig == SIGKILL) {
		t->signal->stopped = false; /* a stopped process still dies */
	}
	return !sig_ignored(t, sig);
}

/* strace sees an ignored signal because ptrace keeps it queued (and so can interrupt
 * the tracee's call); emu drops it as an untraced Linux does and only notes it for the
 * trace, so that a run behaves the same with and without --trace. */
static void note_ignored_for_trace(struct task *t, int sig, const siginfo_t *info)
{
	if (!trace_on(TRACE_SYSCALL) || sig == SIGKILL || t->state == TASK_DEAD ||
	    t->nr_trace_ignored == (int)(sizeof t->trace_ignored / sizeof *t->trace_ignored))
		return;
	for (int i = 0; i < t->nr_trace_ignored && sig < SIGRTMIN_KERNEL; i++)
		if (t->trace_ignored[i].si_signo == sig)
			return; /* a standard signal is pending once */
	t->trace_ignored[t->nr_trace_ignored++] = *info;
}

void trace_ignored_signals(struct task *t)
{
	for (int i = 0; i < t->nr_trace_ignored; i++)
		trace_signal(t, &t->trace_ignored[i]);
	t->nr_trace_ignored = 0;
}

/* Linux also passes over threads that have a signal pending already, to spread
 * the load; here the first free thread in pid order takes it, every run the same. */
static bool wants_signal(int sig, struct task *t)
{
	return !(t->blocked & sigbit(sig)) && t->state != TASK_DEAD;
}

/* A fatal signal ends the whole process at once, as Linux's complete_signal: every
 * thread gets SIGKILL and wakes, a stop can no longer win, and the status is sig. */
static void start_group_exit(struct task *t, int sig)
{
	struct task *o;

	t->signal->group_exit_code = sig;
	t->signal->stopped = false;
	for_each_thread(t->group_leader, o)
		if (o->state != TASK_DEAD) {
			o->pending.signal |= sigbit(SIGKILL);
			signal_wake_up(o, true);
		}
}

/* Picks the thread to handle it: t if it can, else any thread of its process that
 * does not block it; wakes that thread. */
static void complete_signal(int sig, struct task *t, bool group)
{
	struct task *target = NULL, *o;

	if (wants_signal(sig, t)) {
		target = t;
	} else if (group) {
		for_each_thread(t->group_leader, o)
			if (wants_signal(sig, o)) {
				target = o;
				break;
			}
	}
	if (target && sig_fatal(target, sig) && !sig_kernel_coredump(sig) &&
	    !(target->real_blocked & sigbit(sig))) {
		start_group_exit(target, sig);
		return;
	}
	if (!target) {
		/* nobody free: a sleeping one that does not block it looks again */
		if (group)
			for_each_thread(t->group_leader, o)
				if (!(o->blocked & sigbit(sig)))
					signal_wake_up(o, false);
		return;
	}
	signal_wake_up(target, sig_fatal(target, sig));
}

/* A living thread of t's process: a leader that ended first waits as a zombie
 * while the others still take its signals. */
static struct task *live_thread(struct task *t)
{
	struct task *o;

	if (t->state != TASK_DEAD)
		return t;
	for_each_thread(t->group_leader, o)
		if (o->state != TASK_DEAD)
			return o;
	return t;
}

/* Queues sig for thread t (group: for its whole process). info NULL: SI_KERNEL. */
int send_signal_info(int sig, siginfo_t *info, struct task *t, bool group)
{
	siginfo_t kinfo = { .si_signo = sig, .si_code = SI_KERNEL };

	if (group)
		t = live_thread(t);
	struct sigpending *pending = group ? &t->signal->shared_pending : &t->pending;
	if (!t->signal)
		return 0;
	if (!prepare_signal(sig, t)) {
		if (t->state != TASK_DEAD && !t->signal->group_exit_code)
			note_ignored_for_trace(t, sig, info ? info : &kinfo);
		return 0;
	}
	if (sig < SIGRTMIN_KERNEL && (pending->signal & sigbit(sig)))
		return 0; /* standard signals do not queue twice */
	int err = sigqueue_add(pending, info ? info : &kinfo, sig);
	if (err)
		return err;
	pending->signal |= sigbit(sig);
	trace_kernel(TRACE_PROC, "signal %s queued for %s %d", signal_name(sig),
		     group ? "process" : "thread", group ? t->tgid : t->pid);
	timeline_signal_send(t, sig);
	signalfd_notify(sig);
	complete_signal(sig, t, group);
	return 0;
}

/* The signal sent as if by kill() from current. */
int send_sig(int sig, struct task *t, bool group)
{
	siginfo_t info = { .si_signo = sig, .si_code = SI_USER };

	info.si_pid = current ? current->tgid : 0;
	info.si_uid = current ? current->cred.uid : 0;
	return send_signal_info(sig, &info, t, group);
}

/* A CPU fault: the handler runs if there is one and the signal is neither blocked
 * nor ignored; otherwise the default action (the process dies) is forced. */
/* Linux's force_sig_info: a signal the task can neither block nor ignore; one that
 * is blocked or ignored gets its default action back. A handler still runs. */
static void force_sig_info(struct task *t, siginfo_t *info)
{
	struct k_sigaction *ka = &t->sighand->action[info->si_signo - 1];

	if ((t->blocked & sigbit(info->si_signo)) || ka->handler == (uint64_t)SIG_IGN) {
		ka->handler = (uint64_t)SIG_DFL;
		t->blocked &= ~sigbit(info->si_signo);
	}
	send_signal_info(info->si_signo, info, t, false);
}

void force_sig_fault(struct task *t)
{
	struct fault_info *f = &t->thread.fault;
	siginfo_t info = { .si_signo = f->signo, .si_code = f->code };

	if (f->signo == SIGSEGV || f->signo == SIGBUS || f->signo == SIGILL || f->signo == SIGFPE)
		info.si_addr = (void *)f->addr;
	t->thread.fault.pending = true;
	force_sig_info(t, &info);
}

void force_sig(struct task *t, int sig)
{
	siginfo_t info = { .si_signo = sig, .si_code = SI_KERNEL };

	force_sig_info(t, &info);
}

/* The signal frame could not be built: the process dies of SIGSEGV. */
void force_sigsegv(struct task *t, int sig)
{
	if (sig == SIGSEGV) /* delivering SIGSEGV itself failed: no handler this time */
		t->sighand->action[SIGSEGV - 1].handler = (uint64_t)SIG_DFL;
	force_sig(t, SIGSEGV);
}

/* ---- delivery: what to do with the next pending signal ---- */

static void report_fatal_fault(struct task *t)
{
	struct fault_info *f = &t->thread.fault;
	char insn[96];

	fprintf(stderr, "emu: pid %d (%s) killed by %s at %#lx (%s)", t->pid, t->comm,
		signal_name(f->signo), (unsigned long)f->rip, cpu_disasm(f->rip, insn, sizeof insn));
	if (f->signo == SIGSEGV || f->signo == SIGBUS)
		fprintf(stderr, ", address 0x%lx", (unsigned long)f->addr);
	fputc('\n', stderr);
	if (trace_on(TRACE_SYSCALL | TRACE_KERNEL)) {
		struct pt_regs r;
		cpu_get_regs(&r); /* the scheduler loaded t to deliver this */
		trace_kernel_line("registers: rax %#lx rbx %#lx rcx %#lx rdx %#lx rsi %#lx rdi %#lx "
				  "rbp %#lx rsp %#lx r8 %#lx r9 %#lx r10 %#lx r11 %#lx r12 %#lx "
				  "r13 %#lx r14 %#lx r15 %#lx rip %#lx eflags %#lx trapno %d err %#x",
				  r.rax, r.rbx, r.rcx, r.rdx, r.rsi, r.rdi, r.rbp, r.rsp, r.r8, r.r9,
				  r.r10, r.r11, r.r12, r.r13, r.r14, r.r15, r.rip, r.eflags,
				  f->trapno, (unsigned)f->err);
	}
}

/* Dequeues signals until one has a handler (true, in ksig); default actions are
 * taken on the way. False: nothing to handle, or t stopped or died. */
/* The process is dying of a fatal signal (start_group_exit): the thread that sees it
 * first shows that signal, as strace would, and ends the group. */
static void group_exit_now(struct task *t, struct ksignal *ksig)
{
	int sig = t->signal->group_exit_code;

	if (dequeue_signal(t, sigbit(sig), &ksig->info)) {
		trace_signal(t, &ksig->info);
		timeline_signal_deliver(t, sig);
	}
		timeline_signal_deliver(t, sig);
	do_group_exit(t, sig);
}

bool get_signal(struct task *t, struct ksignal *ksig)
{
	if (t->state != TASK_DEAD && t->signal->group_exit_code) {
		group_exit_now(t, ksig);
		return false;
	}
	while (t->state != TASK_DEAD && !t->signal->stopped) {
		int sig = dequeue_signal(t, ~t->blocked, &ksig->info);
		if (!sig)
			return false;
		bool from_fault = t->thread.fault.pending && sig == t->thread.fault.signo;
		if (from_fault)
			t->thread.fault.pending = false;
		trace_signal(t, &ksig->info);
		timeline_signal_deliver(t, sig);
		ksig->ka = t->sighand->action[sig - 1];
		ksig->sig = sig;
		ksig->from_fault = from_fault;
		if (ksig->ka.handler == (uint64_t)SIG_IGN)
			continue;
		if (ksig->ka.handler != (uint64_t)SIG_DFL) {
			if (ksig->ka.flags & SA_RESETHAND)
				t->sighand->action[sig - 1].handler = (uint64_t)SIG_DFL;
			return true;
		}
		if (sig_default_ignored(sig))
			continue;
		if (sig_kernel_stop(sig)) {
			do_signal_stop(t, sig);
			return false;
		}
		if (from_fault)
			report_fatal_fault(t);
		do_group_exit(t, sig | (sig_kernel_coredump(sig) && do_coredump(t, &ksig->info) ? 0x80 : 0));
		return false;
	}
	return false;
}

/* ---- masks and dispositions ---- */

/* The flags Linux keeps (its UAPI_SA_FLAGS on x86-64: SA_EXPOSE_TAGBITS is 0x800). */
#define UAPI_SA_FLAGS (SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK | SA_RESTART | \
		       SA_NODEFER | SA_RESETHAND | 0x800UL | 0x04000000UL)

/* A new mask; pending signals it unblocks are picked up at the return to user mode. */
void set_current_blocked(uint64_t set)
{
	current->blocked = set & ~SIG_KERNEL_ONLY_MASK;
}

SYSCALL_DEFINE2(rt_sigpending, uint64_t, uset, size_t, sigsetsize)
{
	uint64_t set = (current->pending.signal | current->signal->shared_pending.signal) &
		       current->blocked;

	if (sigsetsize > 8)
		return -EINVAL;
	return copy_to_user(uset, &set, sigsetsize);
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, uint64_t, uact, uint64_t, uoact, size_t, sigsetsize)
{
	struct k_sigaction act, *ka;

	if (sigsetsize != 8)
		return -EINVAL;
	if (sig < 1 || sig > NSIG_EMU || (uact && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	if (uact && copy_from_user(&act, uact, sizeof act))
		return -EFAULT;
	ka = &current->sighand->action[sig - 1];
	if (uoact && copy_to_user(uoact, ka, sizeof act))
		return -EFAULT;
	if (!uact)
		return 0;
	act.mask &= ~SIG_KERNEL_ONLY_MASK;
	act.flags &= UAPI_SA_FLAGS; /* unknown bits go, so programs can probe for them */
	*ka = act;
	/* POSIX: setting a pending signal to be ignored discards it */
	if (sig_handler_ignored(act.handler, sig))
		flush_group_mask(current, sigbit(sig));
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, uint64_t, uset, uint64_t, uoset, size_t, sigsetsize)
{
	uint64_t set, old = current->blocked;

	if (sigsetsize != 8)
		return -EINVAL;
	if (uset) {
		if (copy_from_user(&set, uset, sizeof set))
			return -EFAULT;
		switch (how) {
		case SIG_BLOCK: set |= old; break;
		case SIG_UNBLOCK: set = old & ~set; break;
		case SIG_SETMASK: break;
		default: return -EINVAL;
		}
	}
	if (uoset && copy_to_user(uoset, &old, sizeof old))
		return -EFAULT;
	if (uset)
		set_current_blocked(set);
	return 0;
}
