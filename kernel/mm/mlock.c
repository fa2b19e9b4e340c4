/* mlock, munlock, mlock2, mlockall, munlockall, mincore: Linux's mm/mlock.c and
 * mm/mincore.c. emu never swaps, so every page is as good as locked: the calls
 * check their arguments as Linux does and mark the vmas VM_LOCKED (VmLck in
 * /proc/PID/status, madvise's EINVAL); mincore reports which pages are present. */
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <errno.h>
#include <sys/mman.h>

#ifndef MCL_ONFAULT
#define MCL_ONFAULT 4
#endif
#ifndef MLOCK_ONFAULT
#define MLOCK_ONFAULT 1
#endif

/* Sets or clears VM_LOCKED over [start, start+len), widened to pages. */
static long do_mlock(uint64_t start, uint64_t len, bool lock)
{
	uint64_t end = PAGE_ALIGN(start + len);

	start &= PAGE_MASK;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	if (!range_is_mapped(current->mm, start, end - start, true))
		return -ENOMEM;
	return vma_modify_flags(current->mm, start, end - start, lock ? VM_LOCKED : 0,
				lock ? 0 : VM_LOCKED);
}

SYSCALL_DEFINE2(mlock, uint64_t, start, uint64_t, len) { return do_mlock(start, len, true); }
SYSCALL_DEFINE2(munlock, uint64_t, start, uint64_t, len) { return do_mlock(start, len, false); }

SYSCALL_DEFINE3(mlock2, uint64_t, start, uint64_t, len, int, flags)
{
	return flags & ~MLOCK_ONFAULT ? -EINVAL : do_mlock(start, len, true);
}

/* Every vma of current's mm locked (lock) or unlocked. */
static void lock_all(bool lock)
{
	struct mm *mm = current->mm;

	if (mm->mmap)
		vma_modify_flags(mm, mm->mmap->start, TASK_SIZE - mm->mmap->start,
				 lock ? VM_LOCKED : 0, lock ? 0 : VM_LOCKED);
}

SYSCALL_DEFINE1(mlockall, int, flags)
{
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
		return -EINVAL;
	if (flags & MCL_CURRENT)
		lock_all(true);
	return 0;
}

SYSCALL_DEFINE0(munlockall)
{
	lock_all(false);
	return 0;
}

SYSCALL_DEFINE3(mincore, uint64_t, start, uint64_t, len, uint64_t, uvec)
{
	struct mm *mm = current->mm;
	uint64_t end;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	end = PAGE_ALIGN(start + len);
	if (end < start || end > TASK_SIZE)
		return -ENOMEM;
	if (!range_is_mapped(mm, start, end - start, true))
		return -ENOMEM;
	for (uint64_t va = start; va < end; va += PAGE_SIZE) {
		pte_t *pte = pte_lookup(&mm->pgd, va);
		unsigned char in = pte && (*pte & PTE_PRESENT);
		if (copy_to_user(uvec + ((va - start) >> PAGE_SHIFT), &in, 1))
			return -EFAULT;
	}
	return 0;
}
