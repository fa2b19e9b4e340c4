/* madvise: advice is accepted; MADV_DONTNEED and MADV_FREE drop the pages, so the
 * next touch sees zeros (anonymous) or the file again (private file mapping);
 * MADV_REMOVE punches a hole in a shared mapping's file. */
#include <errno.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <sys/mman.h>

static bool known_advice(int advice)
{
	switch (advice) {
	case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
	case MADV_DONTNEED: case MADV_FREE: case MADV_REMOVE: case MADV_DONTFORK:
	case MADV_DOFORK: case MADV_MERGEABLE: case MADV_UNMERGEABLE: case MADV_HUGEPAGE:
	case MADV_NOHUGEPAGE: case MADV_DONTDUMP: case MADV_DODUMP: case MADV_WIPEONFORK:
	case MADV_KEEPONFORK: case MADV_COLD: case MADV_PAGEOUT:
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
	if (advice == MADV_DONTNEED || advice == MADV_FREE) {
		for (struct vma *vma = find_vma(mm, addr); vma && vma->start < addr + len;
		     vma = vma->next)
			if (vma->flags & VM_SHARED)
				return advice == MADV_FREE ? -EINVAL : 0; /* shared pages stay */
		mm_zap_range(mm, addr, addr + len);
	}
	return fork_advice(mm, addr, len, advice);
}
