/* Restartable sequences (Linux's kernel/rseq.c): registration of the per-thread
 * struct rseq, its cpu fields (the CPU getcpu reports), and the restart: when a
 * task is preempted or gets a signal while its RIP is inside the critical section
 * that rseq_cs describes, it resumes at the section's abort handler instead, after
 * the signature check. A bad descriptor or signature is SIGSEGV, as on Linux. */
#include <emu/arch.h>
#include <emu/mm.h>
#include <emu/rseq.h>
#include <emu/signal.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <errno.h>
#include <stddef.h>

#define RSEQ_FLAG_UNREGISTER 1
#define RSEQ_MIN_LEN 32

struct rseq_abi {
	uint32_t cpu_id_start, cpu_id;
	uint64_t rseq_cs;
	uint32_t flags;
};

struct rseq_cs_abi {
	uint32_t version, flags;
	uint64_t start_ip, post_commit_offset, abort_ip;
};

static int rseq_update_cpu_id(struct task *t)
{
	uint32_t cpu = (uint32_t)__builtin_ctzll(t->cpus_mask ? t->cpus_mask : 1);
	uint32_t ids[2] = { cpu, cpu };

	return copy_to_user(t->rseq, ids, sizeof ids);
}

/* -1: a bad descriptor (SIGSEGV); 0: RIP is not in the section; 1: moved to abort. */
static int rseq_ip_fixup(struct task *t, struct pt_regs *regs)
{
	uint64_t ucs, zero = 0, field = t->rseq + offsetof(struct rseq_abi, rseq_cs);
	struct rseq_cs_abi cs;
	uint32_t sig;

	if (copy_from_user(&ucs, field, sizeof ucs))
		return -1;
	if (!ucs)
		return 0;
	if (copy_from_user(&cs, ucs, sizeof cs) || cs.version ||
	    cs.start_ip + cs.post_commit_offset < cs.start_ip ||
	    cs.abort_ip - cs.start_ip < cs.post_commit_offset)
		return -1;
	if (regs->rip - cs.start_ip >= cs.post_commit_offset)
		return copy_to_user(field, &zero, sizeof zero) ? -1 : 0;
	if (copy_from_user(&sig, cs.abort_ip - 4, sizeof sig) || sig != t->rseq_sig)
		return -1;
	if (copy_to_user(field, &zero, sizeof zero))
		return -1;
	trace_kernel(TRACE_SCHED, "rseq: pid %d interrupted at %#lx in a critical section, "
		     "resumes at abort %#lx", t->pid, (unsigned long)regs->rip,
		     (unsigned long)cs.abort_ip);
	regs->rip = cs.abort_ip;
	return 1;
}

/* On regs about to become a signal frame's (rseq_signal_deliver). */
void rseq_signal_deliver(struct task *t, struct pt_regs *regs)
{
	if (t->rseq && (rseq_ip_fixup(t, regs) < 0 || rseq_update_cpu_id(t)))
		force_sig(t, SIGSEGV);
}

/* Before a preempted task runs again; it is loaded in the engine. */
void rseq_handle_notify_resume(struct task *t)
{
	struct pt_regs regs;
	int r;

	if (!t->rseq)
		return;
	cpu_get_regs(&regs);
	r = rseq_ip_fixup(t, &regs);
	if (r > 0)
		cpu_set_regs(&regs);
	if (r < 0 || rseq_update_cpu_id(t))
		force_sig(t, SIGSEGV);
}

SYSCALL_DEFINE4(rseq, uint64_t, urseq, uint32_t, len, int, flags, uint32_t, sig)
{
	if (flags & RSEQ_FLAG_UNREGISTER) {
		if (flags & ~RSEQ_FLAG_UNREGISTER)
			return -EINVAL;
		if (current->rseq != urseq || !urseq)
			return -EINVAL;
		if (current->rseq_len != len)
			return -EINVAL;
		if (current->rseq_sig != sig)
			return -EPERM;
		current->rseq = 0;
		current->rseq_len = 0;
		return 0;
	}
	if (flags)
		return -EINVAL;
	if (current->rseq)
		return current->rseq == urseq && current->rseq_len == len
			       ? (current->rseq_sig == sig ? -EBUSY : -EPERM)
			       : -EINVAL;
	if (len < RSEQ_MIN_LEN || (urseq & (RSEQ_MIN_LEN - 1)))
		return -EINVAL;
	current->rseq = urseq;
	if (rseq_update_cpu_id(current)) {
		current->rseq = 0;
		return -EFAULT;
	}
	current->rseq_len = len;
	current->rseq_sig = sig;
	return 0;
}
