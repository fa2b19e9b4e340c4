/* Delivery at the return to user mode, as Linux's arch/x86/kernel/signal.c: an
 * interrupted call becomes EINTR or restarts (signal(7)), and a handler gets an
 * x86-64 rt_sigframe on the stack or the alternate stack:
 *
 *   fpstate (FXSAVE, 512 bytes, 64-byte aligned)
 *   siginfo            <- rsi
 *   ucontext           <- rdx: flags, link, uc_stack, sigcontext (registers,
 *                         fpstate pointer), the mask to restore
 *   return address     <- rsp: sa_restorer, which calls rt_sigreturn
 *
 * rt_sigreturn reads the frame back; the registers go back into the engine at the
 * next return to user mode, outside Unicorn's syscall helper. */
#include <emu/arch.h>
#include <emu/mm.h>
#include <emu/rseq.h>
#include <emu/sched.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define USER_CS 0x33
#define USER_DS 0x2b
#define UC_SIGCONTEXT_SS 0x2
#define UC_STRICT_RESTORE_SS 0x4
#define RED_ZONE 128
#define KERNEL_MINSIGSTKSZ 2048 /* the kernel's; glibc's may be sysconf() */
#ifndef SA_RESTORER
#define SA_RESTORER 0x04000000
#endif
/* flags a frame may change (Linux's FIX_EFLAGS): not IF, IOPL or VM */
#define FIX_EFLAGS 0x50dd5UL
#define EFLAGS_TF 0x100UL
#define EFLAGS_DF 0x400UL
#define EFLAGS_RF 0x10000UL
#define MXCSR_MASK 0xffffU /* the bits FXSAVE says MXCSR may hold */

struct sigcontext_64 {
	struct pt_regs regs;
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate;
	uint64_t reserved1[8];
};

struct user_stack {
	uint64_t ss_sp;
	int32_t ss_flags, pad;
	uint64_t ss_size;
};

struct ucontext_64 {
	uint64_t uc_flags, uc_link;
	struct user_stack uc_stack;
	struct sigcontext_64 uc_mcontext;
	uint64_t uc_sigmask;
};

struct rt_sigframe {
	uint64_t pretcode;
	struct ucontext_64 uc;
	siginfo_t info;
};

_Static_assert(sizeof(struct sigcontext_64) == 256, "struct sigcontext is 256 bytes");
_Static_assert(sizeof(struct rt_sigframe) == 440, "rt_sigframe as Linux lays it out");

/* What rt_sigreturn read, applied at the return to user mode. */
struct sigreturn_state {
	struct pt_regs regs;
	struct fxregs_state fx;
	bool has_fx;
};

/* ---- the alternate stack ---- */

static bool in_range(const struct task *t, uint64_t sp)
{
	return sp > t->sas_ss_sp && sp - t->sas_ss_sp <= t->sas_ss_size;
}

/* With SS_AUTODISARM the stack is never in use: it is disarmed while on it. */
static bool on_sig_stack(const struct task *t, uint64_t sp)
{
	return !(t->sas_ss_flags & SS_AUTODISARM) && in_range(t, sp);
}

static int sas_ss_flags(const struct task *t, uint64_t sp)
{
	if (!t->sas_ss_size)
		return SS_DISABLE;
	return on_sig_stack(t, sp) ? SS_ONSTACK : 0;
}

static void sas_ss_reset(struct task *t)
{
	t->sas_ss_sp = t->sas_ss_size = 0;
	t->sas_ss_flags = SS_DISABLE;
}

static long do_sigaltstack(const struct user_stack *ss, struct user_stack *oss, uint64_t sp)
{
	struct task *t = current;

	if (oss)
		*oss = (struct user_stack){ t->sas_ss_sp,
					    sas_ss_flags(t, sp) | (t->sas_ss_flags & SS_AUTODISARM), 0,
					    t->sas_ss_size };
	if (!ss)
		return 0;
	if (on_sig_stack(t, sp))
		return -EPERM;
	int mode = ss->ss_flags & ~SS_AUTODISARM;
	if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
		return -EINVAL;
	if (mode == SS_DISABLE) {
		t->sas_ss_sp = t->sas_ss_size = 0;
	} else {
		if (ss->ss_size < KERNEL_MINSIGSTKSZ)
			return -ENOMEM;
		t->sas_ss_sp = ss->ss_sp;
		t->sas_ss_size = ss->ss_size;
	}
	t->sas_ss_flags = ss->ss_flags;
	return 0;
}

SYSCALL_DEFINE2(sigaltstack, uint64_t, uss, uint64_t, uoss)
{
	struct user_stack ss, oss;
	struct pt_regs regs;
	long err;

	if (uss && copy_from_user(&ss, uss, sizeof ss))
		return -EFAULT;
	cpu_get_regs(&regs);
	err = do_sigaltstack(uss ? &ss : NULL, &oss, regs.rsp);
	if (!err && uoss && copy_to_user(uoss, &oss, sizeof oss))
		return -EFAULT;
	return err;
}

/* ---- building the frame ---- */

/* The frame's address; 0 if it would overflow the alternate stack it is on (the
 * task then dies of SIGSEGV, as on Linux). */
static uint64_t get_sigframe(struct task *t, const struct ksignal *ksig, uint64_t sp,
			     uint64_t *fpstate)
{
	bool nested = on_sig_stack(t, sp), entering = false;

	sp -= RED_ZONE;
	if ((ksig->ka.flags & SA_ONSTACK) && sas_ss_flags(t, sp) == 0) {
		sp = t->sas_ss_sp + t->sas_ss_size;
		entering = true;
	}
	sp = (sp - sizeof(struct fxregs_state)) & ~63UL;
	*fpstate = sp;
	sp -= sizeof(struct rt_sigframe);
	sp = ((sp + 8) & ~15UL) - 8; /* as after a call: rsp + 8 is 16-byte aligned */
	if ((nested || entering) && !in_range(t, sp))
		return 0;
	return sp;
}

static void fill_sigcontext(struct sigcontext_64 *sc, const struct pt_regs *regs,
			    const struct task *t, bool from_fault, uint64_t fpstate, uint64_t mask)
{
	memset(sc, 0, sizeof *sc);
	sc->regs = *regs;
	sc->cs = USER_CS;
	sc->ss = USER_DS;
	sc->oldmask = mask;
	sc->fpstate = fpstate;
	if (from_fault) {
		sc->trapno = t->thread.fault.trapno;
		sc->err = t->thread.fault.err;
		if (t->thread.fault.trapno == 14)
			sc->cr2 = t->thread.fault.addr; /* #PF: cr2 holds the address */
	}
}

/* The handler's FPU starts clean, as Linux's fpu__clear_user_states. */
static void clear_fpu(void)
{
	struct fxregs_state fx;

	memset(&fx, 0, sizeof fx);
	fx.cwd = X87_FCW_DEFAULT;
	fx.mxcsr = MXCSR_DEFAULT;
	cpu_set_fpu(&fx);
}

static int setup_rt_frame(struct task *t, struct ksignal *ksig, struct pt_regs *regs,
			  uint64_t mask)
{
	struct rt_sigframe frame;
	struct fxregs_state fx;
	uint64_t fpstate, addr = get_sigframe(t, ksig, regs->rsp, &fpstate);

	if (!addr || !(ksig->ka.flags & SA_RESTORER))
		return -EFAULT; /* no room, or no restorer: x86-64 has no default one */
	memset(&frame, 0, sizeof frame);
	frame.pretcode = ksig->ka.restorer;
	frame.uc.uc_flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
	frame.uc.uc_stack = (struct user_stack){ t->sas_ss_sp, t->sas_ss_flags, 0, t->sas_ss_size };
	fill_sigcontext(&frame.uc.uc_mcontext, regs, t, ksig->from_fault, fpstate, mask);
	frame.uc.uc_sigmask = mask;
	frame.info = ksig->info;
	cpu_get_fpu(&fx);
	if (copy_to_user(fpstate, &fx, sizeof fx) || copy_to_user(addr, &frame, sizeof frame))
		return -EFAULT;
	regs->rdi = ksig->sig;
	regs->rsi = addr + offsetof(struct rt_sigframe, info);
	regs->rdx = addr + offsetof(struct rt_sigframe, uc);
	regs->rax = 0;
	regs->rip = ksig->ka.handler;
	regs->rsp = addr;
	regs->eflags &= ~(EFLAGS_DF | EFLAGS_TF | EFLAGS_RF);
	if (t->sas_ss_flags & SS_AUTODISARM)
		sas_ss_reset(t);
	trace_kernel(TRACE_PROC, "signal %s: rt_sigframe at %#lx (ucontext %#lx, siginfo %#lx, "
		     "fpstate %#lx) saves rip %#lx rsp %#lx; handler %#lx returns to %#lx",
		     signal_name(ksig->sig), (unsigned long)addr, (unsigned long)regs->rdx,
		     (unsigned long)regs->rsi, (unsigned long)fpstate,
		     (unsigned long)frame.uc.uc_mcontext.regs.rip,
		     (unsigned long)frame.uc.uc_mcontext.regs.rsp, (unsigned long)ksig->ka.handler,
		     (unsigned long)ksig->ka.restorer);
	return 0;
}

/* An interrupted call: EINTR, or back onto the syscall instruction to run again. */
static void syscall_interrupted(struct task *t, struct pt_regs *regs, uint64_t sa_flags)
{
	int code = t->restart_block.code;
	bool eintr = code == -ERESTARTNOHAND || code == -ERESTART_RESTARTBLOCK ||
		     (code == -ERESTARTSYS && !(sa_flags & SA_RESTART));

	if (eintr) {
		regs->rax = (uint64_t)-EINTR;
		regs->rip += 2;
		regs->rcx = regs->rip;
		regs->r11 = regs->eflags;
		t->restart_block.deadline = 0;
		t->restart_block.progress = 0;
	}
	t->restart_block.code = 0;
}

static void handle_signal(struct task *t, struct ksignal *ksig)
{
	struct pt_regs regs;
	uint64_t old = t->restore_sigmask ? t->saved_sigmask : t->blocked;

	cpu_get_regs(&regs);
	if (t->restart_block.code)
		syscall_interrupted(t, &regs, ksig->ka.flags);
	rseq_signal_deliver(t, &regs);
	if (setup_rt_frame(t, ksig, &regs, old) < 0) {
		force_sigsegv(t, ksig->sig);
		return;
	}
	cpu_set_regs(&regs);
	clear_fpu();
	t->restore_sigmask = false; /* the frame keeps the mask to go back to */
	t->restart_block.deadline = 0; /* the handler's own calls start afresh; a */
	t->restart_block.progress = 0; /* restarted call recomputes its deadline */
	t->blocked |= ksig->ka.mask;
	if (!(ksig->ka.flags & SA_NODEFER))
		t->blocked |= sigbit(ksig->sig);
	t->blocked &= ~SIG_KERNEL_ONLY_MASK;
}

/* ---- rt_sigreturn ---- */

static void restore_sigreturn(struct task *t)
{
	struct sigreturn_state *s = t->sigreturn;

	cpu_set_regs(&s->regs);
	if (s->has_fx)
		cpu_set_fpu(&s->fx);
	free(s);
	t->sigreturn = NULL;
}

/* A frame rt_sigreturn cannot use: SIGSEGV, which a handler may still catch
 * (Linux's signal_fault). */
static long bad_frame(struct sigreturn_state *s)
{
	free(s);
	force_sig(current, SIGSEGV);
	return 0;
}

SYSCALL_DEFINE0(rt_sigreturn)
{
	struct rt_sigframe frame;
	struct sigreturn_state *s;
	struct pt_regs now;
	uint64_t flags;

	cpu_get_regs(&now);
	s = calloc(1, sizeof *s);
	if (!s || copy_from_user(&frame, now.rsp - 8, sizeof frame))
		return bad_frame(s);
	s->regs = frame.uc.uc_mcontext.regs;
	flags = (now.eflags & ~FIX_EFLAGS) | (s->regs.eflags & FIX_EFLAGS);
	s->regs.eflags = flags;
	if (frame.uc.uc_mcontext.fpstate) {
		if (copy_from_user(&s->fx, frame.uc.uc_mcontext.fpstate, sizeof s->fx) ||
		    (s->fx.mxcsr & ~MXCSR_MASK)) /* reserved MXCSR bits would #GP */
			return bad_frame(s);
		s->has_fx = true;
	}
	set_current_blocked(frame.uc.uc_sigmask);
	do_sigaltstack(&frame.uc.uc_stack, NULL, s->regs.rsp); /* errors ignored, as Linux */
	free(current->sigreturn);
	current->sigreturn = s;
	trace_kernel(TRACE_PROC, "rt_sigreturn: frame at %#lx gives back rip %#lx rsp %#lx rax %#lx",
		     (unsigned long)(now.rsp - 8), (unsigned long)s->regs.rip,
		     (unsigned long)s->regs.rsp, (unsigned long)s->regs.rax);
	return (long)s->regs.rax;
}

/* ---- the return to user mode ---- */

bool exit_to_user_mode_pending(const struct task *t)
{
	return !t->restart_block.in_syscall &&
	       (t->restart_block.code || t->sigreturn || signal_pending(t) || t->nr_trace_ignored);
}

void do_signal(struct task *t)
{
	struct ksignal ksig;

	if (t->sigreturn)
		restore_sigreturn(t);
	trace_ignored_signals(t);
	while (signal_pending(t) && t->state == TASK_RUNNING) {
		if (!get_signal(t, &ksig))
			break;
		handle_signal(t, &ksig);
	}
	if (t->state == TASK_DEAD)
		return;
	/* nothing handled: an interrupted call runs again (RIP is on it, RAX its number) */
	t->restart_block.code = 0;
	if (t->restore_sigmask) {
		t->blocked = t->saved_sigmask;
		t->restore_sigmask = false;
	}
}
