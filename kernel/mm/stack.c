/* Growing stacks: Linux's expand_downwards (mm/mmap.c). An access just below a
 * VM_GROWSDOWN vma extends it down to the page touched, unless the stack would
 * come within stack_guard_gap of the accessible vma below it, or grow past
 * RLIMIT_STACK. */
#include <emu/mm.h>
#include <emu/signal.h>
#include <emu/task.h>
#include <emu/trace.h>
#include <errno.h>

uint64_t vm_start_gap(const struct vma *vma)
{
	if (!(vma->flags & VM_GROWSDOWN))
		return vma->start;
	return vma->start > STACK_GUARD_GAP ? vma->start - STACK_GUARD_GAP : 0;
}

int expand_downwards(struct mm *mm, struct vma *vma, uint64_t addr)
{
	struct vma *prev = vma->prev;
	uint64_t grow;

	addr &= PAGE_MASK;
	if (!(vma->flags & VM_GROWSDOWN) || addr >= vma->start)
		return -EFAULT;
	if (addr < MMAP_MIN_ADDR)
		return -EPERM;
	/* the gap only counts below a vma one could run into: not PROT_NONE guards */
	if (prev && !(prev->flags & VM_GROWSDOWN) && (prev->flags & (VM_READ | VM_WRITE | VM_EXEC)) &&
	    addr - prev->end < STACK_GUARD_GAP)
		return -ENOMEM;
	if (vma->end - addr > rlimit(RLIMIT_STACK))
		return -ENOMEM;
	grow = (vma->start - addr) >> PAGE_SHIFT;
	if (vma->obj) {
		if (grow > vma->pgoff)
			return -ENOMEM; /* no file page before the first */
		vma->pgoff -= grow;
	}
	trace_kernel(TRACE_MM, "stack %#lx-%#lx grows down to %#lx", (unsigned long)vma->start,
		     (unsigned long)vma->end, (unsigned long)addr);
	vma->start = addr;
	return 0;
}
