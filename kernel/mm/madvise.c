/* madvise: advice is accepted; MADV_DONTNEED and MADV_FREE drop the pages, so the
 * next touch sees zeros (anonymous) or the file again (private file mapping);
 * MADV_REMOVE punches a hole in a shared mapping's file. MADV_GUARD_INSTALL and
 * MADV_GUARD_REMOVE (Linux 6.13) put and take guard markers (PTE_GUARD): an access
 * to such a page is SIGSEGV. */
#include <errno.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/userfaultfd.h>
#include <sys/mman.h>

#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102 /* Linux 6.13's <asm-generic/mman-common.h> */
#define MADV_GUARD_REMOVE 103
#endif

static bool known_advice(int advice)
{
	switch (advice) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
	case MADV_DONTNEED: case MADV_FREE: case MADV_REMOVE: case MADV_DONTFORK:
	case MADV_DOFORK: case MADV_MERGEABLE: case MADV_UNMERGEABLE: case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE: case MADV_DONTDUMP: case MADV_DODUMP: case MADV_WIPEONFORK:
	case MADV_KEEPONFORK: case MADV_COLD: case MADV_PAGEOUT: case MADV_GUARD_INSTALL:
	case MADV_GUARD_REMOVE:
		return true;
	default:
		return false;
	}
}

/* What a fork copies and a core dump keeps: MADV_DONTFORK leaves the range out of
 * the child, MADV_WIPEONFORK (private anonymous memory only) gives the child
 * zeroes, MADV_DONTDUMP leaves it out of a core file. */
static long fork_advice(struct mm *mm, uint64_t addr, uint64_t len, int advice)
{
	switch (advice) {
	case MADV_DONTFORK: return vma_modify_flags(mm, addr, len, VM_DONTCOPY, 0);
	case MADV_DOFORK: return vma_modify_flags(mm, addr, len, 0, VM_DONTCOPY);
	case MADV_KEEPONFORK: return vma_modify_flags(mm, addr, len, 0, VM_WIPEONFORK);
	case MADV_DONTDUMP: return vma_modify_flags(mm, addr, len, VM_DONTDUMP, 0);
	case MADV_DODUMP: return vma_modify_flags(mm, addr, len, 0, VM_DONTDUMP);
	case MADV_WIPEONFORK:
		for (struct vma *vma = find_vma(mm, addr); vma && vma->start < addr + len; vma = vma->next)
			if (vma->obj || (vma->flags & VM_SHARED))
				return -EINVAL;
		return vma_modify_flags(mm, addr, len, VM_WIPEONFORK, 0);
	default:
		return 0;
	}
}

/* MADV_REMOVE (Linux's madvise_remove): the file's pages behind a shared writable
 * mapping are freed, a hole punched, so every mapping and read sees zeros. */
static long madvise_remove(struct mm *mm, uint64_t addr, uint64_t len)
{
	for (struct vma *vma = find_vma(mm, addr); vma && vma->start < addr + len; vma = vma->next) {
		uint64_t start = addr > vma->start ? addr : vma->start;
		uint64_t end = addr + len < vma->end ? addr + len : vma->end;
		if (!vma->obj)
			return -EINVAL;
		if (!(vma->flags & (VM_WRITE | VM_MAYWRITE)))
			return -EACCES;
		long err = mobj_punch_hole(vma->obj, (vma->pgoff << PAGE_SHIFT) + (start - vma->start),
					   end - start);
		if (err)
			return err;
	}
	return 0;
}

/* Linux's is_valid_guard_vma: not huge pages, and not locked when installing (that
 * would drop locked pages). 6.13 took only anonymous memory; 6.15 on, as here and
 * on the kernels the tests compare with, file and shared mappings too. */
static bool is_valid_guard_vma(const struct vma *vma, bool allow_locked)
{
	unsigned disallowed = VM_HUGETLB | (allow_locked ? 0 : VM_LOCKED);

	return !(vma->flags & disallowed);
}

static void drop_guard(pte_t *pte, uint64_t va, void *arg)
{
	*pte = 0;
}

/* The pages go (as MADV_DONTNEED's) and markers take their place. */
static long guard_advice(struct mm *mm, uint64_t addr, uint64_t len, bool install)
{
	for (struct vma *vma = find_vma(mm, addr); vma && vma->start < addr + len; vma = vma->next)
		if (!is_valid_guard_vma(vma, !install))
			return -EINVAL;
	if (!install) {
		if (mm->has_guards)
			pgtable_walk_guards(&mm->pgd, addr, addr + len, drop_guard, NULL);
		return 0;
	}
	mm_zap_range(mm, addr, addr + len);
	mm->has_guards = true;
	for (uint64_t va = addr; va < addr + len; va += PAGE_SIZE) {
		pte_t *pte = pte_alloc(&mm->pgd, va);
		if (!pte)
			return -ENOMEM;
		*pte = PTE_GUARD;
	}
	return 0;
}

SYSCALL_DEFINE3(madvise, uint64_t, addr, uint64_t, len, int, advice)
{
	struct mm *mm = current->mm;

	if ((addr & ~PAGE_MASK) || !known_advice(advice))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return 0;
	if (addr + len < addr || addr + len > TASK_SIZE)
		return -EINVAL;
	if (!can_modify_mm_madv(mm, addr, addr + len, advice))
		return -EPERM; /* before the vmas are walked, as Linux 6.10 */
	if (!range_is_mapped(mm, addr, len, true))
		return -ENOMEM;
	for (struct vma *vma = find_vma(mm, addr); vma && vma->start < addr + len; vma = vma->next) {
		if ((advice == MADV_DONTNEED || advice == MADV_FREE || advice == MADV_REMOVE) &&
		    (vma->flags & VM_LOCKED))
			return -EINVAL; /* locked pages may not be dropped */
		if (advice == MADV_REMOVE && !(vma->flags & VM_SHARED))
			return -EINVAL; /* only a shared mapping can punch its file */
	}
	if (advice == MADV_REMOVE)
		return madvise_remove(mm, addr, len);
	if (advice == MADV_GUARD_INSTALL || advice == MADV_GUARD_REMOVE)
		return guard_advice(mm, addr, len, advice == MADV_GUARD_INSTALL);
	if (advice == MADV_DONTNEED || advice == MADV_FREE) {
		for (struct vma *vma = find_vma(mm, addr); vma && vma->start < addr + len;
		     vma = vma->next)
			if (vma->flags & VM_SHARED)
				return advice == MADV_FREE ? -EINVAL : 0; /* shared pages stay */
		for (struct vma *vma = find_vma(mm, addr); vma && vma->start < addr + len;
		     vma = vma->next)
			userfaultfd_remove(vma, addr, addr + len);
		mm_zap_range(mm, addr, addr + len);
		return userfaultfd_event_wait(fork_advice(mm, addr, len, advice));
	}
	return fork_advice(mm, addr, len, advice);
}
