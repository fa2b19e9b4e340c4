/* Page faults: what Linux's handle_mm_fault does, called from the TLB-fill hook
 * (guest accesses) and from the user-copy routines (kernel accesses). */
#include <emu/cgroup.h>
#include <emu/mm.h>
#include <emu/task.h>
#include <emu/timeline.h>
#include <emu/trace.h>
#include <emu/userfaultfd.h>
#include <string.h>

static bool vma_allows(const struct vma *vma, enum access access)
{
	switch (access) {
	case ACCESS_WRITE: return vma->flags & VM_WRITE;
	case ACCESS_EXEC: return vma->flags & VM_EXEC;
	default: return vma->flags & (VM_READ | VM_WRITE | VM_EXEC);
	}
}

static bool pte_allows(pte_t pte, enum access access)
{
	switch (access) {
	case ACCESS_WRITE: return pte & PTE_WRITE;
	case ACCESS_EXEC: return pte & PTE_EXEC;
	default: return pte & PTE_READ;
	}
}

/* A write to a present read-only page of a writable private vma: copy-on-write.
 * The last user of an anonymous page takes it over instead of copying it. */
static enum fault_result do_wp_page(struct mm *mm, struct vma *vma, uint64_t va, pte_t *pte)
{
	pfn_t old = pte_pfn(*pte);

	if (frame_refcount(old) == 1) {
		*pte = mk_pte(old, vma_pte_perms(vma, old));
		mm->cow_reuses++;
		trace_kernel(TRACE_MM, "cow reuse va=%#lx frame %u (last user)", (unsigned long)va, old);
		timeline_cow(va, false);
		return FAULT_OK;
	}
	pfn_t new = frame_alloc();
	if (!new)
		return FAULT_OOM;
	if (mem_cgroup_charge(new, mm, MEMCG_ANON, vma->flags & VM_DROPPABLE)) {
		frame_put(new);
		return FAULT_OOM;
	}
	memcpy(frame_ptr(new), frame_ptr(old), PAGE_SIZE);
	frame_put(old);
	*pte = mk_pte(new, vma_pte_perms(vma, new));
	mm->cow_copies++;
	trace_kernel(TRACE_MM, "cow copy va=%#lx frame %u -> %u", (unsigned long)va, old, new);
	timeline_cow(va, true);
	return FAULT_OK;
}

/* A page of a file or shared object; a private write gets its own copy at once. */
static enum fault_result do_object_page(struct mm *mm, struct vma *vma, uint64_t va,
					enum access access, pte_t *pte)
{
	uint64_t index = vma->pgoff + ((va - vma->start) >> PAGE_SHIFT);
	pfn_t pfn = mobj_page(vma->obj, index);

	if (!pfn)
		return index >= PAGE_ALIGN(mobj_size(vma->obj)) >> PAGE_SHIFT ? FAULT_SIGBUS
									      : FAULT_OOM;
	frame_get(pfn);
	*pte = mk_pte(pfn, vma_pte_perms(vma, pfn));
	mm->faults_file++;
	trace_kernel(TRACE_MM, "fault va=%#lx: page %lu of %s, page-cache frame %u", (unsigned long)va,
		     (unsigned long)index, mobj_name(vma->obj), pfn);
	if (access == ACCESS_WRITE && !(vma->flags & VM_SHARED))
		return do_wp_page(mm, vma, va, pte);
	return FAULT_OK;
}

/* Linux's ZERO_PAGE: one frame of zeroes, mapped read-only wherever private
 * anonymous memory is read before it is written. It is never freed (the extra
 * reference keeps its count above 1, so a write always copies it). */
static pfn_t zero_pfn;

pfn_t get_zero_page(void)
{
	if (!zero_pfn)
		zero_pfn = frame_alloc();
	return zero_pfn;
}

static enum fault_result do_anonymous_page(struct mm *mm, struct vma *vma, uint64_t va,
					 enum access access, pte_t *pte)
{
	if (access != ACCESS_WRITE && !(vma->flags & VM_SHARED) && get_zero_page()) {
		frame_get(zero_pfn);
		*pte = mk_pte(zero_pfn, vma_pte_perms(vma, zero_pfn));
		mm->faults_zero++;
		trace_kernel(TRACE_MM, "fault va=%#lx: read of untouched memory, zero page %u",
			     (unsigned long)va, zero_pfn);
		return FAULT_OK;
	}
	pfn_t pfn = frame_alloc();

	if (!pfn)
		return FAULT_OOM;
	/* hugetlb pages are the pool's, not a group's (Linux charges them apart) */
	if (!(vma->flags & VM_HUGETLB) &&
	    mem_cgroup_charge(pfn, mm, MEMCG_ANON, vma->flags & VM_DROPPABLE)) {
		frame_put(pfn);
		return FAULT_OOM;
	}
	*pte = mk_pte(pfn, vma_pte_perms(vma, pfn));
	mm->faults_zero++;
	trace_kernel(TRACE_MM, "fault va=%#lx: zero page, frame %u", (unsigned long)va, pfn);
	return FAULT_OK;
}

/* user: the guest's own access, which may sleep for a userfaultfd. */
static enum fault_result do_mm_fault(struct mm *mm, uint64_t va, enum access access, pte_t *out,
				     bool user)
{
	struct vma *vma = find_vma(mm, va);
	enum fault_result ret = FAULT_OK;

	if (!vma || (vma->start > va && expand_downwards(mm, vma, va)))
		return FAULT_MAPERR;
	if (!vma_allows(vma, access))
		return FAULT_ACCERR;
	pte_t *pte = pte_alloc(&mm->pgd, va);
	if (!pte)
		return FAULT_OOM;
	if (pte_is_guard(*pte))
		return FAULT_MAPERR; /* Linux's VM_FAULT_SIGSEGV: SEGV_MAPERR */
	if (!(*pte & PTE_PRESENT) && userfaultfd_missing(vma) && userfaultfd_page_missing(vma, va))
		return handle_userfault(vma, va, access, user);
	if (!(*pte & PTE_PRESENT))
		ret = vma->obj ? do_object_page(mm, vma, va, access, pte)
			       : do_anonymous_page(mm, vma, va, access, pte);
	else if (!pte_allows(*pte, access) && access == ACCESS_WRITE)
		ret = do_wp_page(mm, vma, va, pte);
	if (ret == FAULT_OK)
		*out = *pte;
	return ret;
}

enum fault_result handle_mm_fault(struct mm *mm, uint64_t va, enum access access, pte_t *out)
{
	return do_mm_fault(mm, va, access, out, true);
}

enum fault_result handle_kernel_fault(struct mm *mm, uint64_t va, enum access access, pte_t *out)
{
	return do_mm_fault(mm, va, access, out, false);
}

static unsigned pte_access(pte_t pte)
{
	return ((pte & PTE_READ) ? ACCESS_READ : 0) | ((pte & PTE_WRITE) ? ACCESS_WRITE : 0) |
	       ((pte & PTE_EXEC) ? ACCESS_EXEC : 0);
}

/* The machine's TLB miss (emu/arch.h): a walk of mm's table, and handle_mm_fault
 * when the pte does not allow the access. */
enum fault_result tlb_fill(struct mm *mm, uint64_t va, enum access access, pfn_t *pfn,
			   unsigned *prot)
{
	pte_t pte, *p;

	if (!mm || va >= TASK_SIZE)
		return FAULT_MAPERR;
	p = pte_lookup(&mm->pgd, va);
	if (p && (*p & PTE_PRESENT) && pte_allows(*p, access)) {
		pte = *p;
	} else {
		mem_cgroup_oom_synchronize(); /* a failed charge of a system call's is not this one's */
		enum fault_result r = handle_mm_fault(mm, va, access, &pte);
		/* a group's limit already chose its victim: not the machine's OOM killer */
		if (r == FAULT_OOM && !mem_cgroup_oom_synchronize() && out_of_memory(mm))
			r = handle_mm_fault(mm, va, access, &pte);
		if (r != FAULT_OK)
			return r;
		if (current)
			current->acct.min_flt++;
	}
	if (pte & PTE_EXEC)
		frame_mark_code(pte_pfn(pte));
	*pfn = pte_pfn(pte);
	*prot = pte_access(pte);
	return FAULT_OK;
}
