/* mseal (Linux 6.10, mm/mseal.c): a sealed vma keeps its place, size and
 * protection for the life of the mm. munmap, mremap, mmap(MAP_FIXED) over it and
 * mprotect fail with EPERM, as does advice that would discard the pages of
 * read-only private anonymous memory (Documentation/userspace-api/mseal.rst). */
#include <errno.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <sys/mman.h>

bool can_modify_mm(struct mm *mm, uint64_t start, uint64_t end)
{
	for (struct vma *vma = find_vma(mm, start); vma && vma->start < end; vma = vma->next)
		if (vma->flags & VM_SEALED)
			return false;
	return true;
}

/* Linux's is_madv_discard and is_ro_anon: the advice drops what read-only private
 * anonymous memory holds, which its seal keeps. */
bool can_modify_mm_madv(struct mm *mm, uint64_t start, uint64_t end, int advice)
{
	switch (advice) {
	case MADV_FREE: case MADV_DONTNEED: case MADV_REMOVE: case MADV_DONTFORK:
	case MADV_WIPEONFORK: case 24 /* MADV_DONTNEED_LOCKED */:
		break;
	default:
		return true;
	}
	for (struct vma *vma = find_vma(mm, start); vma && vma->start < end; vma = vma->next)
		if ((vma->flags & VM_SEALED) && !vma->obj && !(vma->flags & VM_SHARED) &&
		    !(vma->flags & VM_WRITE))
			return false;
	return true;
}

SYSCALL_DEFINE3(mseal, uint64_t, start, uint64_t, len_in, unsigned long, flags)
{
	struct mm *mm = current->mm;
	uint64_t len = PAGE_ALIGN(len_in), end = start + len;

	if (flags || (start & ~PAGE_MASK) || (len_in && !len) || end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	if (!range_is_mapped(mm, start, len, true))
		return -ENOMEM; /* checked first: nothing is sealed in part */
	return vma_modify_flags(mm, start, len, VM_SEALED, 0);
}
