/* The page fills of userfaultfd: Linux's mm/userfaultfd.c. UFFDIO_COPY and
 * UFFDIO_ZEROPAGE (kernel/fs/userfaultfd.c) map pages where a registered range has
 * none: a copy of the caller's, the zero page, or (shared memory) a new page of
 * the object that every mapping sees. */
#include <emu/cgroup.h>
#include <emu/mm.h>
#include <emu/userfaultfd.h>
#include <errno.h>
#include <string.h>

/* A page of shared memory at dst: src's bytes (src 0: zeroes) into a new page of
 * the object, which every mapping of it then sees (Linux's shmem_mfill_atomic_pte). */
static long mfill_shmem_page(struct vma *vma, uint64_t dst, uint64_t src, pfn_t *out)
{
	uint64_t index = vma->pgoff + ((dst - vma->start) >> PAGE_SHIFT);
	static char buf[PAGE_SIZE];

	if (mobj_find_page(vma->obj, index))
		return -EEXIST;
	if (src && copy_from_user(buf, src, PAGE_SIZE))
		return -EFAULT;
	if (!(*out = mobj_page(vma->obj, index))) /* zeroed */
		return -ENOMEM;
	if (src)
		memcpy(frame_ptr(*out), buf, PAGE_SIZE);
	frame_get(*out);
	return 0;
}

/* One page at dst of mm: a copy of src's page (src 0: the zero page).
 * -ENOENT where dst is not in a registered vma, -EEXIST where a page is. */
static long mfill_atomic_pte(struct mm *mm, uint64_t dst, uint64_t src)
{
	struct vma *vma = vma_at(mm, dst);
	pfn_t pfn;
	pte_t *pte;
	long err;

	if (!vma || !vma->uffd_ctx)
		return -ENOENT;
	if (!(pte = pte_alloc(&mm->pgd, dst)))
		return -ENOMEM;
	if (*pte & (PTE_PRESENT | PTE_GUARD))
		return -EEXIST;
	if (vma->obj) {
		if ((err = mfill_shmem_page(vma, dst, src, &pfn)))
			return err;
	} else if (!src) {
		if (!(pfn = get_zero_page()))
			return -ENOMEM;
		frame_get(pfn);
	} else {
		if (!(pfn = frame_alloc()))
			return -ENOMEM;
		if (copy_from_user(frame_ptr(pfn), src, PAGE_SIZE)) {
			frame_put(pfn);
			return -EFAULT;
		}
		/* charged as a fault's anonymous page is (do_anonymous_page) */
		if (mem_cgroup_charge(pfn, mm, MEMCG_ANON, vma->flags & VM_DROPPABLE)) {
			frame_put(pfn);
			return -ENOMEM;
		}
	}
	*pte = mk_pte(pfn, vma_pte_perms(vma, pfn));
	return 0;
}

long mfill_atomic(struct mm *mm, uint64_t dst, uint64_t src, uint64_t len)
{
	uint64_t done = 0;
	long err = 0;

	if (!vma_at(mm, dst) || !vma_at(mm, dst + len - 1) || vma_at(mm, dst) != vma_at(mm, dst + len - 1))
		return -ENOENT; /* the range is one registered vma (find_dst_vma) */
	while (done < len && !err) {
		err = mfill_atomic_pte(mm, dst + done, src ? src + done : 0);
		if (!err)
			done += PAGE_SIZE;
	}
	return done ? (long)done : err;
}

