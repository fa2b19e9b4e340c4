/* Signals: for now the dispositions and the mask are recorded so that programs that
 * install handlers at start-up run, and a CPU fault kills the process with the
 * right signal, reported as Linux's kernel log would. */
#include <emu/cpu.h>
#include <emu/mm.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sched.h>

struct sighand_struct *sighand_alloc(void)
{
	struct sighand_struct *sighand = calloc(1, sizeof *sighand);

	if (sighand)
		sighand->refcount = 1;
	return sighand;
}

int copy_sighand(uint64_t clone_flags, struct task *p)
{
	if (clone_flags & CLONE_SIGHAND) {
		current->sighand->refcount++;
		p->sighand = current->sighand;
		return 0;
	}
	p->sighand = sighand_alloc();
	if (!p->sighand)
		return -ENOMEM;
	memcpy(p->sighand->action, current->sighand->action, sizeof p->sighand->action);
	return 0;
}

void put_sighand(struct sighand_struct *sighand)
{
	if (sighand && !--sighand->refcount)
		free(sighand);
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
}

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
	static char buf[16];

	if (signo > 0 && signo < (int)(sizeof names / sizeof names[0]) && names[signo])
		return names[signo];
	snprintf(buf, sizeof buf, "SIGRT_%d", signo - SIGRTMIN);
	return buf;
}

/* The parent ignores SIGCHLD or set SA_NOCLDWAIT: its children reap themselves. */
bool sigchld_autoreap(const struct task *parent)
{
	const struct k_sigaction *ka = &parent->sighand->action[SIGCHLD - 1];

	return ka->handler == (uint64_t)SIG_IGN || (ka->flags & SA_NOCLDWAIT);
}

static bool sig_default_ignored(int signo)
{
	return signo == SIGCHLD || signo == SIGURG || signo == SIGWINCH || signo == SIGCONT;
}

/* Queues a signal for t (standard signals coalesce). Delivery to handlers comes
 * with the signals issue; a pending signal shows in rt_sigpending. */
void send_signal(struct task *t, int signo)
{
	const struct k_sigaction *ka = &t->sighand->action[signo - 1];
	uint64_t bit = 1ULL << (signo - 1);

	/* An ignored signal is dropped, unless blocked: the handler may change before
	 * it is unblocked (Linux's sig_ignored). */
	if (!(t->blocked & bit) && (ka->handler == (uint64_t)SIG_IGN ||
				    (ka->handler == (uint64_t)SIG_DFL && sig_default_ignored(signo))))
		return;
	t->pending |= bit;
	trace_kernel(TRACE_PROC, "signal %s queued for pid %d", signal_name(signo), t->pid);
}

SYSCALL_DEFINE2(rt_sigpending, uint64_t, uset, size_t, sigsetsize)
{
	uint64_t set = current->pending & current->blocked;

	if (sigsetsize > 8)
		return -EINVAL;
	return copy_to_user(uset, &set, sigsetsize);
}

/* No handler and not ignored: the default action applies. */
bool signal_is_default(int signo)
{
	return current->sighand->action[signo - 1].handler == (uint64_t)SIG_DFL;
}

bool sig_kernel_coredump(int signo)
{
	switch (signo) {
	case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE:
	case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
		return true;
	default:
		return false;
	}
}

void force_fatal_signal(struct task *t)
{
	struct fault_info *f = &t->fault;
	char insn[96];

	fprintf(stderr, "emu: pid %d (%s) killed by %s at %#lx (%s)", t->pid, t->comm,
		signal_name(f->signo), (unsigned long)f->rip, cpu_disasm(f->rip, insn, sizeof insn));
	if (f->signo == SIGSEGV || f->signo == SIGBUS)
		fprintf(stderr, ", address 0x%lx", (unsigned long)f->addr);
	fputc('\n', stderr);
	trace_signal(t, f);
	do_group_exit(t, f->signo | (sig_kernel_coredump(f->signo) ? 0x80 : 0));
}

SYSCALL_DEFINE4(rt_sigaction, int, sig, uint64_t, uact, uint64_t, uoact, size_t, sigsetsize)
{
	struct k_sigaction act;

	if (sigsetsize != 8)
		return -EINVAL;
	if (sig < 1 || sig > NSIG_EMU || (uact && (sig == SIGKILL || sig == SIGSTOP)))
		return -EINVAL;
	if (uact && copy_from_user(&act, uact, sizeof act))
		return -EFAULT;
	if (uoact && copy_to_user(uoact, &current->sighand->action[sig - 1], sizeof act))
		return -EFAULT;
	if (uact)
		current->sighand->action[sig - 1] = act;
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, uint64_t, uset, uint64_t, uoset, size_t, sigsetsize)
{
	uint64_t set, old = current->blocked, unblockable = (1ULL << (SIGKILL - 1)) | (1ULL << (SIGSTOP - 1));

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
		current->blocked = set & ~unblockable;
	return 0;
}
