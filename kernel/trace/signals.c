/* Signals as strace shows them: numbers, masks, sigaction, stack_t, and the
 * "--- SIGCHLD {...} ---" line of a signal's delivery. */
#include <emu/mm.h>
#include <emu/signal.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <emu/trace_print.h>
#include <signal.h>
#include <string.h>

#define NS_PER_SEC 1000000000L
#define SIGSET_BITS 64
/* strace shows a mask with two thirds or more of its bits set by the ones it lacks. */
#define MASK_INVERT_AT (SIGSET_BITS * 2 / 3)

/* SIGUSR1; a number that is no signal (kill's 0) as a number. */
void print_signal(FILE *f, int sig)
{
	if (sig >= 1 && sig <= NSIG_EMU)
		fputs(signal_name(sig), f);
	else
		fprintf(f, "%d", sig);
}

/* [USR1 TERM], or ~[KILL STOP] when mostly full. */
void print_mask(FILE *f, uint64_t set)
{
	bool first = true;

	if (__builtin_popcountll(set) >= MASK_INVERT_AT) {
		fputc('~', f);
		set = ~set;
	}
	fputc('[', f);
	for (int sig = 1; sig <= SIGSET_BITS; sig++) {
		if (!(set & sigbit(sig)))
			continue;
		const char *name = signal_name(sig);
		fprintf(f, "%s%s", first ? "" : " ", strncmp(name, "SIG", 3) ? name : name + 3);
		first = false;
	}
	fputc(']', f);
}

void print_sigset(FILE *f, uint64_t addr)
{
	uint64_t set;

	if (!addr || copy_from_user(&set, addr, sizeof set))
		print_ptr(f, addr);
	else
		print_mask(f, set);
}

/* {sa_handler=SIG_IGN, sa_mask=[], sa_flags=SA_RESTORER, sa_restorer=0x...} */
void print_sigaction(FILE *f, uint64_t addr)
{
	struct k_sigaction ka;

	if (!addr || copy_from_user(&ka, addr, sizeof ka)) {
		print_ptr(f, addr);
		return;
	}
	fputs("{sa_handler=", f);
	if (ka.handler == (uint64_t)SIG_DFL)
		fputs("SIG_DFL", f);
	else if (ka.handler == (uint64_t)SIG_IGN)
		fputs("SIG_IGN", f);
	else
		fprintf(f, "%#lx", (unsigned long)ka.handler);
	fputs(", sa_mask=", f);
	print_mask(f, ka.mask);
	fputs(", sa_flags=", f);
	print_flags(f, xlat_sa_flags, ka.flags, "0");
	if (ka.flags & SA_RESTORER)
		fprintf(f, ", sa_restorer=%#lx", (unsigned long)ka.restorer);
	fputc('}', f);
}

/* {ss_sp=0x..., ss_flags=SS_ONSTACK, ss_size=8192} */
void print_stack_t(FILE *f, uint64_t addr)
{
	stack_t ss;

	if (!addr || copy_from_user(&ss, addr, sizeof ss)) {
		print_ptr(f, addr);
		return;
	}
	fputs("{ss_sp=", f);
	print_ptr(f, (uint64_t)ss.ss_sp);
	fputs(", ss_flags=", f);
	print_flags(f, xlat_ss_flags, (uint32_t)ss.ss_flags, "0");
	fprintf(f, ", ss_size=%zu}", ss.ss_size);
}

/* ---- a signal's delivery ---- */

static const struct xlat si_codes[] = {
	XLAT(SI_USER), XLAT(SI_KERNEL), XLAT(SI_QUEUE), XLAT(SI_TIMER), XLAT(SI_MESGQ),
	XLAT(SI_ASYNCIO), XLAT(SI_SIGIO), XLAT(SI_TKILL), XLAT_END,
};
static const struct xlat cld_codes[] = {
	XLAT(CLD_EXITED), XLAT(CLD_KILLED), XLAT(CLD_DUMPED), XLAT(CLD_TRAPPED),
	XLAT(CLD_STOPPED), XLAT(CLD_CONTINUED), XLAT_END,
};
static const struct xlat segv_codes[] = { XLAT(SEGV_MAPERR), XLAT(SEGV_ACCERR), XLAT_END };
static const struct xlat bus_codes[] = { XLAT(BUS_ADRALN), XLAT(BUS_ADRERR), XLAT_END };
static const struct xlat fpe_codes[] = { XLAT(FPE_INTDIV), XLAT(FPE_FLTDIV), XLAT_END };
static const struct xlat ill_codes[] = { XLAT(ILL_ILLOPC), XLAT(ILL_ILLOPN), XLAT_END };
static const struct xlat trap_codes[] = { XLAT(TRAP_BRKPT), XLAT(TRAP_TRACE), XLAT_END };

/* The si_code table of a CPU fault's signal; NULL for the others. */
static const struct xlat *fault_codes(int signo)
{
	switch (signo) {
	case SIGSEGV: return segv_codes;
	case SIGBUS: return bus_codes;
	case SIGFPE: return fpe_codes;
	case SIGILL: return ill_codes;
	case SIGTRAP: return trap_codes;
	default: return NULL;
	}
}

static void print_fault_info(FILE *f, const siginfo_t *si, const struct xlat *codes)
{
	const char *code = si->si_code == SI_KERNEL ? "SI_KERNEL" : xlat_name(codes, si->si_code);

	fprintf(f, "%s, si_addr=", code ?: "0");
	print_ptr(f, (uint64_t)si->si_addr);
}

/* CPU time in clock ticks, with the seconds when not 0, as strace: 2 (0.02 s) */
static void print_clock_t(FILE *f, long ticks)
{
	long hz = to_clock_t(NS_PER_SEC); /* ticks in a second */

	fprintf(f, "%ld", ticks);
	if (ticks > 0)
		fprintf(f, " /* %ld.%02ld s */", ticks / hz, ticks % hz * 100 / hz);
}

static void print_child_info(FILE *f, const siginfo_t *si, const char *code)
{
	fprintf(f, "%s, si_pid=%d, si_uid=%u, si_status=", code, si->si_pid, si->si_uid);
	if (si->si_code == CLD_EXITED)
		fprintf(f, "%d", si->si_status);
	else
		print_signal(f, si->si_status);
	fputs(", si_utime=", f);
	print_clock_t(f, (long)si->si_utime);
	fputs(", si_stime=", f);
	print_clock_t(f, (long)si->si_stime);
}

static void print_siginfo(FILE *f, const siginfo_t *si)
{
	const struct xlat *codes = fault_codes(si->si_signo);
	const char *name;

	fputs("{si_signo=", f);
	print_signal(f, si->si_signo);
	fputs(", si_code=", f);
	if (si->si_code > 0 && codes) {
		print_fault_info(f, si, codes);
	} else if (si->si_code > 0 && si->si_signo == SIGCHLD &&
		   (name = xlat_name(cld_codes, si->si_code))) {
		print_child_info(f, si, name);
	} else if ((name = xlat_name(si_codes, si->si_code))) {
		fputs(name, f);
		if (si->si_code == SI_USER || si->si_code == SI_TKILL || si->si_code == SI_QUEUE)
			fprintf(f, ", si_pid=%d, si_uid=%u", si->si_pid, si->si_uid);
		if (si->si_code == SI_QUEUE) {
			fprintf(f, ", si_int=%d, si_ptr=", si->si_int);
			print_ptr(f, (uint64_t)si->si_ptr);
		}
	} else {
		fprintf(f, "%d", si->si_code);
	}
	fputc('}', f);
}

void trace_signal(struct task *t, const siginfo_t *si)
{
	if (!trace_on(TRACE_SYSCALL))
		return;
	FILE *f = trace_line(t);
	fputs("--- ", f);
	print_signal(f, si->si_signo);
	fputc(' ', f);
	print_siginfo(f, si);
	fputs(" ---\n", f);
}

void trace_stopped(struct task *t, int sig)
{
	if (!trace_on(TRACE_SYSCALL))
		return;
	FILE *f = trace_line(t);
	fputs("--- stopped by ", f);
	print_signal(f, sig);
	fputs(" ---\n", f);
}
