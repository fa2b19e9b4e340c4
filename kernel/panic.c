/* When emu itself fails: a host SIGSEGV, SIGBUS, SIGFPE, SIGILL or abort inside emu
 * is never mistaken for the guest's. One line names the guest task and the system
 * call (or user code) emu was handling, and emu exits with EXIT_INTERNAL, a status
 * of its own (Linux's kernel/panic.c, for a kernel that runs as a host process). */
#include <emu/init.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

long syscall_in_progress = -1; /* set by do_syscall around a handler */

static const char *host_signal_name(int sig)
{
	switch (sig) {
	case SIGSEGV: return "SIGSEGV";
	case SIGBUS: return "SIGBUS";
	case SIGFPE: return "SIGFPE";
	case SIGILL: return "SIGILL";
	case SIGABRT: return "SIGABRT";
	default: return "signal";
	}
}

/* Writes with write(2) only: the heap may be what broke. */
__attribute__((unused)) /* sanitizer builds do not install it */
static void panic_handler(int sig, siginfo_t *info, void *uctx)
{
	char line[256];
	const struct task *t = current;
	long nr = syscall_in_progress;
	int n;

	n = snprintf(line, sizeof line, "emu: internal error: host %s at %p", host_signal_name(sig),
		     info->si_addr);
	if (t && nr >= 0)
		n += snprintf(line + n, sizeof line - n, ", pid %d (%s) in system call %s", t->pid,
			      t->comm, nr < NR_SYSCALLS && syscall_table[nr].name ? syscall_table[nr].name : "?");
	else if (t)
		n += snprintf(line + n, sizeof line - n, ", last task pid %d (%s)", t->pid, t->comm);
	n += snprintf(line + n, sizeof line - n, "; this is a bug in emu, not in the program\n");
	if (write(2, line, n > (int)sizeof line ? (int)sizeof line : n) < 0)
		_exit(EXIT_INTERNAL);
	_exit(EXIT_INTERNAL);
}

/* Catches emu's own crashes. Sanitizer builds keep their own reports instead. */
void panic_init(void)
{
#if !defined(__SANITIZE_ADDRESS__)
	static char stack[1 << 16]; /* a stack overflow inside emu still reports */
	static const int sigs[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	stack_t ss = { .ss_sp = stack, .ss_size = sizeof stack };
	struct sigaction sa;

	sigaltstack(&ss, NULL);
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = panic_handler;
	sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		sigaction(sigs[i], &sa, NULL);
#endif
}
