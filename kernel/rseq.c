/* rseq: registration of the per-thread struct rseq, with its cpu fields set as for
 * CPU 0. emu never preempts a task inside a critical section on another CPU, but
 * restart on preemption (rseq_cs) is left for the scheduler issue. */
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>

#define RSEQ_FLAG_UNREGISTER 1
#define RSEQ_MIN_LEN 32

struct rseq_cpu_fields {
	uint32_t cpu_id_start, cpu_id;
};

SYSCALL_DEFINE4(rseq, uint64_t, urseq, uint32_t, len, int, flags, uint32_t, sig)
{
	struct rseq_cpu_fields cpu = { 0, 0 };

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
	if (copy_to_user(urseq, &cpu, sizeof cpu))
		return -EFAULT;
	current->rseq = urseq;
	current->rseq_len = len;
	current->rseq_sig = sig;
	return 0;
}
