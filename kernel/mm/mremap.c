/* mremap: shrink, grow in place, or move the page-table entries to a new place
 * (Linux's move_page_tables): no page is copied. MREMAP_DONTUNMAP moves the
 * pages but leaves the old range mapped and empty: it refaults as zeroes
 * (private anonymous) or from its object (shared, file). */
#include <errno.h>
#include <emu/arch.h>
#include <emu/mm.h>
#include <emu/syscall.h>
#include <emu/task.h>
#include <emu/userfaultfd.h>
#include <sys/mman.h>

struct move_arg {
	struct mm *mm;
	int64_t delta;
	bool failed;
};

static void move_pte(pte_t *pte, uint64_t va, void *arg)
{
	struct move_arg *m = arg;
	pte_t *dst = pte_alloc(&m->mm->pgd, va + m->delta);

	if (!dst) {
		m->failed = true;
		return;
	}
	*dst = *pte;
	*pte = 0;
}

static long move_vma(struct mm *mm, struct vma *vma, uint64_t old, uint64_t old_len,
		     uint64_t new, uint64_t new_len, int mflags)
{
	uint64_t vstart = vma->start, vend = vma->end;
	struct move_arg arg = { mm, (int64_t)(new - old), false };
	uint64_t pgoff = vma->pgoff + ((old - vma->start) >> PAGE_SHIFT);
	struct mobj *obj = vma->obj;
	struct userfaultfd_ctx *uctx = vma->uffd_ctx;
	unsigned flags = vma->flags;
	long err;

	if (obj)
		mobj_get(obj);
	/* the new range is registered only if its handler hears of it (REMAP) */
	err = vma_map(mm, new, new_len, flags & ~VM_UFFD_MISSING, obj, pgoff);
	if (obj)
		mobj_put(obj);
	if (err)
		return err;
	pgtable_walk(&mm->pgd, old, old + old_len, move_pte, &arg);
	if (mm->has_guards) /* they move too */
		pgtable_walk_guards(&mm->pgd, old, old + old_len, move_pte, &arg);
	if (userfaultfd_remap(uctx, old, new, old_len))
		vma_set_userfaultfd(mm, new, new + new_len, uctx, VM_UFFD_MISSING);
	if (mflags & MREMAP_DONTUNMAP) /* Linux unlocks the whole old vma */
		vma_modify_flags(mm, vstart, vend - vstart, 0, VM_LOCKED);
	else
		vma_unmap(mm, old, old_len); /* its ptes are gone: nothing is freed twice */
	flush_tlb_all();
	return arg.failed ? -ENOMEM : (long)new;
}

/* Linux's mremap_to: new_addr is checked (and, without MREMAP_FIXED, a hint) before
 * the old range is looked up, so a bad new_addr is EINVAL even for unmapped memory. */
static long mremap_to(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t new_addr,
		      uint64_t new_len, int flags)
{
	struct vma *vma;
	uint64_t new = new_addr;

	if ((new_addr & ~PAGE_MASK) || new_len > TASK_SIZE || new_addr > TASK_SIZE - new_len ||
	    (new_addr < old + old_len && old < new_addr + new_len))
		return -EINVAL;
	vma = vma_at(mm, old);
	if (!vma || old + old_len > vma->end)
		return -EFAULT;
	if (vma->flags & VM_HUGETLB)
		return -EINVAL; /* emu does not move huge pages (Linux before 5.16) */
	if (!(flags & MREMAP_FIXED) && !(new = get_unmapped_area(mm, new_addr, new_len)))
		return -ENOMEM;
	return move_vma(mm, vma, old, old_len < new_len ? old_len : new_len, new, new_len, flags);
}

static long do_mremap(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t new_len,
		      int flags, uint64_t new_addr);

SYSCALL_DEFINE5(mremap, uint64_t, old, uint64_t, old_len, uint64_t, new_len, int, flags,
		uint64_t, new_addr)
{
	return userfaultfd_event_wait(do_mremap(current->mm, old, old_len, new_len, flags, new_addr));
}

static long do_mremap(struct mm *mm, uint64_t old, uint64_t old_len, uint64_t new_len,
		      int flags, uint64_t new_addr)
{
	struct vma *vma;

	if ((old & ~PAGE_MASK) || (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	/* DONTUNMAP always moves and never resizes (Linux 6.17 on compares the rounded
	 * lengths; before, the raw ones) */
	if ((flags & MREMAP_DONTUNMAP) && (!(flags & MREMAP_MAYMOVE) || old_len != new_len))
		return -EINVAL;
	if (!new_len || !old_len)
		return -EINVAL;
	if (!can_modify_mm(mm, old, old + old_len))
		return -EPERM; /* sealed (mseal) */
	if (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP))
		return mremap_to(mm, old, old_len, new_addr, new_len, flags);
	vma = vma_at(mm, old);
	if (!vma || old + old_len > vma->end)
		return -EFAULT;
	if (vma->flags & VM_HUGETLB)
		return -EINVAL; /* Linux's vma_to_resize: a huge page vma keeps its size */
	if (new_len <= old_len) {
		if (new_len < old_len)
			vma_unmap(mm, old + new_len, old_len - new_len);
		return old;
	}
	if (old + old_len == vma->end && new_len - old_len <= TASK_SIZE - vma->end &&
	    !range_is_mapped(mm, vma->end, new_len - old_len, false)) {
		uint64_t pgoff = vma->pgoff + ((vma->end - vma->start) >> PAGE_SHIFT);
		long err = vma_map(mm, vma->end, new_len - old_len, vma->flags & ~VM_UFFD_MISSING,
				   vma->obj, pgoff);
		return err ? err : (long)old;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	uint64_t new = get_unmapped_area(mm, 0, new_len);
	return new ? move_vma(mm, vma, old, old_len, new, new_len, flags) : -ENOMEM;
}
