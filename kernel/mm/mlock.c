/* mlock, munlock, mlock2, mlockall, munlockall, mincore: Linux's mm/mlock.c and
 * mm/mincore.c. emu never swaps, so every page is as good as locked: the calls
 * check their arguments as Linux does and succeed; mincore reports which pages are
 * present in the page table. */
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

static long check_range(uint64_t start, uint64_t len)
{
	uint64_t end = PAGE_ALIGN(start + len);

	start &= PAGE_MASK;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	return range_is_mapped(current->mm, start, end - start, true) ? 0 : -ENOMEM;
}

SYSCALL_DEFINE2(mlock, uint64_t, start, uint64_t, len) { return check_range(start, len); }
SYSCALL_DEFINE2(munlock, uint64_t, start, uint64_t, len) { return check_range(start, len); }

SYSCALL_DEFINE3(mlock2, uint64_t, start, uint64_t, len, int, flags)
{
	return flags & ~MLOCK_ONFAULT ? -EINVAL : check_range(start, len);
}

SYSCALL_DEFINE1(mlockall, int, flags)
{
	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) || flags == MCL_ONFAULT)
		return -EINVAL;
	return 0;
}

SYSCALL_DEFINE0(munlockall) { return 0; }

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
